//! The real `styrebord-hub` process killed (SIGKILL) in the middle of sending a page of changes
//! to a member's sync engine, or in the middle of receiving an upload, then started again on the
//! same data.
//!
//! A relay between the engine and the hub kills the hub process once it has relayed part of a
//! `GET /v1/changes` answer, and drops whatever the dead process's socket would still have
//! flushed, so the engine sees the page end where the hub died. Asserted: the half page leaves
//! no trace on the client (cursor and mirror unchanged), the member's write that the hub
//! committed before it died is still there after the restart and applied exactly once, and after
//! the restart the client catches up to the hub's view.
//!
//! An upload cut by the kill resumes from the offset the restarted hub reports (the bytes it has
//! on disk, a prefix of the file), and nothing of it is visible or publishable before it ends.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use styrebord_core::meeting::Sha256;
use styrebord_core::meeting::{AgendaItemKind, MeetingKind};
use styrebord_core::org::Role;
use styrebord_core::registration::{NewRegistration, RegistrationKind};
use styrebord_core::{MeetingId, OrgId};
use styrebord_hub::admin;
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

mod serve_process;

/// The hub's fixed clock and the client's "today": Monday 2 March 2026.
const TODAY: &str = "2026-03-02";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

fn serve(data: &Path) -> (Child, SocketAddr) {
    serve_process::spawn(data, Some(TODAY))
}

/// Relays TCP between the engine and the hub; when armed, SIGKILLs the hub process after
/// relaying `after` bytes of the answer to a `GET /v1/changes`, and cuts the connection there.
struct KillRelay {
    addr: SocketAddr,
    upstream: Arc<Mutex<SocketAddr>>,
    armed: Arc<AtomicBool>,
    hub: Arc<Mutex<Option<Child>>>,
}

impl KillRelay {
    async fn start(upstream: SocketAddr, hub: Child, after: usize) -> KillRelay {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let relay = KillRelay {
            addr: listener.local_addr().unwrap(),
            upstream: Arc::new(Mutex::new(upstream)),
            armed: Arc::new(AtomicBool::new(false)),
            hub: Arc::new(Mutex::new(Some(hub))),
        };
        let (upstream, armed, hub) = (
            relay.upstream.clone(),
            relay.armed.clone(),
            relay.hub.clone(),
        );
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let to = *upstream.lock().unwrap();
                let (armed, hub) = (armed.clone(), hub.clone());
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(to).await else {
                        return; // the hub is down: the engine sees a refused connection
                    };
                    relay_one(client, server, armed, hub, after).await;
                });
            }
        });
        relay
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Whether the relay has killed the hub (its process has exited).
    fn hub_killed(&self) -> bool {
        self.hub.lock().unwrap().is_none()
    }

    fn replace_hub(&self, hub: Child, addr: SocketAddr) {
        *self.hub.lock().unwrap() = Some(hub);
        *self.upstream.lock().unwrap() = addr;
    }
}

impl Drop for KillRelay {
    fn drop(&mut self) {
        let hub = self.hub.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(mut p) = hub {
            let _ = p.kill();
            let _ = p.wait();
        }
    }
}

async fn relay_one(
    client: TcpStream,
    server: TcpStream,
    armed: Arc<AtomicBool>,
    hub: Arc<Mutex<Option<Child>>>,
    after: usize,
) {
    let (mut client_rx, mut client_tx) = client.into_split();
    let (mut server_rx, mut server_tx) = server.into_split();
    // Set when this connection carried a `GET /v1/changes` while armed.
    let changes_asked = Arc::new(AtomicBool::new(false));
    let asked = changes_asked.clone();
    let upstream = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match client_rx.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            if buf[..n].windows(15).any(|w| w == b"GET /v1/changes") {
                asked.store(true, Ordering::SeqCst);
            }
            if server_tx.write_all(&buf[..n]).await.is_err() {
                break;
            }
        }
        let _ = server_tx.shutdown().await;
    });
    let mut buf = vec![0u8; 16 * 1024];
    let mut relayed = 0usize;
    loop {
        let n = match server_rx.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        if armed.load(Ordering::SeqCst) && changes_asked.load(Ordering::SeqCst) {
            let n = n.min(after.saturating_sub(relayed));
            let _ = client_tx.write_all(&buf[..n]).await;
            relayed += n;
            if relayed >= after {
                if let Some(mut child) = hub.lock().unwrap().take() {
                    child.kill().unwrap(); // SIGKILL: no graceful shutdown
                    let status = child.wait().unwrap();
                    assert!(!status.success(), "the hub was killed: {status:?}");
                }
                armed.store(false, Ordering::SeqCst);
                break; // the rest of the page never arrives
            }
            continue;
        }
        if client_tx.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = client_tx.shutdown().await;
    upstream.abort();
}

