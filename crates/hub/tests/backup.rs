//! Backup and restore of a serving hub, and what members' apps do about a restored hub.
//!
//! A real `styrebord-hub serve` process takes a stream of writes over HTTP (a task posting new
//! meetings as fast as the hub answers) while `styrebord-hub backup` runs beside it. The archive
//! is restored into a new directory and served, and its log grows on. Then:
//! - a member's app that synced before the backup goes on from its cursor: no re-sync, only
//!   the changes made after its cursor;
//! - the secretariat's app, which wrote before and after the backup, synced past it and has a
//!   new write waiting, hears of the restore from its push (`client_seq_gap`) and its pull
//!   (`cursor_ahead`, checked on the wire too), fetches everything again and sends its writes
//!   again: every one of them is on the restored hub exactly once (one change each in its log).
//!
//! Restore refuses a directory that is not empty, and an archive with one flipped byte in the
//! database or in a blob, naming the file, leaving the directory empty.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Connection;
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Meeting, MeetingKind, MeetingStatus,
};
use styrebord_core::org::Role;
use styrebord_core::write::Op;
use styrebord_core::{AgendaItemId, MeetingId, OrgId};
use styrebord_hub::admin;
use styrebord_protocol::{DeviceId, Mutation, MutationBatch, MutationId};
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};
use uuid::Uuid;

mod serve_process;

const TODAY: &str = "2026-03-02";

fn today() -> NaiveDate {
    TODAY.parse().unwrap()
}

/// The hub process, killed when dropped.
struct Hub(Child);

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(data: &Path) -> (Hub, String) {
    let (child, addr) = serve_process::spawn(data, Some(TODAY));
    (Hub(child), format!("http://{addr}"))
}

fn hub_cli(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("styrebord-hub"))
        .args(args)
        .output()
        .expect("run styrebord-hub")
}

fn restore(archive: &Path, data: &Path) -> Output {
    hub_cli(&[
        "--data".as_ref(),
        data.as_os_str(),
        "restore".as_ref(),
        "--from".as_ref(),
        archive.as_os_str(),
    ])
}

fn extra_meeting(n: u64) -> Meeting {
    Meeting {
        id: MeetingId::from_uuid(Uuid::now_v7()),
        kind: MeetingKind::Extra,
        date: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap() + chrono::Days::new(n % 90),
        start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        end: None,
        location: format!("Lokale {n}"),
        attendance: AttendanceMode::Online,
        status: MeetingStatus::Planned,
        agenda_published_on: None,
        cancellation_reason: None,
        link: None,
        agenda_approved_on: None,
        live: None,
    }
}

/// Posts one new extra meeting after another as the secretariat, from its own device, until
/// `stop`; counts the ones applied.
fn write_load(
    base: String,
    token: String,
    stop: Arc<AtomicBool>,
    applied: Arc<AtomicU64>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let http = styrebord_sync::http::client();
        let device = DeviceId(Uuid::now_v7());
        let mut seq = 0;
        while !stop.load(Ordering::SeqCst) {
            seq += 1;
            let batch = MutationBatch {
                device_id: device,
                mutations: vec![Mutation {
                    mutation_id: MutationId(Uuid::now_v7()),
                    client_seq: seq,
                    op: Op::UpsertMeeting {
                        meeting: extra_meeting(seq),
                    },
                }],
            };
            let resp = http
                .post(format!("{base}/v1/mutations"))
                .bearer_auth(&token)
                .json(&batch)
                .send()
                .await
                .expect("post a write");
            assert!(resp.status().is_success(), "{}", resp.status());
            let body: serde_json::Value = resp.json().await.unwrap();
            assert_eq!(body["results"][0]["status"], "applied", "{body}");
            applied.fetch_add(1, Ordering::SeqCst);
        }
    })
}

struct Load {
    stop: Arc<AtomicBool>,
    applied: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Load {
    fn start(base: &str, token: &str) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let applied = Arc::new(AtomicU64::new(0));
        let task = write_load(base.into(), token.into(), stop.clone(), applied.clone());
        Load {
            stop,
            applied,
            task,
        }
    }

    fn applied(&self) -> u64 {
        self.applied.load(Ordering::SeqCst)
    }

