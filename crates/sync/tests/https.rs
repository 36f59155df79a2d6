//! The engine over HTTPS, both ways members reach a real hub: behind a TLS-terminating proxy, and
//! the hub's own TLS (`serve --tls-cert --tls-key`, rustls). A certificate this computer does not
//! trust is refused with its own error — not "offline", and before the token is sent — and a
//! trusted one syncs. The app trusts what the system trusts (rustls-platform-verifier: the
//! system's store, which `SSL_CERT_FILE` points elsewhere here, as IT installing the authority
//! would). The proxy is OpenSSL (native-tls), as nginx in front of a hub would be, so the client
//! is held to a TLS stack other than its own. Its own test binary, because trusting the test's
//! authority means setting `SSL_CERT_FILE` for the whole process.

// The shared world re-exports the fault proxy, which this test does not use.
#[allow(unused_imports)]
mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use common::{today, World};
use styrebord_hub::tls::TlsFiles;
use styrebord_hub::{Clock, ServeConfig, ServeOptions};
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine, SyncError};
use tokio::net::{TcpListener, TcpStream};

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("the openssl command (`make test` installs it)");
    assert!(status.success(), "openssl {args:?}");
}

/// A test certificate authority, and a certificate for 127.0.0.1 signed by it. Returns the
/// authority's PEM file and the server's certificate and PKCS#8 key.
fn certificates(dir: &Path) -> (std::path::PathBuf, Vec<u8>, Vec<u8>) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Styrebord test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ],
    );
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(
        dir.join("san.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.cnf",
            "-out",
            "server.pem",
        ],
    );
    (
        dir.join("ca.pem"),
        std::fs::read(dir.join("server.pem")).unwrap(),
        std::fs::read(dir.join("server.key")).unwrap(),
    )
}

/// Terminates TLS on 127.0.0.1 and relays each connection to `upstream`, as nginx in front of a
/// hub would. Counts the connections that got through the handshake.
async fn tls_front(
    cert: &[u8],
    key: &[u8],
    upstream: SocketAddr,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let identity = native_tls::Identity::from_pkcs8(cert, key).expect("server identity");
    let acceptor = tokio_native_tls::TlsAcceptor::from(
        native_tls::TlsAcceptor::new(identity).expect("TLS acceptor"),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let relayed = Arc::new(AtomicUsize::new(0));
    let count = relayed.clone();
    tokio::spawn(async move {
        while let Ok((conn, _)) = listener.accept().await {
            let (acceptor, count) = (acceptor.clone(), count.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(conn).await else {
                    return; // the client refused our certificate
                };
                count.fetch_add(1, Ordering::SeqCst);
                if let Ok(mut hub) = TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut tls, &mut hub).await;
                }
            });
        }
    });
    (addr, relayed)
}

fn engine_for(w: &World, name: &str, base_url: String) -> (Arc<Store>, SyncEngine) {
    let store = Arc::new(Store::open(&w.store_path(name)).unwrap());
    let mut cfg = SyncConfig::new(
        base_url,
        w.kl.token.clone(),
        w.client_dir.path().join(format!("{name}-blobs")),
    );
    cfg.index_text = false;
    let engine = SyncEngine::new(store.clone(), cfg).unwrap();
    (store, engine)
}

