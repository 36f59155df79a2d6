//! Starting and stopping the HTTP server.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::HubError;
#[cfg(feature = "server-ops")]
use crate::metrics::Metrics;
use crate::routes::{router, AppState, Clock};
use crate::store::Store;
#[cfg(feature = "server-ops")]
use crate::tls::{TlsFiles, TlsListener, TlsReloader};

/// Largest request body by default (`--max-body`).
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;
/// Default upload limit: 200 MiB, above any agenda's material seen in practice.
pub const DEFAULT_MAX_UPLOAD: u64 = 200 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub data: PathBuf,
    pub listen: SocketAddr,
    pub max_body: usize,
    /// The largest file the secretariat may upload (`PUT /v1/blobs/{sha256}`), in bytes.
    pub max_upload: u64,
    pub clock: Clock,
}

/// What a production hub adds to [`ServeConfig`] (`serve`'s flags and hub.toml); none of it by
/// default, so tests and the app's built-in demo hub serve plain HTTP on loopback. Without the
/// `server-ops` feature (the app's build) there is nothing to add.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Serve HTTPS with these PEM files instead of HTTP.
    #[cfg(feature = "server-ops")]
    pub tls: Option<TlsFiles>,
    /// Serve `GET /metrics` on this separate address (see [`crate::metrics`]).
    #[cfg(feature = "server-ops")]
    pub metrics_listen: Option<SocketAddr>,
}

/// A hub serving in the background; dropping it does not stop it, [`RunningHub::stop`] does.
pub struct RunningHub {
    pub addr: SocketAddr,
    /// Where `/metrics` is served, when it is.
    pub metrics_addr: Option<SocketAddr>,
    #[cfg(feature = "server-ops")]
    tls: Option<TlsReloader>,
    /// `true` stops the servers (so does dropping it, as the oneshot it replaced did).
    shutdown: watch::Sender<bool>,
    handle: JoinHandle<Result<(), std::io::Error>>,
}

impl RunningHub {
    /// `https` when serving TLS of its own, else `http`.
    pub fn scheme(&self) -> &'static str {
        #[cfg(feature = "server-ops")]
        if self.tls.is_some() {
            return "https";
        }
        "http"
    }

    /// Re-reads the certificate and key (on SIGHUP). On an error the certificate in use stays.
    /// Without TLS there is nothing to reload: `Ok(false)`.
    #[cfg(feature = "server-ops")]
    pub fn reload_tls(&self) -> Result<bool, HubError> {
        match &self.tls {
            Some(tls) => tls.reload().map(|()| true),
            None => Ok(false),
        }
    }

    /// Stops accepting, lets requests in flight finish, and waits for that.
    pub async fn stop(self) -> Result<(), HubError> {
        let _ = self.shutdown.send(true);
        self.handle
            .await
            .map_err(|e| HubError::Invalid(format!("server task failed: {e}")))??;
        Ok(())
    }
}

/// Starts `blobs::record_blake3` in the background for the blobs stored before the hub recorded
/// their BLAKE3: reading every such file would otherwise hold up an upgraded hub's start. Which
/// blobs is read before the start returns (one query of the blobs table), so a hub with none
/// starts no task.
fn record_missing_blake3(store: &Store) -> Result<(), HubError> {
    let missing = store.read(crate::store::blobs_without_blake3)?;
    if missing.is_empty() {
        return Ok(());
    }
    let store = store.clone();
    tokio::task::spawn_blocking(move || match crate::blobs::record_blake3(&store, missing) {
        Ok(0) => {}
        Ok(n) => tracing::info!(blobs = n, "recorded the BLAKE3 digest of older blobs"),
        Err(e) => tracing::warn!(error = %e, "could not record the BLAKE3 digest of older blobs"),
    });
    Ok(())
}

/// Opens the store, binds the address and serves until stopped.
pub async fn start(cfg: ServeConfig) -> Result<RunningHub, HubError> {
    start_with(cfg, ServeOptions::default()).await
}

