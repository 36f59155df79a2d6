//! A whole committee year with no demo and no shell after installation: `styrebord-hub init` on
//! an empty data directory and one secretariat token (the installation step), then the real hub
//! process driven over HTTP only — people invited, the year planned, an agenda built by the
//! secretariat and the chair, approved and published with uploaded PDFs (one resumed after a cut
//! connection), a new version, a substitute and an observer registered from a member's app, the
//! meeting held, the draft minutes sent, commented, disposed of and approved at the next
//! meeting, reminders, a written procedure objected to (the case lands on the next agenda) and
//! one closed when all agreed, a system admitted to the portfolio by a meeting's decision, a
//! quarterly status and a roadmap conflict.
//!
//! Time passes by restarting the hub process with a later `--today` on the same data. A KL
//! member's app (the real store and sync engine) follows the year and ends with exactly the
//! records the hub shows KL.

mod serve_process;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::Arc;

use chrono::NaiveDate;
use reqwest::StatusCode;
use serde_json::{json, Value};
use styrebord_core::entity::Entity;
use styrebord_core::ids::{MeetingId, WrittenProcedureId};
use styrebord_core::procedure::Response;
use styrebord_core::registration::{NewRegistration, RegistrationKind};
use styrebord_core::write::Op;
use styrebord_core::OrgId;
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id() -> String {
    Uuid::now_v7().to_string()
}

fn pdf(title: &str, text: &str) -> Vec<u8> {
    let fonts = styrebord_pdf::Fonts::from_system().expect("system fonts (fonts-liberation2)");
    let doc = styrebord_pdf::PdfDocument::new(title)
        .heading(title)
        .paragraph(text);
    styrebord_pdf::write_pdf(&doc, &fonts).unwrap()
}

fn sha(bytes: &[u8]) -> String {
    styrebord_hub::blobs::sha256_of(bytes).to_string()
}

/// One person's access: their token and their device's next `client_seq`.
struct Person {
    token: String,
    device: String,
    next_seq: u64,
}

/// The hub process, restarted for each day the year moves to.
struct Hub {
    data: PathBuf,
    process: Option<Child>,
    base: String,
    http: reqwest::Client,
    today: NaiveDate,
}

impl Hub {
    fn start(data: &Path, today: NaiveDate) -> Hub {
        let (child, addr) = serve_process::spawn(data, Some(&today.to_string()));
        Hub {
            data: data.to_path_buf(),
            process: Some(child),
            base: format!("http://{addr}"),
            http: styrebord_sync::http::client(),
            today,
        }
    }

    /// Stops the process and starts it again on `today` (a new port).
    fn move_to(&mut self, today: NaiveDate) {
        self.stop();
        let (child, addr) = serve_process::spawn(&self.data, Some(&today.to_string()));
        self.process = Some(child);
        self.base = format!("http://{addr}");
        self.today = today;
    }

    fn stop(&mut self) {
        if let Some(mut p) = self.process.take() {
            let _ = p.kill();
            let _ = p.wait();
        }
    }

    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let text = resp.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// One op as `who`; returns the mutation's result (applied or rejected).
    async fn act(&self, who: &mut Person, op: Value) -> Value {
        let seq = who.next_seq;
        let body = json!({
            "device_id": who.device,
            "mutations": [{"mutation_id": id(), "client_seq": seq, "op": op}],
        });
        let (status, v) = self
            .call(
                reqwest::Method::POST,
                "/v1/mutations",
                &who.token,
                Some(body),
            )
            .await;
        if status == StatusCode::OK {
            who.next_seq += 1;
            v["results"][0].clone()
        } else {
            // 403 and friends: the batch was refused whole and the sequence did not move.
            json!({"status": "forbidden", "http": status.as_u16(), "code": v["code"]})
        }
    }

