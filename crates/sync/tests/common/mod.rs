//! A real hub (in process, on 127.0.0.1:0, temp data dir) behind the fault proxy, a small
//! committee, and a member's client with a real SQLite file.
#![allow(dead_code)]

pub mod proxy;

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use styrebord_core::entity::EntityKind;
use styrebord_core::meeting::{AgendaItemKind, MeetingKind};
use styrebord_core::org::Role;
use styrebord_core::registration::{NewRegistration, Registration, RegistrationKind};
use styrebord_core::{AgendaItemId, MeetingId, MinutesId, OrgId, PersonId, WrittenProcedureId};
use styrebord_hub::admin;
use styrebord_hub::{Clock, RunningHub, ServeConfig};
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};

pub use proxy::{Fault, Proxy};

pub fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Monday 2 March 2026 (the hub's fixed clock too).
pub fn today() -> NaiveDate {
    d("2026-03-02")
}

pub struct Member {
    pub person: PersonId,
    pub token: String,
    pub token_id: String,
}

pub struct World {
    pub hub_dir: tempfile::TempDir,
    pub client_dir: tempfile::TempDir,
    pub hub: Option<RunningHub>,
    pub hub_store: styrebord_hub::Store,
    pub proxy: Proxy,
    pub kl: Member,
    pub dr: Member,
    /// Published, 12 March 2026, with one agenda item and two documents.
    pub meeting: MeetingId,
    pub item: AgendaItemId,
    pub doc_bytes: Vec<u8>,
    pub doc_sha: String,
    /// Held 10 February 2026; minutes in an open comment round.
    pub past: MeetingId,
    pub past_item: AgendaItemId,
    pub minutes: MinutesId,
    pub procedure: WrittenProcedureId,
}

fn invite(store: &styrebord_hub::Store, org: &str, role: Role, name: &str) -> Member {
    let email = format!(
        "{}@{}.dk",
        name.to_lowercase().replace(' ', "."),
        org.to_lowercase()
    );
    let inv = admin::invite(store, &OrgId::parse(org).unwrap(), role, name, &email).unwrap();
    Member {
        person: inv.person,
        token: inv.token,
        token_id: inv.token_id,
    }
}

async fn start_hub(dir: PathBuf) -> RunningHub {
    styrebord_hub::start(ServeConfig {
        max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
        data: dir,
        listen: "127.0.0.1:0".parse().unwrap(),
        max_body: 1024 * 1024,
        clock: Clock::Fixed(today()),
    })
    .await
    .unwrap()
}

impl World {
    pub async fn start() -> World {
        let hub_dir = tempfile::tempdir().unwrap();
        let store = styrebord_hub::Store::open(hub_dir.path()).unwrap();
        admin::init(&store).unwrap();
        let kl = invite(&store, "KL", Role::Member, "Karin Mødeleder");
        let dr = invite(&store, "DR", Role::Member, "Dorte Regioner");

        let (meeting, _) = admin::add_meeting(
            &store,
            d("2026-03-12"),
            MeetingKind::Ordinary,
            "Landgreven 4",
            today(),
        )
        .unwrap();
        let item = admin::add_item(
            &store,
            meeting,
            "Driftsstatus og møder i kvartalet",
            AgendaItemKind::Orientation,
            "Status for systemerne før næste møde.",
            &[],
            today(),
        )
        .unwrap();
        // Material is published as PDF: a PDF header over bytes that do not compress.
        let doc_bytes: Vec<u8> = b"%PDF-1.7\n"
            .iter()
            .copied()
            .chain((0..300_000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8))
            .collect();
        let f1 = hub_dir.path().join("bilag.bin");
        std::fs::write(&f1, &doc_bytes).unwrap();
        let (doc, _) =
            admin::publish_material(&store, &f1, item, Some("Bilag 1: Driftsstatus"), today())
                .unwrap();
        let f2 = hub_dir.path().join("bilag2.bin");
        std::fs::write(&f2, b"%PDF-1.7\nanden version af et lille bilag").unwrap();
        admin::publish_material(&store, &f2, item, Some("Bilag 2: Køreplan"), today()).unwrap();
        admin::publish_agenda(&store, meeting, today()).unwrap();

        let (past, _) = admin::add_meeting(
            &store,
            d("2026-02-10"),
            MeetingKind::Ordinary,
            "Landgreven 4",
            today(),
        )
        .unwrap();
        let past_item = admin::add_item(
            &store,
            past,
            "Køreplan 2026",
            AgendaItemKind::Decision,
            "",
            &[],
            today(),
        )
        .unwrap();
        admin::publish_agenda(&store, past, today()).unwrap();
        admin::mark_held_as_registered(&store, past, &[], today()).unwrap();
        let minutes = admin::minutes_draft(
            &store,
            past,
            vec![(past_item, "Køreplanen blev godkendt.".into())],
            today(),
        )
        .unwrap();
        admin::open_comments(&store, past, d("2026-03-06"), today()).unwrap();
        let procedure = admin::new_procedure(
            &store,
            "Vedligeholdelsesvindue for MitID",
            "Godkendelse af vinduet.",
            d("2026-03-20"),
            today(),
        )
        .unwrap();

        let hub = start_hub(hub_dir.path().to_path_buf()).await;
        let proxy = Proxy::start(hub.addr).await;
        World {
            hub_dir,
            client_dir: tempfile::tempdir().unwrap(),
            hub: Some(hub),
            hub_store: store,
            proxy,
            kl,
            dr,
            meeting,
            item,
            doc_sha: doc.sha256.to_string(),
            doc_bytes,
            past,
            past_item,
            minutes,
            procedure,
        }
    }

    /// Another person with access (the secretariat, the chair …).
    pub fn invite(&self, org: &str, role: Role, name: &str) -> Member {
        invite(&self.hub_store, org, role, name)
    }

    pub fn store_path(&self, name: &str) -> PathBuf {
        self.client_dir.path().join(format!("{name}.sqlite3"))
    }

    /// A client for `member` named `name` (its own database and blob folder), through the proxy.
    pub fn client_for(&self, name: &str, member: &Member) -> (Arc<Store>, SyncEngine) {
        self.client_configured(name, member, |_| {})
    }

    /// [`Self::client_for`], its configuration changed by `adjust` (which sees the tests'
    /// defaults: no text indexing, failed blobs retried at once).
    pub fn client_configured(
        &self,
        name: &str,
        member: &Member,
        adjust: impl FnOnce(&mut SyncConfig),
    ) -> (Arc<Store>, SyncEngine) {
        let store = Arc::new(Store::open(&self.store_path(name)).unwrap());
        let mut cfg = SyncConfig::new(
            self.proxy.base(),
            member.token.clone(),
            self.client_dir.path().join(format!("{name}-blobs")),
        );
        cfg.index_text = false;
        cfg.blob_retry = std::time::Duration::ZERO;
        adjust(&mut cfg);
        let engine = SyncEngine::new(store.clone(), cfg).unwrap();
        (store, engine)
    }

    pub fn client(&self) -> (Arc<Store>, SyncEngine) {
        self.client_for("kl", &self.kl)
    }

    pub async fn stop_hub(&mut self) {
        if let Some(h) = self.hub.take() {
            h.stop().await.unwrap();
        }
    }

    pub async fn start_hub(&mut self) {
        let hub = start_hub(self.hub_dir.path().to_path_buf()).await;
        self.proxy.set_upstream(hub.addr);
        self.hub = Some(hub);
    }

    /// The hub's registrations for a meeting.
    pub fn hub_registrations(&self, meeting: MeetingId) -> Vec<Registration> {
        self.hub_store
            .read(|c| {
                styrebord_hub::store::list_entities(
                    c,
                    EntityKind::Registration,
                    Some(&meeting.to_string()),
                )
            })
            .unwrap()
    }

    pub fn hub_comments(&self) -> Vec<styrebord_core::minutes::MinutesComment> {
        self.hub_store
            .read(|c| styrebord_hub::store::list_entities(c, EntityKind::MinutesComment, None))
            .unwrap()
    }

    pub fn hub_procedure(&self) -> styrebord_core::procedure::WrittenProcedure {
        self.hub_store
            .read(|c| {
                styrebord_hub::store::get_entity(
                    c,
                    EntityKind::WrittenProcedure,
                    &self.procedure.to_string(),
                )
            })
            .unwrap()
            .unwrap()
    }
}

pub fn observer(name: &str) -> NewRegistration {
    NewRegistration {
        org: OrgId::parse("KL").unwrap(),
        kind: RegistrationKind::Observer,
        person: None,
        name: name.into(),
        email: format!("{}@kl.dk", name.to_lowercase().replace(' ', ".")),
    }
}
