//! A real hub on 127.0.0.1:0 with a temp directory and a small committee, and an HTTP client.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use reqwest::StatusCode;
use serde_json::{json, Value};
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Meeting, MeetingKind, MeetingStatus,
};
use styrebord_core::org::Role;
use styrebord_core::portfolio::PortfolioSystem;
use styrebord_core::registration::RegistrationKind;
use styrebord_core::write::Op;
use styrebord_core::{
    AgendaItemId, MeetingId, OrgId, PersonId, RegistrationId, WrittenProcedureId,
};
use styrebord_hub::admin;
use styrebord_hub::store::Store;
use styrebord_hub::{Clock, RunningHub, ServeConfig};
use uuid::Uuid;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Monday 2 March 2026.
pub const TODAY: &str = "2026-03-02";

pub struct Who {
    pub person: PersonId,
    pub token: String,
    pub token_id: String,
}

pub struct World {
    pub dir: tempfile::TempDir,
    pub hub: Option<RunningHub>,
    pub base: String,
    pub client: reqwest::Client,
    pub store: Store,
    pub sec: Who,
    pub chair: Who,
    pub kl_member: Who,
    pub kl_sub: Who,
    pub kl_obs: Who,
    pub dr_member: Who,
    /// Published, 12 March 2026; `kl_sub` is registered as KL's substitute.
    pub m1: MeetingId,
    pub m1_item: AgendaItemId,
    /// Published, 26 March 2026; no registrations.
    pub m3: MeetingId,
    /// Held 10 February 2026; minutes in an open comment round.
    pub m0: MeetingId,
    pub m0_item: AgendaItemId,
    pub m0_minutes: String,
    /// Planned (agenda not published), 10 June 2026, with a document.
    pub m2: MeetingId,
    pub published_sha: String,
    pub published_bytes: Vec<u8>,
    pub unpublished_sha: String,
    pub procedure: WrittenProcedureId,
    /// `kl_sub`'s substitute registration at `m1`.
    pub m1_sub_registration: RegistrationId,
}

fn meeting(date: &str, status: MeetingStatus) -> Meeting {
    Meeting {
        live: None,
        agenda_approved_on: None,
        link: None,
        cancellation_reason: None,
        id: MeetingId::from_uuid(Uuid::now_v7()),
        kind: MeetingKind::Ordinary,
        date: d(date),
        start: NaiveTime::from_hms_opt(10, 0, 0).unwrap(),
        end: None,
        location: "Landgreven 4".into(),
        attendance: AttendanceMode::InPerson,
        status,
        agenda_published_on: None,
    }
}

fn item(meeting: MeetingId, title: &str) -> AgendaItem {
    AgendaItem {
        presenter: None,
        id: AgendaItemId::from_uuid(Uuid::now_v7()),
        meeting,
        number: 1,
        title: title.into(),
        description: String::new(),
        kind: AgendaItemKind::Decision,
        systems: vec![],
        escalation: None,
        procedure: None,
    }
}

fn invite(store: &Store, org: &str, role: Role, name: &str) -> Who {
    let email = format!(
        "{}@{}.dk",
        name.to_lowercase().replace(' ', "."),
        org.to_lowercase()
    );
    let inv = admin::invite(store, &OrgId::parse(org).unwrap(), role, name, &email).unwrap();
    Who {
        person: inv.person,
        token: inv.token,
        token_id: inv.token_id,
    }
}

impl World {
    pub async fn start() -> World {
        Self::start_with(1024 * 1024).await
    }