/// `n` agenda items on a new published meeting on `date`.
fn meeting_with_items(hub: &styrebord_hub::Store, date: &str, n: usize) -> MeetingId {
    let today = today();
    let (meeting, _) = admin::add_meeting(
        hub,
        date.parse().unwrap(),
        MeetingKind::Ordinary,
        "Landgreven 4",
        today,
    )
    .unwrap();
    for i in 0..n {
        admin::add_item(
            hub,
            meeting,
            &format!("Punkt {i}: driftsstatus for de fællesoffentlige løsninger"),
            AgendaItemKind::Orientation,
            "Orientering om drift, hændelser og vedligeholdelsesvinduer i kvartalet.",
            &[],
            today,
        )
        .unwrap();
    }
    admin::publish_agenda(hub, meeting, today).unwrap();
    meeting
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_killed_mid_page_and_restarted_loses_nothing_and_applies_nothing_twice() {
    let hub_dir = tempfile::tempdir().unwrap();
    let client_dir = tempfile::tempdir().unwrap();
    let hub = styrebord_hub::Store::open(hub_dir.path()).unwrap();
    admin::init(&hub).unwrap();
    let member = admin::invite(
        &hub,
        &OrgId::parse("KL").unwrap(),
        Role::Member,
        "Karin Mødeleder",
        "karin@kl.dk",
    )
    .unwrap();
    let first = meeting_with_items(&hub, "2026-03-12", 20);

    let (process, addr) = serve(hub_dir.path());
    // 20 KB: past the headers, well inside the page of 400 agenda items (≈200 KB).
    let relay = KillRelay::start(addr, process, 20_000).await;
    let store = Arc::new(Store::open(&client_dir.path().join("kl.sqlite3")).unwrap());
    let mut cfg = SyncConfig::new(
        relay.base(),
        member.token.clone(),
        client_dir.path().join("blobs"),
    );
    cfg.index_text = false;
    let engine = SyncEngine::new(store.clone(), cfg).unwrap();
    engine.sync_once(today()).await.unwrap();
    let cursor = store.cursor().unwrap().unwrap();

    // The secretariat publishes a big meeting; the member registers an observer offline-first.
    let second = meeting_with_items(&hub, "2026-03-19", 400);
    store
        .register(
            first,
            NewRegistration {
                org: OrgId::parse("KL").unwrap(),
                kind: RegistrationKind::Observer,
                person: None,
                name: "Jens Ærbo".into(),
                email: "jens.aerbo@kl.dk".into(),
            },
            today(),
        )
        .unwrap();

    // The push goes through; the hub is killed while it sends the first page of the pull.
    relay.armed.store(true, Ordering::SeqCst);
    let err = engine.sync_once(today()).await.unwrap_err();
    assert!(err.is_retryable(), "{err}");
    assert!(relay.hub_killed(), "the hub process was killed mid-page");
    assert_eq!(
        store.cursor().unwrap(),
        Some(cursor),
        "the half page left no trace"
    );
    assert!(store.meeting(second, today()).unwrap().is_none());
    assert!(engine.sync_once(today()).await.unwrap_err().is_retryable());

    // The same data, a new process (SQLite recovers the hub's WAL after the kill).
    let (process, addr) = serve(hub_dir.path());
    relay.replace_hub(process, addr);
    engine.sync_once(today()).await.unwrap();
    assert!(store.cursor().unwrap().unwrap() > cursor);
    assert_eq!(
        store
            .meeting(second, today())
            .unwrap()
            .unwrap()
            .agenda
            .len(),
        400
    );
    let mine = store.meeting(first, today()).unwrap().unwrap();
    let observers: Vec<_> = mine
        .seats
        .iter()
        .filter_map(|s| s.observer.as_ref())
        .collect();
    assert_eq!(observers.len(), 1, "{:?}", mine.seats);
    let on_hub: Vec<styrebord_core::registration::Registration> = hub
        .read(|c| {
            styrebord_hub::store::list_entities(
                c,
                styrebord_core::entity::EntityKind::Registration,
                Some(&first.to_string()),
            )
        })
        .unwrap();
    assert_eq!(on_hub.len(), 1, "applied exactly once: {on_hub:?}");
    assert!(store
        .outbox()
        .unwrap()
        .iter()
        .all(|o| o.state != styrebord_store::OutboxState::Pending));
}

/// The hub process, SIGKILLed when dropped (a failed assertion leaves no hub running).
struct Hub(Child);

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `%PDF-1.7` and incompressible bytes after it, `len` in all: passes the hub's PDF check.
fn big_pdf(len: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Status, `Upload-Offset` and JSON body of a request.
async fn answer(req: reqwest::RequestBuilder) -> (u16, Option<u64>, serde_json::Value) {
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let offset = resp
        .headers()
        .get("upload-offset")
        .map(|v| v.to_str().unwrap().parse().unwrap());
    (status, offset, resp.json().await.unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_killed_mid_upload_resumes_from_what_it_has_on_disk_and_shows_nothing_before() {
    let hub_dir = tempfile::tempdir().unwrap();
    let hub = styrebord_hub::Store::open(hub_dir.path()).unwrap();
    admin::init(&hub).unwrap();
    let sec = admin::invite(
        &hub,
        &OrgId::parse("DIGST").unwrap(),
        Role::Secretariat,
        "Sara Sekretær",
        "sara@digst.dk",
    )
    .unwrap()
    .token;
    let member = admin::invite(
        &hub,
        &OrgId::parse("KL").unwrap(),
        Role::Member,
        "Karin Medlem",
        "karin@kl.dk",
    )
    .unwrap()
    .token;
    let (meeting, _) = admin::add_meeting(
        &hub,
        "2026-03-12".parse().unwrap(),
        MeetingKind::Ordinary,
        "Landgreven 4",
        today(),
    )
    .unwrap();
    let item = admin::add_item(
        &hub,
        meeting,
        "Driftsstatus",
        AgendaItemKind::Orientation,
        "",
        &[],
        today(),
    )
    .unwrap();
    admin::publish_agenda(&hub, meeting, today()).unwrap();

    let bytes = big_pdf(3 * 1024 * 1024);
    let total = bytes.len() as u64;
    let sha = styrebord_hub::blobs::sha256_of(&bytes).to_string();
    let part = hub.blob_dir().join("uploads").join(format!("{sha}.part"));
    let stored = styrebord_hub::blobs::blob_path(hub.blob_dir(), &Sha256::parse(&sha).unwrap());
    let client = styrebord_sync::http::client();
    let put = |base: &str, from: u64, piece: &[u8]| {
        let end = from + piece.len() as u64 - 1;
        client
            .put(format!("{base}/v1/blobs/{sha}"))
            .bearer_auth(&sec)
            .header("content-range", format!("bytes {from}-{end}/{total}"))
            .body(piece.to_vec())
    };
    let state = |base: &str| {
        client
            .get(format!("{base}/v1/uploads/{sha}"))
            .bearer_auth(&sec)
    };
    // Nothing of the file shows before the upload ends: no download (secretariat or member),
    // and publishing it is refused.
    let assert_nothing_shows = |base: String| {
        let (sha, sec, member) = (sha.clone(), sec.clone(), member.clone());
        async move {
            for token in [&sec, &member] {
                let (s, body) = download(&base, token, &sha).await;
                assert_eq!(s, 404, "{}", String::from_utf8_lossy(&body));
            }
            let v = publish(&base, &sec, meeting, item, &sha).await;
            assert_eq!(v["results"][0]["code"], "file_not_stored", "{v}");
        }
    };

    let (process, addr) = serve(hub_dir.path());
    let mut process = Hub(process);
    let base = format!("http://{addr}");

    // The first MiB arrives whole (and is acknowledged).
    let first = 1024 * 1024;
    let (s, offset, v) = answer(put(&base, 0, &bytes[..first])).await;
    assert_eq!((s, offset), (200, Some(first as u64)), "{v}");

    // The next piece is on its way when the hub is killed: its head and 700 KB of its bytes are
    // sent, the rest never is.
    let sent = 700_000;
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PUT /v1/blobs/{sha} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {sec}\r\n\
         Content-Range: bytes {first}-{}/{total}\r\nContent-Length: {}\r\n\r\n",
        total - 1,
        total - first as u64
    );
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&bytes[first..first + sent]).await.unwrap();
    conn.flush().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::fs::metadata(&part).map_or(0, |m| m.len()) <= first as u64 {
        assert!(Instant::now() < deadline, "the hub wrote none of the piece");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_nothing_shows(base.clone()).await;
    process.0.kill().unwrap(); // SIGKILL, mid-request
    let status = process.0.wait().unwrap();
    assert!(!status.success(), "the hub was killed: {status:?}");
    drop(conn);

    // What survived is a prefix of the file: the first MiB and some of the second piece.
    let kept = std::fs::read(&part).unwrap();
    let have = kept.len() as u64;
    assert!(
        have > first as u64 && have <= (first + sent) as u64,
        "{have}"
    );
    assert!(
        kept[..] == bytes[..kept.len()],
        "the part is a prefix of the file"
    );
    assert!(!stored.exists(), "nothing in the store");

    // The same data, a new process: it reports what it has on disk, and nothing shows.
    let (process, addr) = serve(hub_dir.path());
    let _process = Hub(process);
    let base = format!("http://{addr}");
    let (s, offset, v) = answer(state(&base)).await;
    assert_eq!((s, offset), (200, Some(have)), "{v}");
    assert_eq!(
        (v["received"].as_u64(), &v["complete"]),
        (Some(have), &serde_json::json!(false))
    );
    assert_nothing_shows(base.clone()).await;

    // A client resuming after its last acknowledged byte is told where the hub is.
    let (s, offset, v) = answer(put(&base, first as u64, &bytes[first..])).await;
    assert_eq!((s, offset), (409, Some(have)), "{v}");
    assert_eq!(v["code"], "upload_offset_mismatch", "{v}");
    // From there, the rest: checked and stored.
    let (s, offset, v) = answer(put(&base, have, &bytes[have as usize..])).await;
    assert_eq!((s, offset), (201, Some(total)), "{v}");
    assert_eq!(v["complete"], true, "{v}");
    assert!(!part.exists(), "the part is gone");
    let on_disk = std::fs::read(&stored).unwrap();
    assert_eq!(styrebord_hub::blobs::sha256_of(&on_disk).to_string(), sha);
    let (s, _, v) = answer(state(&base)).await;
    assert_eq!(
        (s, v["received"].as_u64(), &v["complete"]),
        (200, Some(total), &serde_json::json!(true))
    );

    // Published, a member downloads exactly the file.
    let v = publish(&base, &sec, meeting, item, &sha).await;
    assert_eq!(v["results"][0]["status"], "applied", "{v}");
    let (s, got) = download(&base, &member, &sha).await;
    assert_eq!(s, 200);
    assert!(got == bytes, "the member gets the file as uploaded");
}

async fn download(base: &str, token: &str, sha: &str) -> (u16, Vec<u8>) {
    let resp = styrebord_sync::http::client()
        .get(format!("{base}/v1/blobs/{sha}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.bytes().await.unwrap().to_vec())
}

/// `publish_document` of `sha` on `item`, by the secretariat: the batch's answer.
async fn publish(
    base: &str,
    token: &str,
    meeting: MeetingId,
    item: styrebord_core::AgendaItemId,
    sha: &str,
) -> serde_json::Value {
    let batch = serde_json::json!({
        "device_id": uuid::Uuid::now_v7(),
        "mutations": [{
            "mutation_id": uuid::Uuid::now_v7(),
            "client_seq": 1,
            "op": {
                "type": "publish_document",
                "document": uuid::Uuid::now_v7(),
                "meeting": meeting,
                "agenda_item": item,
                "title": "Driftsstatus",
                "sha256": sha,
            },
        }],
    });
    let req = styrebord_sync::http::client()
        .post(format!("{base}/v1/mutations"))
        .bearer_auth(token)
        .json(&batch);
    answer(req).await.2
}
