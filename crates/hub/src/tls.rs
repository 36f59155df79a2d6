//! The hub's own TLS (`serve --tls-cert --tls-key`), for a secretariat without a reverse proxy.
//!
//! rustls with the ring provider (no cmake or C++ build, unlike aws-lc-rs). The certificate sits
//! behind a resolver that can be swapped while serving ([`TlsReloader::reload`], on SIGHUP), so a
//! renewed certificate takes effect for new connections without a restart and without dropping
//! the ones open (long polls included). A reload that fails keeps the old certificate.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use rustls::ServerConfig;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_rustls::server::TlsStream;
use tokio_rustls::TlsAcceptor;

use crate::error::HubError;

/// A client that has not finished its handshake by then is dropped (a slow or idle client must
/// not hold a connection slot forever).
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The PEM files: the certificate chain (leaf first) and its private key (PKCS#8, PKCS#1 or SEC1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// The certificate in use, replaceable while serving.
#[derive(Debug)]
struct Current(RwLock<Arc<CertifiedKey>>);

impl ResolvesServerCert for Current {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.0.read().unwrap_or_else(|p| p.into_inner()).clone())
    }
}

/// Re-reads the PEM files into the running server.
#[derive(Clone)]
pub struct TlsReloader {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: Arc<Current>,
}

impl TlsReloader {
    /// Loads the files again; on any error the certificate in use stays, and the error says why.
    pub fn reload(&self) -> Result<(), HubError> {
        let key = load(&self.files, &self.provider)?;
        *self.current.0.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(key);
        Ok(())
    }

    pub fn files(&self) -> &TlsFiles {
        &self.files
    }
}

/// Reads the certificate and key and builds the server configuration around them.
pub fn configure(files: TlsFiles) -> Result<(TlsAcceptor, TlsReloader), HubError> {
    // Explicitly ring: never depend on which provider another crate in the build enabled.
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let current = Arc::new(Current(RwLock::new(Arc::new(load(&files, &provider)?))));
    let mut config = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| HubError::Invalid(format!("TLS configuration: {e}")))?
        .with_no_client_auth()
        .with_cert_resolver(current.clone());
    // The hub speaks HTTP/1.1 only (long polls and streamed uploads need nothing more).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok((
        TlsAcceptor::from(Arc::new(config)),
        TlsReloader {
            files,
            provider,
            current,
        },
    ))
}

fn load(files: &TlsFiles, provider: &CryptoProvider) -> Result<CertifiedKey, HubError> {
    let bad = |path: &Path, what: &str, e: &dyn std::fmt::Display| {
        HubError::Invalid(format!("{}: {what}: {e}", path.display()))
    };
    let chain = CertificateDer::pem_file_iter(&files.cert)
        .map_err(|e| bad(&files.cert, "cannot read the certificate", &e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(&files.cert, "not a PEM certificate chain", &e))?;
    if chain.is_empty() {
        return Err(HubError::Invalid(format!(
            "{}: no certificate in the file (expected -----BEGIN CERTIFICATE-----)",
            files.cert.display()
        )));
    }
    let key = PrivateKeyDer::from_pem_file(&files.key)
        .map_err(|e| bad(&files.key, "not a PEM private key", &e))?;
    // Also checks that the key belongs to the certificate (a common mistake when renewing).
    CertifiedKey::from_der(chain, key, provider).map_err(|e| {
        HubError::Invalid(format!(
            "{} with {}: {e}",
            files.cert.display(),
            files.key.display()
        ))
    })
}

/// Accepts TCP connections and hands axum only those that completed the TLS handshake. Each
/// handshake runs in its own task, so a slow client does not hold up the others.
pub struct TlsListener {
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl TlsListener {
    pub fn new(tcp: TcpListener, acceptor: TlsAcceptor) -> std::io::Result<Self> {
        let local = tcp.local_addr()?;
        let (tx, ready) = mpsc::channel(64);
        tokio::spawn(async move {
            loop {
                // When the server stops it drops the listener; then stop accepting too, which
                // closes the port.
                let accepted = tokio::select! {
                    () = tx.closed() => return,
                    accepted = tcp.accept() => accepted,
                };
                let (conn, peer) = match accepted {
                    Ok(c) => c,
                    Err(e) => {
                        tracing::warn!("cannot accept a connection: {e}");
                        // Out of file descriptors and the like: do not spin.
                        tokio::time::sleep(Duration::from_millis(200)).await;
                        continue;
                    }
                };
                // See server.rs: no delayed-ACK wait on a response's last segment.
                if let Err(e) = conn.set_nodelay(true) {
                    tracing::warn!("cannot set TCP_NODELAY on a connection: {e}");
                }
                let (acceptor, tx) = (acceptor.clone(), tx.clone());
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(conn)).await {
                        Ok(Ok(tls)) => {
                            let _ = tx.send((tls, peer)).await;
                        }
                        // Info, not debug: "my app says the certificate is not trusted" is
                        // answered by this line (e.g. "received fatal alert: UnknownCA").
                        Ok(Err(e)) => tracing::info!(%peer, "TLS handshake failed: {e}"),
                        Err(_) => tracing::info!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener { ready, local })
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(conn) => conn,
            // The accept task ended (it only does when the server stops).
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        Ok(self.local)
    }
}
