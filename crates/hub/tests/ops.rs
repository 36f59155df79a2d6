//! Running the hub in production, with the real binary: its own TLS (and SIGHUP reload), the
//! config file, request ids, JSON logs and Prometheus metrics.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SanType};
use serde_json::{json, Value};

const TODAY: &str = "2026-03-02";
/// How long to wait for something the hub is about to do before calling it a failure (generous:
/// the test machine may be busy building).
const PATIENCE: Duration = Duration::from_secs(60);

fn cli(data: &Path) -> Command {
    let mut cmd = Command::cargo_bin("styrebord-hub").unwrap();
    cmd.arg("--data").arg(data).args(["--today", TODAY]);
    cmd
}

fn run_ok(cmd: &mut Command) -> String {
    String::from_utf8(cmd.assert().success().get_output().stdout.clone()).unwrap()
}

fn stderr_of_failure(cmd: &mut Command) -> String {
    String::from_utf8_lossy(&cmd.assert().failure().get_output().stderr).into_owned()
}

/// `invite`'s token from its `token\t…` line.
fn invite(data: &Path, org: &str, role: &str, name: &str) -> String {
    let out = run_ok(cli(data).args([
        "invite",
        "--org",
        org,
        "--role",
        role,
        "--name",
        name,
        "--email",
        "x@example.dk",
    ]));
    out.lines()
        .find_map(|l| l.strip_prefix("token\t"))
        .unwrap()
        .to_owned()
}

// ------------------------------------------------------------------ a serving process

