//! The secretariat's desk through the same outbox as a member's writes: acts decided offline by
//! core over the local copy (with the acts still waiting laid over it), kept across an app
//! restart, delivered exactly once when the hub is back; material uploaded from disk, resumed,
//! readable offline and publishable.

#[allow(unused_imports)]
mod common;

use std::sync::Arc;

use chrono::NaiveTime;
use common::{today, World};
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Meeting, MeetingKind, MeetingStatus,
};
use styrebord_core::org::Role;
use styrebord_core::write::Op;
use styrebord_core::{AgendaItemId, DocumentId, MeetingId};
use styrebord_store::{OutboxState, Store};
use styrebord_sync::{SyncConfig, SyncEngine};
use uuid::Uuid;

fn engine(w: &World, store: &Arc<Store>, token: &str, name: &str) -> SyncEngine {
    let mut cfg = SyncConfig::new(
        w.proxy.base(),
        token.to_owned(),
        w.client_dir.path().join(format!("{name}-blobs")),
    );
    cfg.index_text = false;
    SyncEngine::new(store.clone(), cfg).unwrap()
}

/// The secretariat's own app: its account, store and engine, synced once.
async fn secretariat(w: &World) -> (common::Member, Arc<Store>, SyncEngine) {
    let sec = w.invite("DIGST", Role::Secretariat, "Sara Sekretær");
    let store = Arc::new(Store::open(&w.store_path("sec")).unwrap());
    let e = engine(w, &store, &sec.token, "sec");
    e.sync_once(today()).await.unwrap();
    (sec, store, e)
}

/// `len` bytes after a PDF header, varied by `seed` (the hub checks only the header).
fn pdf(seed: u32, len: u32) -> Vec<u8> {
    b"%PDF-1.7\n"
        .iter()
        .copied()
        .chain((0..len).map(|i| (i.wrapping_add(seed).wrapping_mul(2654435761) >> 9) as u8))
        .collect()
}