    /// An op that must be applied; returns its notices' codes.
    async fn ok(&self, who: &mut Person, op: Value) -> Vec<String> {
        let r = self.act(who, op.clone()).await;
        assert_eq!(r["status"], "applied", "{op}\n→ {r}");
        r["notices"]
            .as_array()
            .map(|n| {
                n.iter()
                    .map(|x| x["code"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    async fn refused(&self, who: &mut Person, op: Value) -> String {
        let r = self.act(who, op.clone()).await;
        assert_ne!(r["status"], "applied", "{op} was applied");
        r["code"].as_str().unwrap().to_owned()
    }

    async fn invite(&self, sec: &Person, org: &str, role: &str, name: &str) -> Person {
        let (status, v) = self
            .call(
                reqwest::Method::POST,
                "/v1/people",
                &sec.token,
                Some(json!({"id": id(), "org": org, "role": role, "name": name,
                            "email": format!("{}@{}.dk", name.split(' ').next().unwrap().to_lowercase(), org.to_lowercase())})),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{v}");
        Person {
            token: v["token"].as_str().unwrap().to_owned(),
            device: id(),
            next_seq: 1,
        }
    }

    /// Uploads a file whole.
    async fn upload(&self, sec: &Person, bytes: &[u8]) -> String {
        let sha = sha(bytes);
        let resp = self
            .http
            .put(format!("{}/v1/blobs/{sha}", self.base))
            .bearer_auth(&sec.token)
            .body(bytes.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::CREATED);
        sha
    }

    /// Uploads a file in two pieces with the connection cut in the middle of the second: the
    /// hub keeps what arrived, says where to resume, and the rest completes it.
    async fn upload_resumed_after_a_cut(&self, sec: &Person, bytes: &[u8]) -> String {
        let sha = sha(bytes);
        let total = bytes.len();
        let half = total / 2;
        let put = |from: usize, to: usize| {
            self.http
                .put(format!("{}/v1/blobs/{sha}", self.base))
                .bearer_auth(&sec.token)
                .header("Content-Range", format!("bytes {from}-{}/{total}", to - 1))
        };
        let first = put(0, half)
            .body(bytes[..half].to_vec())
            .send()
            .await
            .unwrap();
        assert!(first.status().is_success(), "{}", first.status());
        // The second piece's body breaks off after a few bytes: a cut connection.
        {
            use tokio::io::AsyncWriteExt;
            let addr = self.base.trim_start_matches("http://");
            let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
            let head = format!(
                "PUT /v1/blobs/{sha} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n\
                 Content-Range: bytes {half}-{}/{total}\r\nContent-Length: {}\r\n\r\n",
                sec.token,
                total - 1,
                total - half
            );
            socket.write_all(head.as_bytes()).await.unwrap();
            socket.write_all(&bytes[half..half + 64]).await.unwrap();
            socket.flush().await.unwrap();
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            drop(socket); // the train went into a tunnel
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        // Where to resume, by the hub's own count.
        let (status, v) = self
            .call(
                reqwest::Method::GET,
                &format!("/v1/uploads/{sha}"),
                &sec.token,
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["complete"], false);
        let received = usize::try_from(v["received"].as_u64().unwrap()).unwrap();
        assert!((half..=half + 64).contains(&received), "{v}");
        let rest = put(received, total)
            .body(bytes[received..].to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(rest.status(), StatusCode::CREATED);
        sha
    }

    /// Every record `who` may see now, folded from the change feed: (kind, key) → body.
    async fn view_of(&self, who: &Person) -> BTreeMap<(String, String), Value> {
        let mut view = BTreeMap::new();
        let mut since = String::new();
        loop {
            let path = if since.is_empty() {
                "/v1/changes?limit=500".to_owned()
            } else {
                format!("/v1/changes?since={since}&limit=500")
            };
            let (status, page) = self
                .call(reqwest::Method::GET, &path, &who.token, None)
                .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            for c in page["changes"].as_array().unwrap() {
                let entity: Entity =
                    serde_json::from_value(json!({"kind": c["kind"], "body": c["body"]})).unwrap();
                fold(&mut view, entity);
            }
            since = page["cursor"].as_str().unwrap().to_owned();
            if !page["has_more"].as_bool().unwrap() {
                return view;
            }
        }
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Applies one change to a view the way an app keeps it.
fn fold(view: &mut BTreeMap<(String, String), Value>, entity: Entity) {
    match &entity {
        Entity::Withdrawn { of, id } => {
            view.remove(&(of.to_string(), id.clone()));
        }
        Entity::RegistrationCancelled { id, .. } => {
            view.remove(&("registration".to_owned(), id.to_string()));
        }
        _ => {
            let key = (entity.kind().to_string(), entity.record_key());
            let body = serde_json::to_value(&entity).unwrap()["body"].clone();
            view.insert(key, body);
        }
    }
}

/// What the member's app holds: (kind, key) → body, read from its database file.
fn mirror_of(path: &Path) -> BTreeMap<(String, String), Value> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT kind, id, body FROM entities").unwrap();
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .unwrap();
    rows.map(|r| {
        let (kind, id, body) = r.unwrap();
        ((kind, id), serde_json::from_str(&body).unwrap())
    })
    .collect()
}

/// The KL member's app: its own database, blob folder and sync engine, pointed at the hub's
/// current address (which changes with each restart).
struct App {
    dir: PathBuf,
    token: String,
    store: Arc<Store>,
}

impl App {
    fn db(&self) -> PathBuf {
        self.dir.join("kl.sqlite3")
    }

    /// When the chair approved `meeting`'s agenda, as KL's app has it from the hub.
    fn agenda_approved_on(&self, meeting: MeetingId, today: NaiveDate) -> Option<NaiveDate> {
        let view = self.store.meeting(meeting, today).unwrap();
        view.expect("the meeting")
            .summary
            .meeting
            .agenda_approved_on
    }

    async fn sync(&self, hub: &Hub) {
        let mut cfg = SyncConfig::new(hub.base.clone(), self.token.clone(), self.dir.join("blobs"));
        cfg.index_text = false;
        let engine = SyncEngine::new(self.store.clone(), cfg).unwrap();
        engine.sync_once(hub.today).await.unwrap();
        assert!(
            self.store
                .outbox()
                .unwrap()
                .iter()
                .all(|e| e.state == styrebord_store::OutboxState::Applied),
            "every write of the app reached the hub: {:?}",
            self.store.outbox().unwrap()
        );
    }
}

fn shell(data: &Path, args: &[&str]) -> String {
    let out = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("styrebord-hub"))
        .arg("--data")
        .arg(data)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

fn meeting(id: &str, date: &str, link: Option<&str>) -> Value {
    json!({"id": id, "kind": "ordinary", "date": date, "start": "10:00:00", "end": "12:00:00",
           "location": "Digitaliseringsstyrelsen, Landgreven 4", "attendance": if link.is_some() { "hybrid" } else { "in_person" },
           "status": "planned", "link": link})
}

fn item(id: &str, meeting: &str, title: &str, presenter: Option<&str>, systems: &[&str]) -> Value {
    json!({"id": id, "meeting": meeting, "number": 0, "title": title,
           "description": format!("{title}: indstilling til styregruppen."), "kind": "decision",
           "systems": systems, "escalation": null, "presenter": presenter})
}

fn system(code: &str, name: &str, owner: &str, depends_on: &[&str]) -> Value {
    json!({"code": code, "name": name, "owner": owner, "description": format!("{name} i drift"),
           "criticality": "high", "depends_on": depends_on, "critical_integrations": []})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committee_year_from_an_empty_hub_over_http_only() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");

    // Installation: the database and one secretariat account. Nothing after this uses a shell.
    shell(&data, &["init"]);
    let out = shell(
        &data,
        &[
            "invite",
            "--org",
            "DIGST",
            "--role",
            "secretariat",
            "--name",
            "Sara Sekretær",
            "--email",
            "sara@digst.dk",
        ],
    );
    let token = out
        .split_whitespace()
        .find(|w| w.starts_with("sbh1_"))
        .expect("the invite prints the token")
        .to_owned();
    let mut sec = Person {
        token,
        device: id(),
        next_seq: 1,
    };

    // ---- 4 January 2027: people, the year's plan, the portfolio, the first agenda.
    let mut hub = Hub::start(&data, d("2027-01-04"));
    let mut chair = hub.invite(&sec, "DIGST", "chair", "Carl Formand").await;
    let kl = hub.invite(&sec, "KL", "member", "Karen Kommune").await;
    let mut atp = hub.invite(&sec, "ATP", "member", "Anders ATP").await;

    let m: Vec<String> = (0..4).map(|_| id()).collect();
    let dates = ["2027-03-11", "2027-06-10", "2027-09-09", "2027-12-09"];
    let mut plan_notices = Vec::new();
    for (mid, date) in m.iter().zip(dates) {
        let link = (date == "2027-03-11")
            .then_some("https://teams.microsoft.com/l/meetup-join/styregruppen");
        plan_notices.push(
            hub.ok(
                &mut sec,
                json!({"type": "upsert_meeting", "meeting": meeting(mid, date, link)}),
            )
            .await,
        );
    }
    assert!(
        plan_notices[2].contains(&"plan_too_few_meetings".to_owned()),
        "{plan_notices:?}"
    );
    assert!(
        plan_notices[3].is_empty(),
        "four meetings is the plan: {plan_notices:?}"
    );
    // A bad link is refused in core's words.
    let mut bad = meeting(&m[1], "2027-06-10", Some("teams"));
    bad["attendance"] = json!("online");
    assert_eq!(
        hub.refused(&mut sec, json!({"type": "upsert_meeting", "meeting": bad}))
            .await,
        "meeting_link_invalid"
    );

    hub.ok(
        &mut sec,
        json!({"type": "import_portfolio", "systems": [
            system("MITID", "MitID", "DIGST", &[]),
            system("NEMLOGIN", "NemLog-in", "DIGST", &["MITID"]),
        ]}),
    )
    .await;
    // A new system cannot be slipped in by an edit: it takes a meeting's decision.
    assert_eq!(
        hub.refused(&mut sec, json!({"type": "upsert_system", "system": system("DIGITALPOST", "Digital Post", "DIGST", &["MITID"])})).await,
        "system_needs_decision"
    );

    let (i1, i2, i3) = (id(), id(), id());
    hub.ok(&mut sec, json!({"type": "upsert_agenda_item", "item": item(&i1, &m[0], "Driftsstatus 4. kvartal 2026", Some("DIGST"), &["MITID"])})).await;
    hub.ok(&mut sec, json!({"type": "upsert_agenda_item", "item": item(&i2, &m[0], "Vedligeholdelsesvindue for NemLog-in", Some("KL"), &["NEMLOGIN"])})).await;
    // The chair prepares the meeting with the secretariat: adds an item, puts it first …
    hub.ok(&mut chair, json!({"type": "upsert_agenda_item", "item": item(&i3, &m[0], "Optagelse af Digital Post i porteføljen", Some("DIGST"), &[])})).await;
    hub.ok(
        &mut chair,
        json!({"type": "reorder_agenda", "meeting": m[0], "items": [i3, i1, i2]}),
    )
    .await;
    assert_eq!(
        hub.refused(
            &mut chair,
            json!({"type": "reorder_agenda", "meeting": m[0], "items": [i1, i2]})
        )
        .await,
        "agenda_order_mismatch"
    );
    // … and approves it; a member can do neither, and the secretariat does not approve.
    let mut kl_http = Person {
        token: kl.token.clone(),
        device: id(),
        next_seq: 1,
    };
    let r = hub
        .act(
            &mut kl_http,
            json!({"type": "approve_agenda", "meeting": m[0]}),
        )
        .await;
    assert_eq!(
        (r["http"].as_u64(), r["code"].as_str()),
        (Some(403), Some("chair_only"))
    );
    let r = hub
        .act(
            &mut kl_http,
            json!({"type": "publish_agenda", "meeting": m[0]}),
        )
        .await;
    assert_eq!(
        (r["http"].as_u64(), r["code"].as_str()),
        (Some(403), Some("secretariat_only"))
    );
    let r = hub
        .act(&mut sec, json!({"type": "approve_agenda", "meeting": m[0]}))
        .await;
    assert_eq!(
        (r["http"].as_u64(), r["code"].as_str()),
        (Some(403), Some("chair_only"))
    );
    hub.ok(
        &mut chair,
        json!({"type": "approve_agenda", "meeting": m[0]}),
    )
    .await;

    // The member's app signs in and follows.
    let app = App {
        dir: dir.path().join("app"),
        token: kl.token.clone(),
        store: Arc::new({
            std::fs::create_dir_all(dir.path().join("app")).unwrap();
            Store::open(&dir.path().join("app").join("kl.sqlite3")).unwrap()
        }),
    };
    app.sync(&hub).await;
    let m0 = MeetingId::parse(&m[0]).unwrap();
    assert!(
        app.store.agenda(m0).unwrap().is_empty(),
        "an unpublished agenda is the secretariat's"
    );

    // ---- 22 February: the material, uploaded over HTTP, and the agenda out in time.
    hub.move_to(d("2027-02-22"));
    let status_pdf = pdf(
        "Driftsstatus 4. kvartal 2026",
        "MitID: 99,97 procent tilgængelighed.",
    );
    let window_pdf = pdf(
        "Vedligeholdelsesvindue",
        "NemLog-in lukkes natten til 14. marts.",
    );
    let s1 = hub.upload(&sec, &status_pdf).await;
    let s2 = hub.upload_resumed_after_a_cut(&sec, &window_pdf).await;
    let (doc1, doc2) = (id(), id());
    hub.ok(&mut sec, json!({"type": "publish_document", "document": doc1, "meeting": m[0], "agenda_item": i1, "title": "Driftsstatus 4. kvartal 2026", "sha256": s1})).await;
    hub.ok(&mut sec, json!({"type": "publish_document", "document": doc2, "meeting": m[0], "agenda_item": i2, "title": "Vedligeholdelsesvindue", "sha256": s2})).await;
    let notices = hub
        .ok(&mut sec, json!({"type": "publish_agenda", "meeting": m[0]}))
        .await;
    assert!(notices.is_empty(), "approved and in time: {notices:?}");
    // A corrected version must say what changed.
    let corrected = pdf(
        "Driftsstatus 4. kvartal 2026",
        "MitID: 99,98 procent tilgængelighed (rettet).",
    );
    let s1b = hub.upload(&sec, &corrected).await;
    let v2 = json!({"type": "publish_document", "document": doc1, "meeting": m[0], "agenda_item": i1, "title": "Driftsstatus 4. kvartal 2026", "sha256": s1b});
    assert_eq!(
        hub.refused(&mut sec, v2.clone()).await,
        "change_note_missing"
    );
    let mut v2 = v2;
    v2["change_note"] = json!("Tilgængeligheden for MitID rettet til 99,98 procent");
    hub.ok(&mut sec, v2).await;

    app.sync(&hub).await;
    let agenda = app.store.agenda(m0).unwrap();
    assert_eq!(
        agenda.iter().map(|a| a.title.as_str()).collect::<Vec<_>>(),
        [
            "Optagelse af Digital Post i porteføljen",
            "Driftsstatus 4. kvartal 2026",
            "Vedligeholdelsesvindue for NemLog-in"
        ]
    );
    let doc = app
        .store
        .document(styrebord_core::DocumentId::parse(&doc1).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(doc.document.version, 2);
    assert_eq!(
        doc.document.change_note.as_deref(),
        Some("Tilgængeligheden for MitID rettet til 99,98 procent")
    );
    // The material is on the member's disk, to read offline.
    let on_disk = std::fs::read(app.dir.join("blobs").join(&s1b)).expect("the PDF is downloaded");
    assert_eq!(on_disk, corrected);

    // The member registers a substitute and an observer — offline first, then sent once.
    let kl_org = OrgId::parse("KL").unwrap();
    let registration = |kind, name: &str, email: &str| NewRegistration {
        org: kl_org.clone(),
        kind,
        person: None,
        name: name.into(),
        email: email.into(),
    };
    // The seat holder brings the observer, then hands the seat to the substitute.
    app.store
        .register(
            m0,
            registration(RegistrationKind::Observer, "Olga Observatør", "olga@kl.dk"),
            hub.today,
        )
        .unwrap();
    app.store
        .register(
            m0,
            registration(
                RegistrationKind::Substitute,
                "Søren Stedfortræder",
                "soeren@kl.dk",
            ),
            hub.today,
        )
        .unwrap();
    app.sync(&hub).await;

    // ---- 11 March: the meeting in progress, followed live by the member's app; then held,
    // with attendance as registered.
    hub.move_to(d("2027-03-11"));
    let decided = [
        (
            &i3,
            "Styregruppen indstiller Digital Post til optagelse i porteføljen.",
        ),
        (&i1, "Styregruppen tog driftsstatus til efterretning."),
        (&i2, "Styregruppen godkendte vinduet."),
    ];
    for (item, text) in decided {
        hub.ok(
            &mut sec,
            json!({"type": "set_current_item", "meeting": m[0], "item": item}),
        )
        .await;
        hub.ok(
            &mut sec,
            json!({"type": "record_live_decision", "meeting": m[0], "item": item, "text": text}),
        )
        .await;
    }
    app.sync(&hub).await;
    let live = app
        .store
        .meeting(m0, hub.today)
        .unwrap()
        .expect("the meeting")
        .summary
        .meeting
        .live
        .expect("in progress");
    assert_eq!(live.current_item.map(|i| i.to_string()), Some(i2.clone()));
    assert_eq!(live.decisions.len(), 3);
    hub.ok(
        &mut sec,
        json!({"type": "mark_meeting_held", "meeting": m[0], "attendance": []}),
    )
    .await;

    // ---- 18 March: the draft goes out; comments, reminders, dispositions; two procedures.
    hub.move_to(d("2027-03-18"));
    let minutes = id();
    // The draft starts from the decisions recorded live.
    hub.ok(
        &mut sec,
        json!({"type": "draft_minutes", "meeting": m[0], "minutes": minutes, "decisions": []}),
    )
    .await;
    let notices = hub
        .ok(&mut sec, json!({"type": "send_minutes_for_comments", "minutes": minutes, "closes": "2027-04-01"}))
        .await;
    assert!(
        notices.contains(&"approval_item_added".to_owned()),
        "{notices:?}"
    );
    // The chair approves June's agenda as it now stands (the approval of the minutes on it).
    hub.ok(
        &mut chair,
        json!({"type": "approve_agenda", "meeting": m[1]}),
    )
    .await;
    let m1 = MeetingId::parse(&m[1]).unwrap();

    app.sync(&hub).await;
    assert_eq!(app.agenda_approved_on(m1, hub.today), Some(d("2027-03-18")));
    let kl_comment = styrebord_core::CommentId::from_uuid(Uuid::now_v7());
    app.store
        .write_op(
            Op::CommentMinutes {
                minutes: styrebord_core::MinutesId::parse(&minutes).unwrap(),
                comment: kl_comment,
                agenda_item: styrebord_core::AgendaItemId::parse(&i2).unwrap(),
                text: "KL ønsker vinduet flyttet til en weekend.".into(),
            },
            hub.today,
        )
        .unwrap();
    app.sync(&hub).await;
    let atp_comment = id();
    hub.ok(&mut atp, json!({"type": "comment_minutes", "minutes": minutes, "comment": atp_comment, "agenda_item": i1, "text": "ATP bemærker nedbruddet i januar."})).await;

    // Who has not commented yet, and a reminder to them (the chair's organisation).
    let (status, out) = hub
        .call(
            reqwest::Method::GET,
            &format!("/v1/outstanding?minutes={minutes}"),
            &sec.token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(out["orgs"], json!(["DIGST"]));
    let (status, _) = hub
        .call(
            reqwest::Method::GET,
            &format!("/v1/outstanding?minutes={minutes}"),
            &kl.token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let notices = hub
        .ok(&mut sec, json!({"type": "send_reminder", "reminder": id(), "about": {"kind": "minutes", "id": minutes}}))
        .await;
    assert_eq!(notices, ["reminders_sent"]);

    hub.ok(&mut sec, json!({"type": "dispose_comment", "comment": kl_comment.to_string(), "disposition": {"kind": "not_incorporated", "why": "Vinduet er aftalt med leverandøren."}})).await;
    hub.ok(&mut sec, json!({"type": "dispose_comment", "comment": atp_comment, "disposition": {"kind": "incorporated"}})).await;

    // A written procedure with material; KL objects from its app, so the case goes to June.
    let p1 = id();
    hub.ok(&mut sec, json!({"type": "start_procedure", "procedure": p1, "title": "Ny frist for driftsrapportering", "description": "Rapporteringen flyttes til 10. arbejdsdag.", "deadline": "2027-03-31"})).await;
    let proc_pdf = pdf(
        "Ny frist for driftsrapportering",
        "Begrundelse og konsekvenser.",
    );
    let s3 = hub.upload(&sec, &proc_pdf).await;
    hub.ok(&mut sec, json!({"type": "publish_procedure_document", "document": id(), "procedure": p1, "title": "Notat om rapporteringsfrist", "sha256": s3})).await;
    app.sync(&hub).await;
    app.store
        .respond(
            WrittenProcedureId::parse(&p1).unwrap(),
            Response::Object("Fristen er for kort for kommunerne.".into()),
            hub.today,
        )
        .unwrap();
    app.sync(&hub).await;
    assert_eq!(
        hub.refused(&mut atp, json!({"type": "respond_procedure", "procedure": p1, "org": "ATP", "response": {"kind": "agree"}})).await,
        "procedure_closed_by_objection"
    );
    // The objection put the case on June's agenda, so the chair's approval of it is taken back.
    app.sync(&hub).await;
    assert_eq!(app.agenda_approved_on(m1, hub.today), None);
    // A second procedure: everyone agrees, so the secretariat closes it before the deadline.
    let p2 = id();
    hub.ok(&mut sec, json!({"type": "start_procedure", "procedure": p2, "title": "Kontaktpersoner for hændelser", "description": "Listen opdateres.", "deadline": "2027-04-15"})).await;
    assert_eq!(
        hub.refused(
            &mut sec,
            json!({"type": "close_procedure", "procedure": p2})
        )
        .await,
        "procedure_not_all_answered"
    );
    for (who, org) in [
        (&mut atp, "ATP"),
        (&mut chair, "DIGST"),
        (&mut kl_http, "KL"),
    ] {
        hub.ok(who, json!({"type": "respond_procedure", "procedure": p2, "org": org, "response": {"kind": "agree"}})).await;
    }
    hub.ok(
        &mut sec,
        json!({"type": "close_procedure", "procedure": p2}),
    )
    .await;

    // ---- 5 April: the round closes.
    hub.move_to(d("2027-04-05"));
    hub.ok(
        &mut sec,
        json!({"type": "close_comment_round", "minutes": minutes}),
    )
    .await;

    // ---- 10 June: the next meeting approves the minutes and admits Digital Post; the status
    // and the roadmap.
    hub.move_to(d("2027-06-10"));
    hub.ok(&mut sec, json!({"type": "publish_agenda", "meeting": m[1]}))
        .await;
    hub.ok(
        &mut sec,
        json!({"type": "mark_meeting_held", "meeting": m[1], "attendance": []}),
    )
    .await;
    hub.ok(&mut sec, json!({"type": "approve_minutes", "minutes": minutes, "at_meeting": m[1], "changed": [
        {"agenda_item": i2, "text": "Styregruppen godkendte vinduet; KL's ønske om en weekend noteres."},
    ]})).await;
    assert_eq!(
        hub.refused(&mut sec, json!({"type": "admit_system", "system": system("DIGITALPOST", "Digital Post", "DIGST", &["MITID"]), "decided_at": m[2]})).await,
        "decision_meeting_not_held"
    );
    hub.ok(&mut sec, json!({"type": "admit_system", "system": system("DIGITALPOST", "Digital Post", "DIGST", &["MITID"]), "decided_at": m[1]})).await;
    hub.ok(&mut sec, json!({"type": "record_quarterly_status", "status": {"system": "MITID", "quarter": "2027-Q1", "light": "yellow", "availability_percent": 99.8, "major_incidents": 1, "note": "Nedbrud 12. januar."}})).await;
    hub.ok(&mut sec, json!({"type": "upsert_roadmap_item", "item": {"id": id(), "system": "MITID", "title": "MitID 4.0", "kind": "release", "window": {"start": "2027-09-01", "end": "2027-09-05"}}})).await;
    hub.ok(&mut sec, json!({"type": "upsert_roadmap_item", "item": {"id": id(), "system": "NEMLOGIN", "title": "NemLog-in platformsskifte", "kind": "release", "window": {"start": "2027-09-03", "end": "2027-09-04"}}})).await;

    app.sync(&hub).await;

    // What the member sees of the year.
    let mv = app
        .store
        .minutes(m0, hub.today)
        .unwrap()
        .expect("the minutes");
    assert!(mv.minutes.approved_on.is_some(), "{mv:?}");
    assert!(
        mv.minutes.draft_decisions.is_some(),
        "the text as sent is kept beside the final"
    );
    let mine = mv
        .comments
        .iter()
        .find(|c| c.comment.id == kl_comment)
        .unwrap();
    assert!(
        mine.comment.disposition.is_some(),
        "KL sees what was done with its comment"
    );
    assert!(
        mv.comments.iter().all(|c| c.comment.org.as_str() == "KL"),
        "KL sees only its own comments"
    );
    let june = app.store.agenda(MeetingId::parse(&m[1]).unwrap()).unwrap();
    assert!(
        june.iter()
            .any(|a| a.title.starts_with("Godkendelse af referat")),
        "{june:?}"
    );
    assert!(
        june.iter()
            .any(|a| a.procedure.map(|p| p.to_string()) == Some(p1.clone())),
        "the objected case"
    );
    let portfolio = app.store.portfolio().unwrap();
    let dp = portfolio
        .iter()
        .find(|s| s.system.code.as_str() == "DIGITALPOST")
        .expect("Digital Post admitted");
    assert_eq!(
        dp.system.decided_at.map(|m| m.to_string()),
        Some(m[1].clone())
    );
    let roadmap = app.store.roadmap().unwrap();
    assert!(
        !roadmap.conflicts.is_empty(),
        "MitID and NemLog-in collide in September"
    );

    // And exactly the hub's view for KL: no record more, none less, none different.
    hub.move_to(d("2027-06-11"));
    app.sync(&hub).await;
    let hub_view = hub.view_of(&kl_http).await;
    let mirror = mirror_of(&app.db());
    assert!(hub_view.len() > 40, "a year of records: {}", hub_view.len());
    // The reminder went to the chair's organisation only, which had not commented.
    let is_reminder = |k: &(String, String)| k.0 == "reminder";
    assert!(!hub_view.keys().any(is_reminder));
    assert_eq!(
        hub.view_of(&chair)
            .await
            .keys()
            .filter(|k| is_reminder(k))
            .count(),
        1
    );
    let only_hub: Vec<_> = hub_view
        .keys()
        .filter(|k| !mirror.contains_key(*k))
        .collect();
    let only_app: Vec<_> = mirror
        .keys()
        .filter(|k| !hub_view.contains_key(*k))
        .collect();
    assert!(
        only_hub.is_empty() && only_app.is_empty(),
        "hub only: {only_hub:?}\napp only: {only_app:?}"
    );
    for (key, body) in &hub_view {
        assert_eq!(&mirror[key], body, "{key:?}");
    }
    // Every write of the app reached the hub once: 2 registrations, 1 comment, 1 response.
    let hub_mutations_from_app: i64 = rusqlite::Connection::open(data.join("hub.sqlite3"))
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM mutations m JOIN devices d ON d.id = m.device_id
             WHERE d.id = ?1",
            [app.store.device_id().unwrap().0.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hub_mutations_from_app, 4);
}
