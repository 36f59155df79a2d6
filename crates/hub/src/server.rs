//! Starting and stopping the HTTP server.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::error::HubError;
use crate::routes::{router, AppState, Clock};
use crate::store::Store;

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

/// A hub serving in the background; dropping it does not stop it, [`RunningHub::stop`] does.
pub struct RunningHub {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    handle: JoinHandle<Result<(), std::io::Error>>,
}

impl RunningHub {
    /// Stops accepting, lets requests in flight finish, and waits for that.
    pub async fn stop(mut self) -> Result<(), HubError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.handle
            .await
            .map_err(|e| HubError::Invalid(format!("server task failed: {e}")))??;
        Ok(())
    }
}

/// Opens the store, binds the address and serves until stopped.
pub async fn start(cfg: ServeConfig) -> Result<RunningHub, HubError> {
    let store = Store::open(&cfg.data)?;
    let listener = TcpListener::bind(cfg.listen).await?;
    let addr = listener.local_addr()?;
    // TCP_NODELAY on every connection: without it the last, partial segment of a response
    // waits for the client's delayed ACK (up to 40 ms on Linux) — about 11 ms per small blob
    // on average in the sync benchmark, which made catching up on thousands of small documents
    // take half a minute.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!("cannot set TCP_NODELAY on a connection: {e}");
        }
    });
    let app = router(
        AppState {
            store,
            clock: cfg.clock,
            max_upload: cfg.max_upload,
            uploads: Default::default(),
        },
        cfg.max_body,
    );
    let (tx, rx) = oneshot::channel::<()>();
    let handle = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await
    });
    tracing::info!(%addr, data = %cfg.data.display(), "hub listening");
    Ok(RunningHub {
        addr,
        shutdown: Some(tx),
        handle,
    })
}

/// Resolves on Ctrl-C or SIGTERM.
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