/// `styrebord-hub serve …` as a child process; its stdout and stderr are read as they come.
struct Served {
    child: Child,
    /// `https://127.0.0.1:…` or `http://…`.
    base: String,
    addr: SocketAddr,
    metrics: Option<String>,
    stderr: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Served {
    fn start(data: Option<&Path>, args: &[&str]) -> Served {
        let mut cmd = StdCommand::new(assert_cmd::cargo::cargo_bin("styrebord-hub"));
        if let Some(data) = data {
            cmd.arg("--data").arg(data);
        }
        let mut child = cmd
            .args(["--today", TODAY, "serve"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start styrebord-hub serve");
        let (out_tx, out_rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = out_tx.send(line);
            }
        });
        let (err_tx, stderr) = mpsc::channel();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let _ = err_tx.send(line);
            }
        });
        let first = out_rx
            .recv_timeout(PATIENCE)
            .expect("serve printed where it listens");
        let base = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from serve: {first:?}"))
            .to_owned();
        let addr = base.split_once("://").unwrap().1.parse().unwrap();
        let metrics = if args.contains(&"--metrics-listen") || args.contains(&"--config") {
            out_rx
                .recv_timeout(Duration::from_secs(5))
                .ok()
                .and_then(|l| l.strip_prefix("metrics on ").map(str::to_owned))
        } else {
            None
        };
        Served {
            child,
            base,
            addr,
            metrics,
            stderr,
            seen: Vec::new(),
        }
    }

    /// Waits for a stderr line that `pred` accepts (lines already passed over are not seen
    /// again) and returns it.
    fn log_line(&mut self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.stderr.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if pred(&line) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no log line {what}; the log so far:\n{}",
            self.seen.join("\n")
        );
    }

    fn hangup(&self) {
        let ok = StdCommand::new("kill")
            .args(["-HUP", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -HUP");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ------------------------------------------------------------------ certificates

/// A test certificate authority, made now.
struct Authority {
    pem: String,
    issuer: Issuer<'static, KeyPair>,
}

struct Leaf {
    cert_pem: String,
    key_pem: String,
    der: Vec<u8>,
}

impl Authority {
    fn new() -> Authority {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "Styrebord test CA");
        let pem = params.self_signed(&key).unwrap().pem();
        Authority {
            pem,
            issuer: Issuer::new(params, key),
        }
    }

    /// A server certificate for localhost and 127.0.0.1, named `name`.
    fn leaf(&self, name: &str) -> Leaf {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        params
            .subject_alt_names
            .push(SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        params.distinguished_name.push(DnType::CommonName, name);
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        Leaf {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
            der: cert.der().to_vec(),
        }
    }
}

fn tls_connect(addr: SocketAddr, ca_pem: &str) -> native_tls::TlsStream<TcpStream> {
    let connector = native_tls::TlsConnector::builder()
        .add_root_certificate(native_tls::Certificate::from_pem(ca_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    connector
        .connect("localhost", TcpStream::connect(addr).unwrap())
        .expect("a TLS connection the test authority vouches for")
}

fn peer_der(stream: &native_tls::TlsStream<TcpStream>) -> Vec<u8> {
    stream
        .peer_certificate()
        .unwrap()
        .expect("the hub presents a certificate")
        .to_der()
        .unwrap()
}

/// The certificate a new connection is served.
fn served_cert(addr: SocketAddr, ca_pem: &str) -> Vec<u8> {
    peer_der(&tls_connect(addr, ca_pem))
}

/// One HTTP/1.1 GET on an open (kept-alive) connection: status and body.
fn get_on(stream: &mut impl ReadWrite, path: &str) -> (u16, String) {
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    stream.flush().unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .expect("a content-length");
    let mut body = vec![0; length];
    stream.read_exact(&mut body).unwrap();
    (status, String::from_utf8(body).unwrap())
}

trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

#[test]
fn the_hub_serves_its_own_tls_and_reloads_the_certificate_on_sighup_keeping_the_old_on_error() {
    let dir = tempfile::tempdir().unwrap();
    let (data, cert, key) = (
        dir.path().join("data"),
        dir.path().join("cert.pem"),
        dir.path().join("key.pem"),
    );
    let ca = Authority::new();
    let (a, b) = (ca.leaf("hub A"), ca.leaf("hub B"));
    std::fs::write(&cert, &a.cert_pem).unwrap();
    std::fs::write(&key, &a.key_pem).unwrap();
    let mut hub = Served::start(
        Some(&data),
        &[
            "--listen",
            "127.0.0.1:0",
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert!(hub.base.starts_with("https://"), "{}", hub.base);
    assert_eq!(served_cert(hub.addr, &ca.pem), a.der);
    // A connection opened before the reloads: it must live through them.
    let mut kept = tls_connect(hub.addr, &ca.pem);
    assert_eq!(get_on(&mut kept, "/health").0, 200);

    // Not a certificate: said so, and the old one stays.
    std::fs::write(&cert, "-----BEGIN NONSENSE-----\n").unwrap();
    hub.hangup();
    let line = hub.log_line("saying the reload failed", |l| l.contains("not reloaded"));
    assert!(line.contains("cert.pem"), "{line}");
    assert_eq!(served_cert(hub.addr, &ca.pem), a.der);

    // B's certificate with A's key (the usual renewal mistake): refused too.
    std::fs::write(&cert, &b.cert_pem).unwrap();
    hub.hangup();
    let line = hub.log_line("saying the key does not match", |l| {
        l.contains("not reloaded")
    });
    assert!(line.contains("key"), "{line}");
    assert_eq!(served_cert(hub.addr, &ca.pem), a.der);

    // Both renewed: new connections get B, without a restart.
    std::fs::write(&key, &b.key_pem).unwrap();
    hub.hangup();
    hub.log_line("saying the certificate was reloaded", |l| {
        l.contains("TLS certificate reloaded")
    });
    assert_eq!(served_cert(hub.addr, &ca.pem), b.der);
    // The connection from before is still served, still on A's handshake.
    assert_eq!(get_on(&mut kept, "/health").0, 200);
    assert_eq!(peer_der(&kept), a.der);
    assert!(
        hub.child.try_wait().unwrap().is_none(),
        "the hub kept running"
    );
}

#[test]
fn a_certificate_that_cannot_be_read_stops_the_start_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let leaf = Authority::new().leaf("hub");
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, "not a certificate").unwrap();
    std::fs::write(&key, &leaf.key_pem).unwrap();
    let err = stderr_of_failure(cli(&dir.path().join("data")).args([
        "serve",
        "--listen",
        "127.0.0.1:0",
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]));
    assert!(
        err.contains("cert.pem") && err.contains("no certificate"),
        "{err}"
    );
    let err = stderr_of_failure(cli(&dir.path().join("data")).args([
        "serve",
        "--tls-key",
        key.to_str().unwrap(),
    ]));
    assert!(err.contains("tls_cert"), "{err}");
}

// ------------------------------------------------------------------ the config file

#[test]
fn serve_reads_its_config_file_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("from-the-file");
    let file = dir.path().join("hub.toml");
    std::fs::write(
        &file,
        format!(
            "listen = \"127.0.0.1:0\"\ndata = \"{}\"\nlog_format = \"json\"\n\
             metrics_listen = \"127.0.0.1:0\"\nmax_body = 4096\n",
            data.display()
        ),
    )
    .unwrap();
    let file_arg = file.to_str().unwrap();
    run_ok(cli(&data).arg("init"));
    let member = invite(&data, "KL", "member", "Karin");

    // No --data, no --listen: the file's data directory, address, log format and metrics.
    let mut hub = Served::start(None, &["--config", file_arg]);
    assert!(hub.base.starts_with("http://127.0.0.1:"), "{}", hub.base);
    assert!(
        data.join("hub.sqlite3").is_file(),
        "the file's data directory"
    );
    assert!(hub.metrics.is_some(), "the file's metrics_listen");
    let line = hub.log_line("saying where it listens", |l| l.contains("hub listening"));
    let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line}"));
    assert_eq!(v["fields"]["message"], "hub listening", "{v}");
    assert_eq!(v["fields"]["data"], data.display().to_string(), "{v}");
    // max_body from the file: a larger body is refused before it is read.
    let rt = tokio::runtime::Runtime::new().unwrap();
    let status = rt.block_on(async {
        styrebord_sync::http::client()
            .post(format!("{}/v1/mutations", hub.base))
            .bearer_auth(&member)
            .header("content-type", "application/json")
            .body(vec![b' '; 8192])
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(status.as_u16(), 413);
    drop(hub);

    // A flag wins over the file.
    let mut hub = Served::start(None, &["--config", file_arg, "--log-format", "text"]);
    let line = hub.log_line("saying where it listens", |l| l.contains("hub listening"));
    assert!(
        serde_json::from_str::<Value>(&line).is_err(),
        "text, not JSON: {line}"
    );
    drop(hub);

    // A misspelt key stops the start and is named, with its line.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "listen = \"127.0.0.1:0\"\nmax_bdoy = 4096\n").unwrap();
    let err = stderr_of_failure(Command::cargo_bin("styrebord-hub").unwrap().args([
        "serve",
        "--config",
        bad.to_str().unwrap(),
    ]));
    assert!(
        err.contains("max_bdoy") && err.contains("bad.toml"),
        "{err}"
    );
    assert!(err.contains("line 2"), "{err}");
}

// ------------------------------------------------------------------ metrics and logs

/// The value of the series `name{labels…}` in a Prometheus text exposition, if present.
fn series(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines().find_map(|line| {
        let (key, value) = line.rsplit_once(' ')?;
        let (metric, rest) = key.split_once('{').unwrap_or((key, "}"));
        let wanted = metric == name
            && labels
                .iter()
                .all(|(k, v)| rest.contains(&format!("{k}=\"{v}\"")));
        wanted.then(|| value.parse().unwrap())
    })
}

async fn scrape(client: &reqwest::Client, url: &str) -> String {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    res.text().await.unwrap()
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_json_logs_carry_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    run_ok(cli(&data).arg("init"));
    let member = invite(&data, "KL", "member", "Karin");
    let secretariat = invite(&data, "DIGST", "secretariat", "Sanne");
    let mut hub = Served::start(
        Some(&data),
        &[
            "--listen",
            "127.0.0.1:0",
            "--metrics-listen",
            "127.0.0.1:0",
            "--log-format",
            "json",
        ],
    );
    let metrics = hub.metrics.clone().expect("a metrics address");
    let client = styrebord_sync::http::client();
    let base = hub.base.clone();
    let get = |path: &str, token: &str| {
        client
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
    };

    // Every answer has a request id; the id a proxy or client sent is kept when it is sane.
    let me = get("/v1/me", &member).await.unwrap();
    assert_eq!(me.status(), 200);
    let me_id = me.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(me_id.len(), 36, "a UUID: {me_id}");
    let missing = get("/no/such/thing", &member).await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().contains_key("x-request-id"));
    let kept = client
        .get(format!("{base}/health"))
        .header("x-request-id", "support-case-42")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "support-case-42");
    let replaced = client
        .get(format!("{base}/health"))
        .header("x-request-id", "two words\"}")
        .send()
        .await
        .unwrap();
    let new_id = replaced.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(new_id.len(), 36, "{new_id}");

    // The metrics are not on the members' address.
    let on_main = client.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(on_main.status(), 404);

    let text = scrape(&client, &metrics).await;
    let me_ok = [("route", "/v1/me"), ("method", "GET"), ("status", "200")];
    let total = "styrebord_hub_http_requests_total";
    assert_eq!(series(&text, total, &me_ok), Some(1.0), "{text}");
    // By route template, with every unknown path as one series (/no/such/thing and /metrics).
    assert_eq!(
        series(&text, total, &[("route", "unmatched"), ("status", "404")]),
        Some(2.0),
        "{text}"
    );
    assert!(!text.contains("/no/such/thing"), "{text}");
    let latency = "styrebord_hub_http_request_duration_seconds_count";
    assert_eq!(series(&text, latency, &[("route", "/v1/me")]), Some(1.0));
    assert_eq!(
        series(&text, latency, &[("route", "/health")]),
        Some(2.0),
        "{text}"
    );
    assert!(text.contains("# TYPE styrebord_hub_http_request_duration_seconds histogram"));
    let entries = series(&text, "styrebord_hub_change_log_entries", &[]).unwrap();
    assert!(entries > 0.0, "init's organisations are in the log: {text}");
    assert_eq!(series(&text, "styrebord_hub_blob_bytes", &[]), Some(0.0));
    assert_eq!(
        series(&text, "styrebord_hub_connected_devices", &[]),
        Some(0.0)
    );

    // They move: another request, and a document published (by the CLI, another process).
    get("/v1/me", &member).await.unwrap();
    let meeting = run_ok(cli(&data).args(["add-meeting", "--date", "2026-03-12", "--ordinary"]));
    let item =
        run_ok(cli(&data).args(["add-item", "--meeting", meeting.trim(), "--title", "Status"]));
    let pdf = dir.path().join("bilag.pdf");
    let bytes = b"%PDF-1.7\nmateriale til metrics-testen\n".repeat(100);
    std::fs::write(&pdf, &bytes).unwrap();
    run_ok(cli(&data).args([
        "publish-material",
        pdf.to_str().unwrap(),
        "--item",
        item.trim(),
    ]));
    let text = scrape(&client, &metrics).await;
    assert_eq!(series(&text, total, &me_ok), Some(2.0), "{text}");
    assert_eq!(series(&text, latency, &[("route", "/v1/me")]), Some(2.0));
    assert_eq!(
        series(&text, "styrebord_hub_blob_bytes", &[]),
        Some(bytes.len() as f64),
        "{text}"
    );
    assert_eq!(series(&text, "styrebord_hub_blobs", &[]), Some(1.0));
    assert!(series(&text, "styrebord_hub_change_log_entries", &[]).unwrap() > entries);

    // A device waiting on the long poll is connected while it waits, and not after.
    let page: Value = get("/v1/changes?limit=1000", &member)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cursor = page["cursor"].as_str().unwrap().to_owned();
    let poll = {
        let request = client
            .get(format!("{base}/v1/changes?since={cursor}&wait=30"))
            .bearer_auth(&member);
        tokio::spawn(async move { request.send().await.unwrap().status() })
    };
    let deadline = Instant::now() + PATIENCE;
    loop {
        let text = scrape(&client, &metrics).await;
        if series(&text, "styrebord_hub_connected_devices", &[]) == Some(1.0) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the long poll never showed: {text}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // News (the secretariat invites someone over HTTP) ends the wait.
    let invited = client
        .post(format!("{base}/v1/people"))
        .bearer_auth(&secretariat)
        .json(
            &json!({"id": uuid::Uuid::now_v7(), "org": "KL", "role": "observer",
                      "name": "Ole", "email": "ole@kl.dk"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status(), 201);
    assert_eq!(poll.await.unwrap(), 200);
    let text = scrape(&client, &metrics).await;
    assert_eq!(
        series(&text, "styrebord_hub_connected_devices", &[]),
        Some(0.0),
        "{text}"
    );
    let changes = [("route", "/v1/changes"), ("status", "200")];
    assert_eq!(series(&text, total, &changes), Some(2.0), "{text}");
    assert_eq!(
        series(&text, latency, &[("route", "/v1/changes")]),
        Some(1.0),
        "the long poll is counted, not timed: {text}"
    );

    // Every log line is JSON, and the id a member reports finds the request's line.
    let line = hub.log_line("for the /v1/me request", |l| l.contains(&me_id));
    let v: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["span"]["request_id"], me_id.as_str(), "{v}");
    assert_eq!(v["span"]["route"], "/v1/me", "{v}");
    assert_eq!(v["fields"]["status"], 200, "{v}");
    assert!(v["fields"]["latency_ms"].is_number(), "{v}");
    let line = hub.log_line("with the proxy's id", |l| l.contains("support-case-42"));
    assert!(serde_json::from_str::<Value>(&line).is_ok(), "{line}");
    for line in &hub.seen {
        serde_json::from_str::<Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
}