    pub async fn start_with(max_body: usize) -> World {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        admin::init(&store).unwrap();
        let sec = invite(&store, "DIGST", Role::Secretariat, "Sara Sekretær");
        let chair = invite(&store, "DIGST", Role::Chair, "Carl Formand");
        let kl_member = invite(&store, "KL", Role::Member, "Karin Medlem");
        let kl_sub = invite(&store, "KL", Role::Substitute, "Søren Stedfortræder");
        let kl_obs = invite(&store, "KL", Role::Observer, "Bo Bisidder");
        let dr_member = invite(&store, "DR", Role::Member, "Dorte Regioner");

        // Built by the secretariat's own acts, as a real hub is.
        let today = d(TODAY);
        let act = |op: Op| admin::act(&store, &op, today).unwrap();
        let m1 = meeting("2026-03-12", MeetingStatus::Planned);
        let m3 = meeting("2026-03-26", MeetingStatus::Planned);
        let m0 = meeting("2026-02-10", MeetingStatus::Planned);
        let m2 = meeting("2026-06-10", MeetingStatus::Planned);
        for m in [&m1, &m3, &m0, &m2] {
            act(Op::UpsertMeeting { meeting: m.clone() });
        }
        let i1 = item(m1.id, "Driftsstatus Q4");
        let i0 = item(m0.id, "Køreplan 2026");
        let i2 = item(m2.id, "Budget 2027");
        for i in [&i1, &i0, &i2] {
            act(Op::UpsertAgendaItem { item: i.clone() });
        }
        let mitid: PortfolioSystem = serde_json::from_value(json!({
            "code": "MITID", "name": "MitID", "owner": "DIGST",
            "description": "Fælles digital identitet", "criticality": "high",
            "depends_on": [], "critical_integrations": []
        }))
        .unwrap();
        act(Op::ImportPortfolio {
            systems: vec![mitid],
        });
        let procedure = WrittenProcedureId::from_uuid(Uuid::now_v7());
        act(Op::StartProcedure {
            procedure,
            title: "Godkendelse af vedligeholdelsesvindue".into(),
            description: String::new(),
            deadline: d("2026-03-20"),
        });
        let m1_sub_registration = RegistrationId::from_uuid(Uuid::now_v7());
        act(Op::RegisterParticipant {
            meeting: m1.id,
            registration: m1_sub_registration,
            org: OrgId::parse("KL").unwrap(),
            kind: RegistrationKind::Substitute,
            person: Some(kl_sub.person),
            name: "Søren Stedfortræder".into(),
            email: "soeren@kl.dk".into(),
        });
        // Material is PDF; the bytes after the header make a download worth resuming.
        let published_bytes: Vec<u8> = b"%PDF-1.7\n"
            .iter()
            .copied()
            .chain((0..100_000u32).map(|i| (i % 251) as u8))
            .collect();
        let f1 = dir.path().join("bilag1.pdf");
        std::fs::write(&f1, &published_bytes).unwrap();
        let (doc1, _) = admin::publish_material(&store, &f1, i1.id, None, today).unwrap();
        let f2 = dir.path().join("budget.pdf");
        std::fs::write(&f2, b"%PDF-1.7 budget draft").unwrap();
        let (doc2, _) = admin::publish_material(&store, &f2, i2.id, None, today).unwrap();
        for m in [&m1, &m3, &m0] {
            act(Op::PublishAgenda { meeting: m.id });
        }
        act(Op::MarkMeetingHeld {
            meeting: m0.id,
            attendance: vec![],
        });
        let minutes = admin::minutes_draft(
            &store,
            m0.id,
            vec![(i0.id, "Køreplanen blev godkendt.".into())],
            today,
        )
        .unwrap();
        admin::open_comments(&store, m0.id, d("2026-03-06"), today).unwrap();

        let hub = styrebord_hub::start(ServeConfig {
            max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
            data: dir.path().to_path_buf(),
            listen: "127.0.0.1:0".parse().unwrap(),
            max_body,
            clock: Clock::Fixed(d(TODAY)),
        })
        .await
        .unwrap();
        let base = format!("http://{}", hub.addr);
        World {
            dir,
            hub: Some(hub),
            base,
            client: styrebord_sync::http::client(),
            store,
            sec,
            chair,
            kl_member,
            kl_sub,
            kl_obs,
            dr_member,
            m1: m1.id,
            m1_item: i1.id,
            m3: m3.id,
            m0: m0.id,
            m0_item: i0.id,
            m0_minutes: minutes.to_string(),
            m2: m2.id,
            published_sha: doc1.sha256.to_string(),
            published_bytes,
            unpublished_sha: doc2.sha256.to_string(),
            procedure,
            m1_sub_registration,
        }
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    pub async fn get(
        &self,
        path: &str,
        token: Option<&str>,
    ) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        self.get_with(path, token, &[]).await
    }

    pub async fn get_with(
        &self,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let mut req = self.client.get(format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let h = resp.headers().clone();
        (status, h, resp.bytes().await.unwrap().to_vec())
    }

    pub async fn get_json(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let (s, _, b) = self.get(path, Some(token)).await;
        (
            s,
            serde_json::from_slice(&b)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&b))),
        )
    }

    pub async fn post_raw(
        &self,
        path: &str,
        token: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> (StatusCode, Value) {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = resp.status();
        let b = resp.bytes().await.unwrap();
        (
            status,
            serde_json::from_slice(&b)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&b))),
        )
    }

    /// Sends one batch from `device`.
    pub async fn mutate(
        &self,
        token: &str,
        device: Uuid,
        mutations: Vec<Value>,
    ) -> (StatusCode, Value) {
        let body = json!({ "device_id": device, "mutations": mutations });
        self.post_raw(
            "/v1/mutations",
            token,
            serde_json::to_vec(&body).unwrap(),
            "application/json",
        )
        .await
    }

    /// Every change `token` can see, from the start.
    pub async fn all_changes(&self, token: &str) -> Vec<Value> {
        let (s, v) = self.get_json("/v1/changes?limit=1000", token).await;
        assert_eq!(s, StatusCode::OK, "{v}");
        v["changes"].as_array().unwrap().clone()
    }

    /// Rows of `kind` in the hub's entity table (the authoritative state).
    pub fn count(&self, kind: &str) -> i64 {
        let conn = rusqlite::Connection::open(self.dir.path().join(styrebord_hub::store::DB_FILE))
            .unwrap();
        conn.query_row(
            "SELECT COUNT(*) FROM entities WHERE kind = ?1",
            [kind],
            |r| r.get(0),
        )
        .unwrap()
    }

    pub fn changes_count(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.dir.path().join(styrebord_hub::store::DB_FILE))
            .unwrap();
        conn.query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))
            .unwrap()
    }
}

pub fn mutation(seq: u64, op: Value) -> Value {
    json!({ "mutation_id": Uuid::now_v7(), "client_seq": seq, "op": op })
}

pub fn register_observer(meeting: MeetingId, org: &str, email: &str) -> Value {
    json!({
        "type": "register_participant",
        "meeting": meeting,
        "registration": Uuid::now_v7(),
        "org": org,
        "kind": "observer",
        "person": null,
        "name": "Olga Observatør",
        "email": email,
    })
}