/// The hub's own request count for `route` answered 200, from its Prometheus metrics.
async fn answered(metrics: SocketAddr, route: &str) -> u64 {
    let text = styrebord_sync::http::client()
        .get(format!("http://{metrics}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let series = format!(
        "styrebord_hub_http_requests_total{{route=\"{route}\",method=\"GET\",status=\"200\"}} "
    );
    text.lines()
        .find_map(|l| l.strip_prefix(&series))
        .map_or(0, |n| n.parse().unwrap())
}

#[tokio::test]
async fn an_untrusted_certificate_is_refused_as_such_and_a_trusted_one_syncs() {
    let w = World::start().await;
    let pki = tempfile::tempdir().unwrap();
    let (ca, cert, key) = certificates(pki.path());
    let hub = w.hub.as_ref().unwrap().addr;
    let (front, relayed) = tls_front(&cert, &key, hub).await;
    // The same hub's data served with its own TLS, from the same PEM files an admin would give
    // `serve --tls-cert server.pem --tls-key server.key`.
    let own = styrebord_hub::start_with(
        ServeConfig {
            data: w.hub_dir.path().to_path_buf(),
            listen: "127.0.0.1:0".parse().unwrap(),
            max_body: styrebord_hub::DEFAULT_MAX_BODY,
            max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
            clock: Clock::Fixed(today()),
        },
        ServeOptions {
            tls: Some(TlsFiles {
                cert: pki.path().join("server.pem"),
                key: pki.path().join("server.key"),
            }),
            metrics_listen: Some("127.0.0.1:0".parse().unwrap()),
        },
    )
    .await
    .expect("the hub serves TLS with the test certificate");
    assert_eq!(own.scheme(), "https");
    let own_metrics = own.metrics_addr.unwrap();
    let hubs = [
        ("proxy", format!("https://127.0.0.1:{}", front.port())),
        ("own", format!("https://127.0.0.1:{}", own.addr.port())),
    ];

    // This computer does not know the test authority: refused, and said so, by both.
    for (name, base) in &hubs {
        let (_, untrusting) = engine_for(&w, &format!("untrusting-{name}"), base.clone());
        let err = untrusting.sync_once(today()).await.unwrap_err();
        let SyncError::Certificate(reason) = &err else {
            panic!("{name}: expected a certificate error, got {err:?}");
        };
        assert_eq!(reason, "UnknownIssuer", "{name}");
        assert!(err.to_string().contains("not trusted"), "{name}: {err}");
        let body = err.body();
        assert_eq!(body.code, "hub_certificate_untrusted");
        assert!(
            body.message_da.contains("sikkerhedscertifikat"),
            "{}",
            body.message_da
        );
        assert!(
            err.is_retryable(),
            "IT may fix the certificate: keep trying"
        );
    }
    assert_eq!(
        relayed.load(Ordering::SeqCst),
        0,
        "no request (no token) got through the proxy"
    );
    assert_eq!(
        answered(own_metrics, "/v1/changes").await,
        0,
        "no request (no token) reached the hub"
    );

    // Once the authority is trusted (as IT would install it), both sync over TLS.
    std::env::set_var("SSL_CERT_FILE", &ca);
    for (name, base) in hubs {
        let (store, trusting) = engine_for(&w, &format!("trusting-{name}"), base);
        let report = trusting
            .sync_once(today())
            .await
            .unwrap_or_else(|e| panic!("{name}: sync over HTTPS: {e:?}"));
        assert!(
            report.changes > 0 && report.blobs_fetched > 0,
            "{name}: {report:?}"
        );
        assert!(store.meeting(w.meeting, today()).unwrap().is_some());
    }
    assert!(relayed.load(Ordering::SeqCst) > 0);
    assert!(answered(own_metrics, "/v1/changes").await > 0);
    assert!(answered(own_metrics, "/v1/blobs/{sha256}").await > 0);
    own.stop().await.unwrap();

    // A computer with no trusted certificates at all (the store emptied, or SSL_CERT_FILE
    // pointing at nothing): the engine cannot be made, and says it is a certificate matter for
    // IT, not "offline".
    let empty = pki.path().join("no-authorities");
    std::fs::create_dir(&empty).unwrap();
    std::fs::write(empty.join("none.pem"), "").unwrap();
    std::env::set_var("SSL_CERT_FILE", empty.join("none.pem"));
    std::env::set_var("SSL_CERT_DIR", &empty);
    let store = Arc::new(Store::open(&w.store_path("no-authorities")).unwrap());
    let cfg = SyncConfig::new(
        format!("https://127.0.0.1:{}", front.port()),
        w.kl.token.clone(),
        w.client_dir.path().join("no-authorities-blobs"),
    );
    let Err(err) = SyncEngine::new(store, cfg) else {
        panic!("an engine was made on a computer that trusts no authority");
    };
    let SyncError::Certificate(reason) = &err else {
        panic!("expected a certificate error, got {err:?}");
    };
    assert!(
        reason.contains("trusted certificates could not be read"),
        "{reason}"
    );
    assert_eq!(err.body().code, "hub_certificate_untrusted");
}
