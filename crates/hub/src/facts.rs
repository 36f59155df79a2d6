//! [`HubFacts`]: core's [`Facts`] answered from the hub's database, inside the transaction that
//! will record the decision — so a decision and its effect see the same state.

use rusqlite::Connection;
use serde::de::DeserializeOwned;
use styrebord_core::entity::{Committee, EntityKind, Minutes, PersonInfo};
use styrebord_core::escalation::Escalation;
use styrebord_core::meeting::{AgendaItem, Document, Meeting, Sha256};
use styrebord_core::minutes::MinutesComment;
use styrebord_core::portfolio::PortfolioSystem;
use styrebord_core::procedure::WrittenProcedure;
use styrebord_core::registration::Registration;
use styrebord_core::write::{BlobInfo, FactResult, Facts, FactsUnavailable};
use styrebord_core::{
    AgendaItemId, CommentId, EscalationId, MeetingId, MinutesId, OrgId, SystemId,
    WrittenProcedureId,
};

use crate::error::HubError;
use crate::store;

pub struct HubFacts<'c> {
    conn: &'c Connection,
}

impl<'c> HubFacts<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Self { conn }
    }

    fn one<T: DeserializeOwned>(&self, kind: EntityKind, id: &str) -> FactResult<Option<T>> {
        store::get_entity(self.conn, kind, id).map_err(unavailable)
    }

    fn all<T: DeserializeOwned>(
        &self,
        kind: EntityKind,
        meeting: Option<MeetingId>,
    ) -> FactResult<Vec<T>> {
        let meeting = meeting.map(|m| m.to_string());
        store::list_entities(self.conn, kind, meeting.as_deref()).map_err(unavailable)
    }
}

fn unavailable(e: HubError) -> FactsUnavailable {
    FactsUnavailable(e.to_string())
}

impl Facts for HubFacts<'_> {
    fn committee(&self) -> FactResult<Committee> {
        match self.one(EntityKind::Committee, "committee")? {
            Some(c) => Ok(c),
            // A hub initialised before the committee was a record: the seed's settings.
            None => Ok(crate::admin::composition()
                .map_err(unavailable)?
                .committee()),
        }
    }

    fn organisation_exists(&self, org: &OrgId) -> FactResult<bool> {
        store::entity_exists(self.conn, EntityKind::Organisation, org.as_str()).map_err(unavailable)
    }

    fn people(&self) -> FactResult<Vec<PersonInfo>> {
        store::all_persons(self.conn).map_err(unavailable)
    }

    fn meeting(&self, id: MeetingId) -> FactResult<Option<Meeting>> {
        self.one(EntityKind::Meeting, &id.to_string())
    }

    fn meetings(&self) -> FactResult<Vec<Meeting>> {
        self.all(EntityKind::Meeting, None)
    }

    fn agenda_item(&self, id: AgendaItemId) -> FactResult<Option<AgendaItem>> {
        self.one(EntityKind::AgendaItem, &id.to_string())
    }

    fn agenda_items(&self, meeting: MeetingId) -> FactResult<Vec<AgendaItem>> {
        self.all(EntityKind::AgendaItem, Some(meeting))
    }

    fn documents(&self, meeting: MeetingId) -> FactResult<Vec<Document>> {
        // The hub keeps every version; the rules see each document's newest.
        let mut docs: Vec<Document> = self.all(EntityKind::Document, Some(meeting))?;
        docs.sort_by(|a, b| (a.id, b.version).cmp(&(b.id, a.version)));
        docs.dedup_by_key(|d| d.id);
        Ok(docs)
    }

    fn document(&self, id: styrebord_core::ids::DocumentId) -> FactResult<Option<Document>> {
        let versions = store::document_versions(self.conn, &id.to_string()).map_err(unavailable)?;
        Ok(versions.into_iter().max_by_key(|d| d.version))
    }

    fn registrations(&self, meeting: MeetingId) -> FactResult<Vec<Registration>> {
        self.all(EntityKind::Registration, Some(meeting))
    }

    fn minutes(&self, id: MinutesId) -> FactResult<Option<Minutes>> {
        self.one(EntityKind::Minutes, &id.to_string())
    }

    fn minutes_of(&self, meeting: MeetingId) -> FactResult<Option<Minutes>> {
        Ok(self
            .all::<Minutes>(EntityKind::Minutes, Some(meeting))?
            .into_iter()
            .next())
    }

    fn comment(&self, id: CommentId) -> FactResult<Option<MinutesComment>> {
        self.one(EntityKind::MinutesComment, &id.to_string())
    }

    fn comments(&self, minutes: MinutesId) -> FactResult<Vec<MinutesComment>> {
        let all: Vec<MinutesComment> = self.all(EntityKind::MinutesComment, None)?;
        Ok(all.into_iter().filter(|c| c.minutes == minutes).collect())
    }

    fn procedure(&self, id: WrittenProcedureId) -> FactResult<Option<WrittenProcedure>> {
        self.one(EntityKind::WrittenProcedure, &id.to_string())
    }

    fn escalation(&self, id: EscalationId) -> FactResult<Option<Escalation>> {
        self.one(EntityKind::Escalation, &id.to_string())
    }

    fn system(&self, code: &SystemId) -> FactResult<Option<PortfolioSystem>> {
        self.one(EntityKind::PortfolioSystem, code.as_str())
    }

    fn systems(&self) -> FactResult<Vec<PortfolioSystem>> {
        self.all(EntityKind::PortfolioSystem, None)
    }

    fn exists(&self, kind: EntityKind, id: &str) -> FactResult<bool> {
        store::entity_exists(self.conn, kind, id).map_err(unavailable)
    }

    fn blob(&self, sha256: &Sha256) -> FactResult<Option<BlobInfo>> {
        let meta = store::blob_meta(self.conn, sha256.as_str()).map_err(unavailable)?;
        Ok(meta.map(|m| BlobInfo {
            size_bytes: m.size,
            mime: m.mime,
        }))
    }
}
