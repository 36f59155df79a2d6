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

use std::sync::Once;

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

/// Whether a failed request was a certificate this computer does not trust (unknown authority,
/// expired, wrong name, revoked …), as opposed to the hub being unreachable: rustls's typed error,
/// found in reqwest's error chain. It sits inside `io::Error`s (hyper's connector wraps one in
/// another), whose `source()` skips the error they wrap, so an `io::Error` is followed into what
/// it holds instead.
pub(crate) fn certificate_refused(e: &reqwest::Error) -> Option<String> {
    let mut link: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = link {
        if let Some(rustls::Error::InvalidCertificate(reason)) = err.downcast_ref::<rustls::Error>()
        {
            return Some(format!("the hub's certificate is not trusted: {reason:?}"));
        }
        link = match err.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => err.source(),
        };
    }
    None
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
}