    async fn until(&self, n: u64) {
        while self.applied() < n {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    async fn stop(self) -> u64 {
        self.stop.store(true, Ordering::SeqCst);
        let applied = self.applied.clone();
        self.task.await.unwrap();
        applied.load(Ordering::SeqCst)
    }
}

fn engine(dir: &Path, name: &str, base: &str, token: &str) -> (Arc<Store>, SyncEngine) {
    let store = Arc::new(Store::open(&dir.join(format!("{name}.sqlite3"))).unwrap());
    let mut cfg = SyncConfig::new(base, token, dir.join(format!("{name}-blobs")));
    cfg.index_text = false;
    (store.clone(), SyncEngine::new(store, cfg).unwrap())
}

/// An agenda item written at the secretariat's desk (offline-first, through the outbox).
fn desk_item(store: &Store, meeting: MeetingId, n: usize) -> AgendaItemId {
    let id = AgendaItemId::from_uuid(Uuid::now_v7());
    let item = AgendaItem {
        presenter: None,
        id,
        meeting,
        number: 0,
        title: format!("Sag {n}: vedligeholdelsesvinduer"),
        description: String::new(),
        kind: AgendaItemKind::Orientation,
        systems: vec![],
        escalation: None,
        procedure: None,
    };
    store
        .write_op(Op::UpsertAgendaItem { item }, today())
        .unwrap();
    id
}

/// How many changes of the hub's log (in `data`) are about this entity.
fn changes_about(data: &Path, id: &str) -> i64 {
    let conn = Connection::open(data.join("hub.sqlite3")).unwrap();
    conn.query_row(
        "SELECT COUNT(*) FROM changes WHERE entity_id = ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

/// Where `needle` starts in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("bytes in the archive")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().next().is_none()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hub_backed_up_under_load_and_restored_loses_no_members_write() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("hub");
    let apps = tmp.path().join("apps");
    std::fs::create_dir_all(&apps).unwrap();
    let hub = styrebord_hub::Store::open(&data).unwrap();
    admin::init(&hub).unwrap();
    let digst = OrgId::parse("DIGST").unwrap();
    let loader = admin::invite(&hub, &digst, Role::Secretariat, "Lars Last", "l@digst.dk").unwrap();
    let sec = admin::invite(
        &hub,
        &digst,
        Role::Secretariat,
        "Sara Sekretær",
        "s@digst.dk",
    )
    .unwrap();
    let member = admin::invite(
        &hub,
        &OrgId::parse("DR").unwrap(),
        Role::Member,
        "Dorte Regioner",
        "dorte@regioner.dk",
    )
    .unwrap();
    let (meeting, _) = admin::add_meeting(
        &hub,
        "2026-06-10".parse().unwrap(),
        MeetingKind::Ordinary,
        "Landgreven 4",
        today(),
    )
    .unwrap();
    // One document, so the archive holds a blob beside the database.
    let item = admin::add_item(
        &hub,
        meeting,
        "Budget 2027",
        AgendaItemKind::Decision,
        "",
        &[],
        today(),
    )
    .unwrap();
    let pdf: Vec<u8> = b"%PDF-1.7 budgetudkast "
        .iter()
        .copied()
        .chain((0..50_000u32).map(|i| (i % 241) as u8))
        .collect();
    let pdf_file = tmp.path().join("budget.pdf");
    std::fs::write(&pdf_file, &pdf).unwrap();
    let (doc, _) = admin::publish_material(&hub, &pdf_file, item, None, today()).unwrap();
    drop(hub);

    let (process, base) = serve(&data);
    let load = Load::start(&base, &loader.token);
    load.until(20).await;

    // The member's app syncs, then stops syncing: it is at or before the backup point.
    let (a_store, a) = engine(&apps, "member", &base, &member.token);
    let a_first = a.sync_once(today()).await.unwrap().changes;
    let a_cursor = a_store.cursor().unwrap().unwrap();
    // The same member's laptop, synced alike; it is updated while the hub is being restored.
    let (c_store, c) = engine(&apps, "member-laptop", &base, &member.token);
    c.sync_once(today()).await.unwrap();
    drop(c);

    // The secretariat's app writes three items and syncs them.
    let (b_store, b) = engine(&apps, "desk", &base, &sec.token);
    b.sync_once(today()).await.unwrap();
    let mut mine: Vec<AgendaItemId> = (0..3).map(|n| desk_item(&b_store, meeting, n)).collect();
    b.sync_once(today()).await.unwrap();

    // The backup, while the load goes on.
    let archive = tmp.path().join("hub-backup.tar");
    let before = load.applied();
    let backup = {
        let (data, archive) = (data.clone(), archive.clone());
        tokio::task::spawn_blocking(move || {
            hub_cli(&[
                "--data".as_ref(),
                data.as_os_str(),
                "backup".as_ref(),
                "--to".as_ref(),
                archive.as_os_str(),
            ])
        })
        .await
        .unwrap()
    };
    let during = load.applied() - before;
    assert!(backup.status.success(), "backup: {}", stderr(&backup));
    let said = String::from_utf8_lossy(&backup.stdout).into_owned();
    assert!(said.contains("1 blobs"), "{said}");
    assert!(during > 0, "the hub took writes while the backup ran");

    // After the backup: three more writes, synced, and the load goes on a little.
    mine.extend((3..6).map(|n| desk_item(&b_store, meeting, n)));
    load.until(load.applied() + 20).await;
    b.sync_once(today()).await.unwrap();
    let b_cursor = b_store.cursor().unwrap().unwrap();
    assert!(
        b_store.outbox().unwrap().is_empty(),
        "all six written and pulled back"
    );
    assert!(a_cursor < b_cursor);
    load.stop().await;
    drop(process);

    // Restore refuses a directory that is not empty, and changes nothing in it.
    let refused = restore(&archive, &data);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is not empty"),
        "{}",
        stderr(&refused)
    );
    assert!(data.join("hub.sqlite3").exists());

    // One flipped byte in the database, or in the blob, is found and named; nothing is kept.
    let bytes = std::fs::read(&archive).unwrap();
    let blob_at = find(&bytes, b"%PDF-1.7 budgetudkast");
    let sha = doc.sha256.as_str().to_owned();
    for (at, names) in [
        // The database is the archive's first file: its data follows the 512-byte header.
        (512 + 2000, "hub.sqlite3".to_owned()),
        (blob_at + 30_000, format!("blobs/{}/{sha}", &sha[..2])),
    ] {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x01;
        let file = tmp.path().join("damaged.tar");
        std::fs::write(&file, &damaged).unwrap();
        let into = tmp.path().join("damaged-restore");
        let out = restore(&file, &into);
        assert!(!out.status.success(), "a damaged archive was restored");
        let err = stderr(&out);
        assert!(err.contains(&names) && err.contains("SHA-256"), "{err}");
        assert!(is_empty(&into), "nothing of a damaged archive is kept");
    }

    // The real restore, into a new directory, served.
    let restored = tmp.path().join("restored");
    let out = restore(&archive, &restored);
    assert!(out.status.success(), "restore: {}", stderr(&out));
    let (_process, base) = serve(&restored);
    let http = styrebord_sync::http::client();
    let me: serde_json::Value = http
        .get(format!("{base}/v1/me"))
        .bearer_auth(&sec.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let head: styrebord_protocol::Cursor = serde_json::from_value(me["head"].clone()).unwrap();
    assert_ne!(
        head.epoch, b_cursor.epoch,
        "a restored hub's log has a new identity"
    );
    assert!(head.seq >= a_cursor.seq && head.seq < b_cursor.seq);
    // The blob came back whole.
    let got = http
        .get(format!("{base}/v1/blobs/{sha}"))
        .bearer_auth(&sec.token)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(got.as_ref(), pdf.as_slice());

    // The restored hub takes writes again, until its log is longer than the desk app's cursor:
    // the same seqs now mean other changes.
    let load = Load::start(&base, &loader.token);
    load.until(b_cursor.seq - head.seq + 10).await;
    let loaded_after = load.stop().await;

    // Told clearly, on the wire.
    let resp = http
        .get(format!("{base}/v1/changes?since={b_cursor}"))
        .bearer_auth(&sec.token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 409);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["code"], "cursor_ahead", "{body}");
    assert!(
        body["message_en"]
            .as_str()
            .unwrap()
            .contains("restored from a backup"),
        "{body}"
    );

    // (a) The member's app goes on from its cursor: no reset, only what came after it — with
    // its first sync, exactly what a new app of the same member pulls from the start.
    let mut cfg = SyncConfig::new(&base, &member.token, apps.join("member-blobs"));
    cfg.index_text = false;
    let a2 = SyncEngine::new(a_store.clone(), cfg).unwrap();
    let report = a2.sync_once(today()).await.unwrap();
    assert_eq!((report.resets, report.resent), (0, 0), "{report:?}");
    assert_eq!(a_store.cursor().unwrap().unwrap().epoch, head.epoch);
    let (_, fresh) = engine(&apps, "member-new", &base, &member.token);
    let full = fresh.sync_once(today()).await.unwrap().changes;
    assert!(report.changes >= loaded_after as u32, "{report:?}");
    assert!(
        report.changes < full,
        "{report:?}: not a full pull of {full}"
    );
    assert_eq!(a_first + report.changes, full, "{report:?}");
    assert!(a_store.sync_status().unwrap().notice.is_none());

    // (c) The laptop's app was updated meanwhile, so it reads the feed again from the start of
    // the log it knows: the restored hub continues that log, the app recognises the restore as
    // (a) did, and nothing is cleared or reset.
    let mut cfg = SyncConfig::new(&base, &member.token, apps.join("member-laptop-blobs"));
    cfg.index_text = false;
    cfg.app_version = "9.9.9".into();
    let c2 = SyncEngine::new(c_store.clone(), cfg).unwrap();
    let report = c2.sync_once(today()).await.unwrap();
    assert_eq!((report.resets, report.restores), (0, 1), "{report:?}");
    assert_eq!(report.changes, full, "the whole feed once: {report:?}");
    assert!(!c_store.is_replaying().unwrap());
    assert_eq!(c_store.cursor().unwrap(), a_store.cursor().unwrap());
    assert_eq!(
        c_store
            .meeting(meeting, today())
            .unwrap()
            .unwrap()
            .agenda
            .len(),
        a_store
            .meeting(meeting, today())
            .unwrap()
            .unwrap()
            .agenda
            .len()
    );

    // (b) The desk app is ahead, and has a new write waiting. Its push is the first to hear of
    // the restore (client_seq_gap: the hub lacks writes 4–6), so it sends its history first;
    // then its pull is told cursor_ahead: it fetches everything again and re-sends once more
    // (all answered from the hub's record).
    mine.push(desk_item(&b_store, meeting, 6));
    let mut cfg = SyncConfig::new(&base, &sec.token, apps.join("desk-blobs"));
    cfg.index_text = false;
    let b2 = SyncEngine::new(b_store.clone(), cfg).unwrap();
    let report = b2.sync_once(today()).await.unwrap();
    assert_eq!(report.restores, 2, "{report:?}");
    assert_eq!(report.resets, 1, "{report:?}");
    assert_eq!(report.resent, 14, "{report:?}");
    assert_eq!(b_store.cursor().unwrap().unwrap().epoch, head.epoch);
    assert!(
        b_store.outbox().unwrap().is_empty(),
        "{:?}",
        b_store.outbox()
    );
    for id in &mine {
        assert_eq!(
            changes_about(&restored, &id.to_string()),
            1,
            "the desk's item {id} is on the restored hub exactly once"
        );
    }
    let on_hub: Vec<AgendaItem> = styrebord_hub::Store::open(&restored)
        .unwrap()
        .read(|c| {
            styrebord_hub::store::list_entities(
                c,
                styrebord_core::entity::EntityKind::AgendaItem,
                Some(&meeting.to_string()),
            )
        })
        .unwrap();
    assert_eq!(on_hub.len(), 1 + mine.len(), "{on_hub:?}");
    let desk = b_store.meeting(meeting, today()).unwrap().unwrap();
    assert_eq!(desk.agenda.len(), 1 + mine.len());
    let notice = b_store.sync_status().unwrap().notice.expect("a notice");
    assert_eq!(notice.code, "hub_restored");
    assert!(notice.message_da.contains("sikkerhedskopi"), "{notice:?}");

    // A second round is quiet: nothing re-sent, nothing fetched again.
    let report = b2.sync_once(today()).await.unwrap();
    assert_eq!(
        (report.restores, report.resets, report.pushed),
        (0, 0, 0),
        "{report:?}"
    );
}

#[test]
fn restore_refuses_a_file_that_is_not_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let file: PathBuf = tmp.path().join("notes.txt");
    std::fs::write(&file, "ikke en sikkerhedskopi").unwrap();
    let into = tmp.path().join("hub");
    let out = restore(&file, &into);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("not a hub backup"),
        "{}",
        stderr(&out)
    );
    assert!(!into.join("hub.sqlite3").exists());
}
