//! The real `styrebord-hub` process killed (SIGKILL) in the middle of sending a page of changes
//! to a member's sync engine, then started again on the same data.
//!
//! A relay between the engine and the hub kills the hub process once it has relayed part of a
//! `GET /v1/changes` answer, and drops whatever the dead process's socket would still have
//! flushed, so the engine sees the page end where the hub died. Asserted: the half page leaves
//! no trace on the client (cursor and mirror unchanged), the member's write that the hub
//! committed before it died is still there after the restart and applied exactly once, and after
//! the restart the client catches up to the hub's view.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Child;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
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
