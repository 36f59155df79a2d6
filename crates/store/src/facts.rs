//! [`LocalFacts`]: core's [`Facts`] answered from the member's local copy — the hub's records as
//! last pulled, with this device's unsent writes laid over them — so an offline write is decided
//! by the same function, from the same kind of facts, as the hub will decide it.

use rusqlite::{Connection, OptionalExtension};
use styrebord_core::entity::{Committee, EntityKind, Minutes, PersonInfo};
use styrebord_core::escalation::Escalation;
use styrebord_core::meeting::{AgendaItem, Document, Meeting, Sha256};
use styrebord_core::minutes::MinutesComment;
use styrebord_core::portfolio::PortfolioSystem;
use styrebord_core::procedure::WrittenProcedure;
use styrebord_core::registration::Registration;
use styrebord_core::write::{BlobInfo, FactResult, Facts, FactsUnavailable};
use styrebord_core::{
    parse_composition, AgendaItemId, CommentId, EscalationId, MeetingId, MinutesId, OrgId,
    SystemId, WrittenProcedureId, SEED_COMPOSITION,
};

use std::collections::BTreeMap;

use styrebord_core::entity::Entity;

use crate::outbox::{load, pending_changes, procedure_with_overlay, registrations_with_overlay};
use crate::StoreError;

pub struct LocalFacts<'c> {
    conn: &'c Connection,
}

impl<'c> LocalFacts<'c> {
    pub fn new(conn: &'c Connection) -> Self {
        Self { conn }
    }

    fn one<T: serde::de::DeserializeOwned>(
        &self,
        kind: EntityKind,
        id: &str,
    ) -> FactResult<Option<T>> {
        let mut found: Option<serde_json::Value> =
            load(self.conn, kind, id).map_err(unavailable)?;
        for change in pending_changes(self.conn).map_err(unavailable)? {
            match change {
                Entity::Withdrawn { of, id: gone } if of == kind && gone == id => found = None,
                e if e.kind() == kind && e.record_key() == id => found = Some(body_of(&e)?),
                _ => {}
            }
        }
        found
            .map(serde_json::from_value)
            .transpose()
            .map_err(|e| FactsUnavailable(e.to_string()))
    }

    /// Every record of `kind` (of `meeting`, when given), by id, with this device's waiting
    /// desk acts laid over the mirror.
    fn all<T: serde::de::DeserializeOwned>(
        &self,
        kind: EntityKind,
        meeting: Option<MeetingId>,
    ) -> FactResult<Vec<T>> {
        let rows: Vec<(String, String)> = (|| -> Result<_, StoreError> {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, body FROM entities WHERE kind = ?1 AND (?2 IS NULL OR meeting = ?2)",
            )?;
            let rows = stmt.query_map(
                rusqlite::params![kind.as_str(), meeting.map(|m| m.to_string())],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })()
        .map_err(unavailable)?;
        let mut by_key = BTreeMap::new();
        for (id, body) in rows {
            let value: serde_json::Value =
                serde_json::from_str(&body).map_err(|e| FactsUnavailable(e.to_string()))?;
            by_key.insert(id, value);
        }
        for change in pending_changes(self.conn).map_err(unavailable)? {
            match change {
                Entity::Withdrawn { of, id } if of == kind => {
                    by_key.remove(&id);
                }
                e if e.kind() == kind => {
                    if meeting.is_none() || e.meeting() == meeting {
                        by_key.insert(e.record_key(), body_of(&e)?);
                    } else {
                        by_key.remove(&e.record_key());
                    }
                }
                _ => {}
            }
        }
        by_key
            .into_values()
            .map(|v| serde_json::from_value(v).map_err(|e| FactsUnavailable(e.to_string())))
            .collect()
    }

    /// Every quarterly status of every system, waiting desk acts laid over the mirror.
    pub(crate) fn quarterly_statuses(
        &self,
    ) -> FactResult<Vec<styrebord_core::portfolio::QuarterlyStatus>> {
        self.all(EntityKind::QuarterlyStatus, None)
    }

    /// Every roadmap item, waiting desk acts laid over the mirror.
    pub(crate) fn roadmap_items(&self) -> FactResult<Vec<styrebord_core::roadmap::RoadmapItem>> {
        self.all(EntityKind::RoadmapItem, None)
    }

    /// The committee's organisations, by code.
    pub(crate) fn organisations(&self) -> FactResult<Vec<styrebord_core::org::Organisation>> {
        self.all(EntityKind::Organisation, None)
    }
}

/// An entity's body as the mirror stores it.
fn body_of(e: &Entity) -> FactResult<serde_json::Value> {
    let mut v = serde_json::to_value(e).map_err(|e| FactsUnavailable(e.to_string()))?;
    Ok(v.get_mut("body")
        .map(serde_json::Value::take)
        .unwrap_or_default())
}

fn unavailable(e: StoreError) -> FactsUnavailable {
    FactsUnavailable(e.to_string())
}

/// The committee's settings as last pulled; the built-in seed's before the first pull.
pub(crate) fn committee(conn: &Connection) -> Result<Committee, StoreError> {
    match load(conn, EntityKind::Committee, "committee")? {
        Some(c) => Ok(c),
        None => parse_composition(SEED_COMPOSITION)
            .map(|c| c.committee())
            .map_err(|e| StoreError::Corrupt(format!("the built-in composition: {e}"))),
    }
}

impl Facts for LocalFacts<'_> {
    fn committee(&self) -> FactResult<Committee> {
        committee(self.conn).map_err(unavailable)
    }

    fn organisation_exists(&self, org: &OrgId) -> FactResult<bool> {
        self.exists(EntityKind::Organisation, org.as_str())
    }

    fn people(&self) -> FactResult<Vec<PersonInfo>> {
        self.all(EntityKind::Person, None)
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
        self.all(EntityKind::Document, Some(meeting))
    }

    fn document(&self, id: styrebord_core::ids::DocumentId) -> FactResult<Option<Document>> {
        self.one(EntityKind::Document, &id.to_string())
    }

    fn registrations(&self, meeting: MeetingId) -> FactResult<Vec<Registration>> {
        Ok(registrations_with_overlay(self.conn, meeting)
            .map_err(unavailable)?
            .into_iter()
            .map(|(r, _)| r)
            .collect())
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
        let Some(p) = self.one(EntityKind::WrittenProcedure, &id.to_string())? else {
            return Ok(None);
        };
        let (p, _) = procedure_with_overlay(self.conn, p).map_err(unavailable)?;
        Ok(Some(p))
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
        let pending = pending_changes(self.conn).map_err(unavailable)?;
        if pending
            .iter()
            .any(|e| e.kind() == kind && e.record_key() == id)
        {
            return Ok(true);
        }
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM entities WHERE kind = ?1 AND id = ?2)")
            .and_then(|mut s| s.query_row([kind.as_str(), id], |r| r.get(0)))
            .map_err(|e| unavailable(e.into()))
    }

    /// A file the hub has, as far as this device knows: one it downloaded, or one it uploaded
    /// (the desk records an upload the hub confirmed complete).
    fn blob(&self, sha256: &Sha256) -> FactResult<Option<BlobInfo>> {
        self.conn
            .prepare_cached("SELECT size, mime FROM blobs WHERE sha256 = ?1")
            .and_then(|mut s| {
                s.query_row([sha256.as_str()], |r| {
                    Ok(BlobInfo {
                        size_bytes: r.get::<_, i64>(0)? as u64,
                        mime: r.get(1)?,
                    })
                })
                .optional()
            })
            .map_err(|e| unavailable(e.into()))
    }
}