fn item(id: AgendaItemId, meeting: MeetingId, title: &str) -> AgendaItem {
    AgendaItem {
        id,
        meeting,
        number: 0,
        title: title.into(),
        description: String::new(),
        kind: AgendaItemKind::Decision,
        systems: vec![],
        escalation: None,
        procedure: None,
        presenter: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_writes_on_a_train_and_the_hub_gets_each_act_once() {
    let mut w = World::start().await;
    let sec = w.invite("DIGST", Role::Secretariat, "Sara Sekretær");
    let path = w.store_path("sec");
    let store = Arc::new(Store::open(&path).unwrap());
    engine(&w, &store, &sec.token, "sec")
        .sync_once(today())
        .await
        .unwrap();

    // On the train: the hub is out of reach.
    w.stop_hub().await;
    let meeting = MeetingId::from_uuid(Uuid::now_v7());
    store
        .write_op(
            Op::UpsertMeeting {
                meeting: Meeting {
                    live: None,
                    id: meeting,
                    kind: MeetingKind::Extra,
                    date: common::d("2026-04-20"),
                    start: NaiveTime::from_hms_opt(13, 0, 0).unwrap(),
                    end: None,
                    location: "Online".into(),
                    attendance: AttendanceMode::Online,
                    status: MeetingStatus::Planned,
                    agenda_published_on: None,
                    cancellation_reason: None,
                    link: Some("https://teams.microsoft.com/l/ekstra".into()),
                    agenda_approved_on: None,
                },
            },
            today(),
        )
        .unwrap();
    // Each next act is decided over the ones still waiting: the meeting exists locally, and
    // the second item comes after the first.
    let (a, b) = (
        AgendaItemId::from_uuid(Uuid::now_v7()),
        AgendaItemId::from_uuid(Uuid::now_v7()),
    );
    for (id, title) in [
        (a, "Hændelse i NemLog-in"),
        (b, "Kommunikation til borgerne"),
    ] {
        store
            .write_op(
                Op::UpsertAgendaItem {
                    item: item(id, meeting, title),
                },
                today(),
            )
            .unwrap();
    }
    store
        .write_op(
            Op::ReorderAgenda {
                meeting,
                items: vec![b, a],
            },
            today(),
        )
        .unwrap();
    // A wrong act is refused on the train in core's words, and nothing is queued.
    let err = store
        .write_op(
            Op::ReorderAgenda {
                meeting,
                items: vec![a],
            },
            today(),
        )
        .unwrap_err();
    assert_eq!(err.body().code, "agenda_order_mismatch");
    assert_eq!(store.outbox().unwrap().len(), 4);

    // The app is closed and opened again before the network is back.
    drop(store);
    let store = Arc::new(Store::open(&path).unwrap());
    assert_eq!(store.outbox().unwrap().len(), 4);
    w.start_hub().await;
    let e = engine(&w, &store, &sec.token, "sec");
    e.sync_once(today()).await.unwrap();
    e.sync_once(today()).await.unwrap();
    assert!(store
        .outbox()
        .unwrap()
        .iter()
        .all(|x| x.state == OutboxState::Applied));

    // Once each, in order, with the agenda as it was built.
    let device = store.device_id().unwrap().0.to_string();
    let (count, items): (i64, Vec<(String, i64)>) = w
        .hub_store
        .read(|c| {
            let n = c.query_row(
                "SELECT COUNT(*) FROM mutations WHERE device_id = ?1",
                [&device],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare(
                "SELECT json_extract(body, '$.body.title'), json_extract(body, '$.body.number')
                 FROM entities WHERE kind = 'agenda_item' AND meeting = ?1 ORDER BY 2",
            )?;
            let items = stmt
                .query_map([meeting.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok((n, items))
        })
        .unwrap();
    assert_eq!(count, 4);
    assert_eq!(
        items,
        [
            ("Kommunikation til borgerne".to_owned(), 1),
            ("Hændelse i NemLog-in".to_owned(), 2)
        ]
    );
    // And the desk's copy agrees with the hub's.
    let local: Vec<String> = store
        .agenda(meeting)
        .unwrap()
        .into_iter()
        .map(|i| i.title)
        .collect();
    assert_eq!(
        local,
        ["Kommunikation til borgerne", "Hændelse i NemLog-in"]
    );

    // The desk's own view (through the outbox overlay) agrees too, and a meeting in April is not
    // run live in March.
    let on_desk = store.desk_meeting(meeting, today()).unwrap().unwrap();
    assert_eq!(
        on_desk
            .items
            .iter()
            .map(|i| i.title.as_str())
            .collect::<Vec<_>>(),
        ["Kommunikation til borgerne", "Hændelse i NemLog-in"]
    );
    assert!(!on_desk.in_progress);
    assert!(!on_desk.may_be_marked_held, "not before its day");
    // The attendance list starts from core's expectation: each organisation's member.
    let expected: Vec<(&str, Option<_>)> = on_desk
        .expected_attendance
        .iter()
        .map(|a| (a.org.as_str(), a.person))
        .collect();
    assert!(
        expected.contains(&("KL", Some(w.kl.person))),
        "{expected:?}"
    );
    assert!(
        expected.contains(&("DR", Some(w.dr.person))),
        "{expected:?}"
    );

    // A member is refused the desk on their own machine, in the matrix's words.
    let kl_store = Arc::new(Store::open(&w.store_path("kl")).unwrap());
    engine(&w, &kl_store, &w.kl.token, "kl")
        .sync_once(today())
        .await
        .unwrap();
    let err = kl_store
        .write_op(Op::PublishAgenda { meeting }, today())
        .unwrap_err();
    assert_eq!(err.body().code, "secretariat_only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn material_uploads_from_disk_reads_offline_and_is_published_from_the_desk() {
    let w = World::start().await;
    let (sec, store, e) = secretariat(&w).await;

    let bytes = pdf(1, 400_000);
    let file = w.client_dir.path().join("bilag.pdf");
    std::fs::write(&file, &bytes).unwrap();
    // An earlier attempt got the first half through before the connection went.
    let sha = styrebord_sync::sha256_of_file(&file).await.unwrap();
    let half = bytes.len() / 2;
    let first = styrebord_sync::http::client()
        .put(format!("{}/v1/blobs/{sha}", w.proxy.base()))
        .bearer_auth(&sec.token)
        .header(
            "Content-Range",
            format!("bytes 0-{}/{}", half - 1, bytes.len()),
        )
        .body(bytes[..half].to_vec())
        .send()
        .await
        .unwrap();
    assert!(first.status().is_success());
    let (sha, up) = e.upload(&file).await.unwrap();
    assert_eq!(up.bytes, bytes.len() as u64);
    assert_eq!(
        up.sent,
        (bytes.len() - half) as u64,
        "resumed, not sent again"
    );
    assert!(!up.already_there);
    // Again: the hub has it, nothing is sent twice.
    let (again, up) = e.upload(&file).await.unwrap();
    assert_eq!((again.as_str(), up.already_there), (sha.as_str(), true));
    // It is on this disk, readable offline, and the desk may publish it.
    assert_eq!(std::fs::read(e.blob_file(&sha)).unwrap(), bytes);
    let doc = DocumentId::from_uuid(Uuid::now_v7());
    store
        .write_op(
            Op::PublishDocument {
                document: doc,
                meeting: w.meeting,
                agenda_item: Some(w.item),
                title: "Bilag 3: Hændelsesrapport".into(),
                sha256: sha.parse().unwrap(),
                change_note: None,
            },
            today(),
        )
        .unwrap();
    e.sync_once(today()).await.unwrap();
    let on_hub = w
        .hub_store
        .read(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM entities WHERE kind = 'document' AND sha256 = ?1",
                [&sha],
                |r| r.get::<_, i64>(0),
            )?)
        })
        .unwrap();
    assert_eq!(on_hub, 1);
}

/// The text of the desk's own upload is asked for once a document of it is published (the hub
/// shows the text of a document's file), not before: asked too early it would have been
/// recorded as no text, and the document never found by search on the secretariat's laptop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desks_upload_is_searchable_once_published() {
    let w = World::start().await;
    let sec = w.invite("DIGST", Role::Secretariat, "Sara Sekretær");
    let (store, e) = w.client_configured("sec", &sec, |cfg| cfg.index_text = true);
    e.sync_once(today()).await.unwrap();
    let fonts = styrebord_pdf::Fonts::from_system().expect("system fonts (fonts-liberation2)");
    let doc = styrebord_pdf::PdfDocument::new("Hændelsesrapport")
        .paragraph("Nedbruddet skyldtes en udløbet certifikatkæde hos leverandøren.");
    let file = w.client_dir.path().join("rapport.pdf");
    std::fs::write(&file, styrebord_pdf::write_pdf(&doc, &fonts).unwrap()).unwrap();
    let (sha, _) = e.upload(&file).await.unwrap();

    // Uploaded, not yet published: a round asks nothing about it.
    w.proxy.clear_log();
    let r = e.sync_once(today()).await.unwrap();
    assert_eq!(r.indexed, 0, "{r:?}");
    assert!(
        !w.proxy.log().iter().any(|l| l.contains("/text")),
        "{:?}",
        w.proxy.log()
    );
    assert!(store.search("certifikatkæde", 10).unwrap().hits.is_empty());

    store
        .write_op(
            Op::PublishDocument {
                document: DocumentId::from_uuid(Uuid::now_v7()),
                meeting: w.meeting,
                agenda_item: Some(w.item),
                title: "Bilag 3: Hændelsesrapport".into(),
                sha256: sha.parse().unwrap(),
                change_note: None,
            },
            today(),
        )
        .unwrap();
    let r = e.sync_once(today()).await.unwrap();
    assert_eq!(r.indexed, 1, "{r:?}");
    assert_eq!(store.search("certifikatkæde", 10).unwrap().hits.len(), 1);
}

/// A running app waits on the hub's long poll, so the secretariat's act reaches it at once
/// rather than at the next interval (both set to a minute here, so only the long poll can
/// explain an arrival within seconds). The delay itself is measured in docs/BENCHMARKS.md.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_app_hears_of_an_act_through_the_long_poll() {
    let w = World::start().await;
    let store = Arc::new(Store::open(&w.store_path("kl")).unwrap());
    let mut cfg = SyncConfig::new(
        w.proxy.base(),
        w.kl.token.clone(),
        w.client_dir.path().join("kl-blobs"),
    );
    cfg.index_text = false;
    cfg.interval = std::time::Duration::from_secs(60);
    cfg.long_poll = Some(std::time::Duration::from_secs(30));
    let engine = Arc::new(SyncEngine::new(store.clone(), cfg).unwrap());
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let running = {
        let engine = engine.clone();
        tokio::spawn(async move { engine.run(stop_rx, today).await })
    };
    // Wait for the first sync, then give the engine a moment to park on the long poll.
    while store.cursor().unwrap().is_none() {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // The secretariat plans a meeting over HTTP (through the serving hub, which wakes its polls).
    let sec = w.invite("DIGST", Role::Secretariat, "Sara Sekretær");
    let meeting = MeetingId::from_uuid(Uuid::now_v7());
    let op = serde_json::json!({"type": "upsert_meeting", "meeting": {"id": meeting, "kind": "extra",
        "date": "2026-05-05", "start": "13:00:00", "end": null, "location": "Online",
        "attendance": "online", "status": "planned"}});
    let written = std::time::Instant::now();
    let resp = styrebord_sync::http::client()
        .post(format!("{}/v1/mutations", w.proxy.base()))
        .bearer_auth(&sec.token)
        .json(&serde_json::json!({"device_id": Uuid::now_v7(), "mutations": [{"mutation_id": Uuid::now_v7(), "client_seq": 1, "op": op}]}))
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    let arrived = loop {
        if store
            .meeting_plan(Some(2026))
            .unwrap()
            .iter()
            .any(|m| m.meeting.id == meeting)
        {
            break written.elapsed();
        }
        assert!(
            written.elapsed() < std::time::Duration::from_secs(10),
            "not heard of within 10 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    };
    println!("long poll: the act reached the member's store after {arrived:?}");
    // For `make bench` (scripts/bench/run.py): one sample; the runner adds wall, CPU and load.
    println!(
        "BENCH\tlong poll: a secretariat act to a member's store\t-\t-\t{:.1}\t-\tms\t-\t-\t-",
        arrived.as_secs_f64() * 1000.0
    );
    stop.send(true).unwrap();
    engine.wake();
    let _ = running.await;
}

/// A connection lost in the middle of an upload (the proxy passes the hub only part of the
/// body, then goes dead, twice): the desk's upload waits, resumes from the hub's copy and
/// finishes; the progress it reports rises to the whole file, says when it was interrupted, and
/// the hub ends with exactly the file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_cut_midway_resumes_and_reports_its_progress() {
    let w = World::start().await;
    let (_sec, _store, e) = secretariat(&w).await;

    let bytes = pdf(2, 3_000_000);
    let file = w.client_dir.path().join("stor-bilag.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let total = bytes.len() as u64;
    w.proxy
        .push("/v1/blobs/", common::proxy::Fault::CutRequest(1_000_000));
    w.proxy
        .push("/v1/blobs/", common::proxy::Fault::CutRequest(700_000));

    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let (sha, up) = e
        .upload_patiently(
            &file,
            Arc::new(move |p| log.lock().unwrap().push(p)),
            std::time::Duration::from_secs(60),
        )
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    let interruptions = seen.iter().filter(|p| p.interrupted).count();
    assert_eq!(interruptions, 2, "each cut is reported: {:?}", seen.len());
    assert!(seen.iter().all(|p| p.total == total && p.sent <= total));
    assert_eq!(
        seen.last().map(|p| (p.sent, p.interrupted)),
        Some((total, false))
    );
    // The last try resumed where the hub's copy ended: it sent less than the whole file.
    assert!(up.sent < total, "resumed, not restarted: sent {}", up.sent);
    assert!(
        up.sent <= total - 1_700_000,
        "both partial pieces were kept: {}",
        up.sent
    );
    // Each try began where the hub's copy ended, so the bar never went back below that.
    let starts: Vec<u64> = seen
        .windows(2)
        .filter(|w| w[0].interrupted)
        .map(|w| w[1].sent)
        .collect();
    assert_eq!(starts, vec![1_000_000, 1_700_000], "{starts:?}");
    // The hub has the whole file (it checks the hash before it counts a file complete), and
    // this device keeps the same bytes to read offline.
    let (again, up) = e.upload(&file).await.unwrap();
    assert_eq!((again, up.already_there), (sha.clone(), true));
    assert_eq!(e.read_blob(&sha).await.unwrap(), bytes);
}

/// Material for a written procedure, end to end: the secretariat uploads two PDFs and publishes
/// them on the procedure (its own procedure view shows them at once, before the hub has them);
/// a member syncs, the procedure lists them by title with their files downloaded, and they read
/// offline (a document with no meeting); a new version with its change note arrives unread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn procedure_material_is_published_from_the_desk_and_read_offline() {
    use styrebord_store::BlobState;

    let mut w = World::start().await;
    let (_sec, sec_store, e) = secretariat(&w).await;

    let files = w.client_dir.path().to_path_buf();
    let upload = |name: &str, bytes: &[u8]| {
        let file = files.join(name);
        std::fs::write(&file, bytes).unwrap();
        file
    };
    let window = pdf(1, 200_000);
    let plan = pdf(2, 50_000);
    let (window_sha, _) = e.upload(&upload("vindue.pdf", &window)).await.unwrap();
    let (plan_sha, _) = e.upload(&upload("plan.pdf", &plan)).await.unwrap();
    let window_doc = DocumentId::from_uuid(Uuid::now_v7());
    let plan_doc = DocumentId::from_uuid(Uuid::now_v7());
    // Published in the other order than their titles sort.
    for (doc, title, sha) in [
        (plan_doc, "Bilag 2: Tidsplan", &plan_sha),
        (window_doc, "Bilag 1: Vinduet", &window_sha),
    ] {
        sec_store
            .write_op(
                Op::PublishProcedureDocument {
                    document: doc,
                    procedure: w.procedure,
                    title: title.into(),
                    sha256: sha.parse().unwrap(),
                    change_note: None,
                },
                today(),
            )
            .unwrap();
    }
    // The desk sees what it published while the acts still wait in the outbox.
    let waiting = sec_store.procedure(w.procedure, today()).unwrap().unwrap();
    let titles: Vec<&str> = waiting
        .documents
        .iter()
        .map(|d| d.document.title.as_str())
        .collect();
    assert_eq!(titles, ["Bilag 1: Vinduet", "Bilag 2: Tidsplan"]);
    assert!(waiting
        .documents
        .iter()
        .all(|d| d.blob == Some(BlobState::Available)));
    e.sync_once(today()).await.unwrap();
    assert!(sec_store
        .outbox()
        .unwrap()
        .iter()
        .all(|x| x.state == OutboxState::Applied));
    let synced = sec_store.procedure(w.procedure, today()).unwrap().unwrap();
    assert_eq!(synced.documents.len(), 2, "not doubled by the overlay");

    // A member syncs: the procedure lists its material, downloaded.
    let (store, member) = w.client();
    member.sync_once(today()).await.unwrap();
    let view = store.procedure(w.procedure, today()).unwrap().unwrap();
    let listed: Vec<(DocumentId, &str, Option<BlobState>, bool)> = view
        .documents
        .iter()
        .map(|d| (d.document.id, d.document.title.as_str(), d.blob, d.read))
        .collect();
    assert_eq!(
        listed,
        [
            (
                window_doc,
                "Bilag 1: Vinduet",
                Some(BlobState::Available),
                false
            ),
            (
                plan_doc,
                "Bilag 2: Tidsplan",
                Some(BlobState::Available),
                false
            ),
        ]
    );
    let first = &view.documents[0].document;
    assert_eq!(
        (first.meeting, first.procedure, first.version),
        (None, Some(w.procedure), 1)
    );
    // The list of all procedures carries it too; the meeting's material does not.
    let all = store.procedures(today()).unwrap();
    let p = all.iter().find(|p| p.procedure.id == w.procedure).unwrap();
    assert_eq!(p.documents.len(), 2);
    let meeting = store.meeting(w.meeting, today()).unwrap().unwrap();
    assert!(meeting
        .agenda
        .iter()
        .flat_map(|a| &a.documents)
        .chain(&meeting.other_documents)
        .all(|d| d.document.procedure.is_none()));

    // Offline: the reader opens it (a document with no meeting) and its bytes are on this disk.
    w.stop_hub().await;
    let doc = store.document(window_doc).unwrap().unwrap();
    assert_eq!(doc.document.procedure, Some(w.procedure));
    assert_eq!(doc.blob, Some(BlobState::Available));
    assert_eq!(member.read_blob(&window_sha).await.unwrap(), window);
    store.mark_read(window_doc, Some(1)).unwrap();
    assert!(
        store
            .procedure(w.procedure, today())
            .unwrap()
            .unwrap()
            .documents[0]
            .read,
        "read marks show in the procedure's list"
    );
    w.start_hub().await;

    // A new version with its change note: unread again, its new file downloaded.
    let window2 = pdf(3, 120_000);
    let (window2_sha, _) = e.upload(&upload("vindue2.pdf", &window2)).await.unwrap();
    sec_store
        .write_op(
            Op::PublishProcedureDocument {
                document: window_doc,
                procedure: w.procedure,
                title: "Bilag 1: Vinduet".into(),
                sha256: window2_sha.parse().unwrap(),
                change_note: Some("Vinduet er flyttet en uge.".into()),
            },
            today(),
        )
        .unwrap();
    let waiting = sec_store.procedure(w.procedure, today()).unwrap().unwrap();
    assert_eq!(waiting.documents[0].document.version, 2);
    e.sync_once(today()).await.unwrap();
    member.sync_once(today()).await.unwrap();
    let view = store.procedure(w.procedure, today()).unwrap().unwrap();
    let d = &view.documents[0];
    assert_eq!(
        (
            d.document.id,
            d.document.version,
            d.document.change_note.as_deref(),
            d.blob,
            d.read
        ),
        (
            window_doc,
            2,
            Some("Vinduet er flyttet en uge."),
            Some(BlobState::Available),
            false
        )
    );
    assert_eq!(member.read_blob(&window2_sha).await.unwrap(), window2);

    // Once the deadline has passed the case is decided: no more material (core's refusal, the
    // same offline as at the hub).
    let deadline = view.procedure.deadline;
    let late = sec_store
        .write_op(
            Op::PublishProcedureDocument {
                document: DocumentId::from_uuid(Uuid::now_v7()),
                procedure: w.procedure,
                title: "Bilag 3: For sent".into(),
                sha256: window2_sha.parse().unwrap(),
                change_note: None,
            },
            deadline + chrono::Days::new(1),
        )
        .unwrap_err();
    assert!(
        format!("{late:?}").contains("ProcedureDeadlinePassed"),
        "{late:?}"
    );
}
