//! The one way this project makes an HTTP client: reqwest over rustls with *ring*, trusting what
//! the computer trusts (rustls-platform-verifier: on Linux the system's certificate store, where
//! IT installs an organisation's authority; `SSL_CERT_FILE` / `SSL_CERT_DIR` override it).
//!
//! Why rustls and not native-tls (OpenSSL): the same TLS stack as the hub's own (`serve --tls-*`),
//! a typed "certificate not trusted" error instead of OpenSSL's message text, and no OpenSSL set up
//! in the member's app (its library code and its parse of every system certificate cost 4.3 MiB
//! for every client, whatever the hub's scheme; docs/BENCHMARKS.md). The system's certificates
//! are read when a client is made, and a client cannot be made on a computer with none (the
//! package depends on `ca-certificates`). *ring* rather than aws-lc-rs: the provider the hub
//! and Tauri's updater already use, and no CMake build.
//!
//! reqwest is built without a default provider (`rustls-no-provider`), so every client must be
//! made after [`install_crypto_provider`]; [`builder`] and [`client`] do that first.

use std::error::Error;
use std::sync::Once;

use crate::SyncError;

/// Makes *ring* the process's rustls provider, unless one is installed already (Tauri's updater
/// installs the same one). Idempotent and cheap after the first call.
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err only when another provider got there first; that one is then used, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A client builder with the crypto provider in place.
pub fn builder() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

/// A default client (tests, benchmarks and tools; the engine sets its own time-outs).
pub fn client() -> reqwest::Client {
    builder()
        .build()
        .expect("a default reqwest client builds once its TLS provider is installed")
}

/// The links of an error's chain. An `io::Error` is followed into the error it wraps, because its
/// own `source()` skips that one (hyper's connector wraps rustls's error in two of them).
fn links<'a>(e: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(Some(e), |&err: &&'a (dyn Error + 'static)| match err
        .downcast_ref::<std::io::Error>()
    {
        Some(io) => io.get_ref().map(|inner| inner as &(dyn Error + 'static)),
        None => err.source(),
    })
}

/// Why a certificate was refused (unknown authority, expired, wrong name, revoked …), when that is
/// why a request failed, as opposed to the hub being unreachable: rustls's typed error, found in
/// reqwest's error chain.
pub(crate) fn certificate_refused(e: &(dyn Error + 'static)) -> Option<String> {
    links(e).find_map(|err| match err.downcast_ref::<rustls::Error>() {
        Some(rustls::Error::InvalidCertificate(reason)) => Some(format!("{reason:?}")),
        _ => None,
    })
}

/// Why a client could not be made. With the engine's settings only its TLS setup can fail: this
/// computer's trusted certificates could not be read (none installed, or `SSL_CERT_FILE` pointing
/// at nothing). A certificate problem for IT, so said as one, not as "offline".
pub(crate) fn client_failed(e: &reqwest::Error) -> SyncError {
    let cause = links(e).last().map(|c| c.to_string()).unwrap_or_default();
    SyncError::Certificate(format!(
        "this computer's trusted certificates could not be read: {cause}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_can_be_made_and_asked_twice() {
        install_crypto_provider();
        install_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        let _ = client();
    }

    fn io(
        kind: std::io::ErrorKind,
        inner: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> std::io::Error {
        std::io::Error::new(kind, inner)
    }

    #[test]
    fn a_refused_certificate_is_found_inside_nested_io_errors() {
        // The shape hyper hands reqwest: io(Other, io(InvalidData, rustls's error)).
        let refused = io(
            std::io::ErrorKind::Other,
            io(
                std::io::ErrorKind::InvalidData,
                rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
            ),
        );
        assert_eq!(
            certificate_refused(&refused).as_deref(),
            Some("UnknownIssuer")
        );
    }

    #[test]
    fn other_failures_are_not_certificate_refusals() {
        let offline = io(std::io::ErrorKind::ConnectionRefused, "connection refused");
        assert_eq!(certificate_refused(&offline), None);
        let other_tls = io(
            std::io::ErrorKind::Other,
            rustls::Error::General("handshake cut".into()),
        );
        assert_eq!(certificate_refused(&other_tls), None);
    }
}