/// [`start`] with TLS and metrics as `opts` say.
#[cfg_attr(not(feature = "server-ops"), allow(unused_variables))]
pub async fn start_with(cfg: ServeConfig, opts: ServeOptions) -> Result<RunningHub, HubError> {
    let store = Store::open(&cfg.data)?;
    // Read the certificate before binding, so a bad file fails the start with its own message.
    #[cfg(feature = "server-ops")]
    let tls = opts.tls.map(crate::tls::configure).transpose()?;
    let listener = TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| HubError::Invalid(format!("cannot listen on {}: {e}", cfg.listen)))?;
    let addr = listener.local_addr()?;
    #[cfg(feature = "server-ops")]
    let metrics = opts.metrics_listen.map(|_| Metrics::new());
    #[cfg_attr(not(feature = "server-ops"), allow(unused_mut))]
    let mut app = router(
        AppState {
            store: store.clone(),
            clock: cfg.clock,
            max_upload: cfg.max_upload,
            uploads: Default::default(),
        },
        cfg.max_body,
    );
    #[cfg(feature = "server-ops")]
    if let Some(m) = &metrics {
        app = app.layer(axum::middleware::from_fn_with_state(
            m.clone(),
            crate::metrics::track,
        ));
    }
    let app = crate::telemetry::layer(app);
    record_missing_blake3(&store)?;
    let (tx, stopped) = watch::channel(false);
    #[cfg_attr(not(feature = "server-ops"), allow(unused_mut))]
    let mut metrics_addr = None;
    #[cfg(feature = "server-ops")]
    if let (Some(m), Some(at)) = (metrics, opts.metrics_listen) {
        let metrics_listener = TcpListener::bind(at)
            .await
            .map_err(|e| HubError::Invalid(format!("cannot listen for metrics on {at}: {e}")))?;
        metrics_addr = Some(metrics_listener.local_addr()?);
        let upkeep = m.clone();
        let mut until = stopped.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(std::time::Duration::from_secs(5));
            loop {
                tokio::select! {
                    _ = every.tick() => upkeep.upkeep(),
                    _ = until.wait_for(|stop| *stop) => return,
                }
            }
        });
        let metrics_app = crate::metrics::router(m, store);
        let mut until = stopped.clone();
        tokio::spawn(async move {
            let served = axum::serve(metrics_listener, metrics_app)
                .with_graceful_shutdown(async move {
                    let _ = until.wait_for(|stop| *stop).await;
                })
                .await;
            if let Err(e) = served {
                tracing::error!("the metrics listener stopped: {e}");
            }
        });
    }
    #[cfg(feature = "server-ops")]
    let reloader = tls.as_ref().map(|(_, r)| r.clone());
    // Without `server-ops` there is no TLS: the same code, with a `tls` that cannot be `Some`.
    #[cfg(not(feature = "server-ops"))]
    let reloader: Option<()> = None;
    #[cfg(not(feature = "server-ops"))]
    let tls: Option<(std::convert::Infallible, ())> = None;
    let mut until = stopped;
    let shutdown = async move {
        let _ = until.wait_for(|stop| *stop).await;
    };
    let handle = match tls {
        #[cfg(feature = "server-ops")]
        Some((acceptor, _)) => {
            let listener = TlsListener::new(listener, acceptor)?;
            tokio::spawn(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
            })
        }
        #[cfg(not(feature = "server-ops"))]
        Some((never, ())) => match never {},
        None => {
            // TCP_NODELAY on every connection: without it the last, partial segment of a
            // response waits for the client's delayed ACK (up to 40 ms on Linux) — about 11 ms
            // per small blob on average in the sync benchmark, which made catching up on
            // thousands of small documents take half a minute.
            let listener = listener.tap_io(|tcp| {
                if let Err(e) = tcp.set_nodelay(true) {
                    tracing::warn!("cannot set TCP_NODELAY on a connection: {e}");
                }
            });
            tokio::spawn(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(shutdown)
                    .await
            })
        }
    };
    let scheme = if reloader.is_some() { "https" } else { "http" };
    tracing::info!(%addr, scheme, data = %cfg.data.display(), "hub listening");
    if let Some(at) = metrics_addr {
        tracing::info!(addr = %at, "metrics at http://{at}/metrics");
    }
    if reloader.is_none() && !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "serving plain HTTP on a network address: members' tokens cross the network \
             unencrypted; serve with --tls-cert/--tls-key or behind a TLS proxy"
        );
    }
    Ok(RunningHub {
        addr,
        metrics_addr,
        #[cfg(feature = "server-ops")]
        tls: reloader,
        shutdown: tx,
        handle,
    })
}

/// `styrebord-hub serve`: serves until Ctrl-C or SIGTERM; SIGHUP reloads the TLS certificate.
/// Prints `listening on http(s)://ADDR` (and `metrics on http://ADDR/metrics`) on stdout first.
#[cfg(feature = "server-ops")]
pub fn serve(
    settings: crate::config::Resolved,
    data: PathBuf,
    clock: Clock,
) -> Result<(), HubError> {
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async move {
        // Before anything else: SIGHUP's default action would end the process.
        let mut hangups = Hangups::new();
        let hub = start_with(
            ServeConfig {
                data,
                listen: settings.listen,
                max_body: settings.max_body,
                max_upload: settings.max_upload,
                clock,
            },
            ServeOptions {
                tls: settings.tls,
                metrics_listen: settings.metrics_listen,
            },
        )
        .await?;
        println!("listening on {}://{}", hub.scheme(), hub.addr);
        if let Some(at) = hub.metrics_addr {
            println!("metrics on http://{at}/metrics");
        }
        use std::io::Write;
        std::io::stdout().flush()?;
        let stop = shutdown_signal();
        tokio::pin!(stop);
        loop {
            tokio::select! {
                () = &mut stop => break,
                () = hangups.recv() => match hub.reload_tls() {
                    Ok(true) => tracing::info!("SIGHUP: TLS certificate reloaded"),
                    Ok(false) => tracing::info!("SIGHUP: no TLS to reload"),
                    // Keep serving with the certificate that works; say why the new one does not.
                    Err(e) => tracing::error!("SIGHUP: TLS certificate not reloaded, the old one stays: {e}"),
                },
            }
        }
        tracing::info!("shutting down");
        hub.stop().await
    })
}

/// SIGHUP, the usual "reload your files" (`systemctl reload`); never arrives off Unix.
#[cfg(feature = "server-ops")]
struct Hangups {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

#[cfg(feature = "server-ops")]
impl Hangups {
    fn new() -> Self {
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
                .map_err(|e| tracing::warn!("cannot listen for SIGHUP (no TLS reload): {e}"))
                .ok();
            Hangups { signal }
        }
        #[cfg(not(unix))]
        Hangups {}
    }

    async fn recv(&mut self) {
        #[cfg(unix)]
        if let Some(s) = &mut self.signal {
            if s.recv().await.is_some() {
                return;
            }
        }
        std::future::pending::<()>().await
    }
}

/// Resolves on Ctrl-C or SIGTERM.
#[cfg(feature = "server-ops")]
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
