//! [`Memory`]: the committee's state held in memory, answering [`Facts`] and taking
//! [`Change`]s. It is how a committee year is built from real acts without a database (the demo
//! and the shared rule cases run every act through [`super::decide`] on it), and the reference
//! the hub's and the app's own `Facts` are tested against.

use std::collections::BTreeMap;

use crate::access::Visibility;
use crate::entity::{Committee, Entity, EntityKind, Minutes, PersonInfo};
use crate::escalation::Escalation;
use crate::ids::WrittenProcedureId;
use crate::ids::{AgendaItemId, EscalationId, MeetingId, MinutesId, OrgId, SystemId};
use crate::meeting::{AgendaItem, Document, Meeting, Sha256};
use crate::org::Role;
use crate::portfolio::PortfolioSystem;
use crate::procedure::WrittenProcedure;
use crate::registration::Registration;

use super::{BlobInfo, Change, FactResult, Facts};

/// Every record's current state and visibility, keyed by kind and id, plus the stored files.
#[derive(Debug, Clone)]
pub struct Memory {
    committee: Committee,
    records: BTreeMap<(EntityKind, String), (Entity, Visibility)>,
    blobs: BTreeMap<Sha256, BlobInfo>,
}

impl Memory {
    pub fn new(committee: Committee) -> Self {
        Self {
            committee,
            records: BTreeMap::new(),
            blobs: BTreeMap::new(),
        }
    }

    /// Records a change as the hub would: the new state replaces the old; a cancelled
    /// registration removes it; a withdrawal changes nothing stored.
    pub fn apply(&mut self, change: &Change) {
        match &change.entity {
            Entity::RegistrationCancelled { id, .. } => {
                self.records
                    .remove(&(EntityKind::Registration, id.to_string()));
            }
            Entity::Withdrawn { of, id } => {
                self.records.remove(&(*of, id.clone()));
            }
            Entity::Committee(c) => self.committee = c.clone(),
            entity => {
                self.records.insert(
                    (entity.kind(), entity.record_key()),
                    (entity.clone(), change.visibility.clone()),
                );
            }
        }
    }

    pub fn apply_all<'a>(&mut self, changes: impl IntoIterator<Item = &'a Change>) {
        for change in changes {
            self.apply(change);
        }
    }

    /// Makes a file known, as an upload to the hub does.
    pub fn store_blob(&mut self, sha256: Sha256, info: BlobInfo) {
        self.blobs.insert(sha256, info);
    }

    /// Every record a person of `org` with `role` may see, in kind and id order.
    pub fn visible_to(&self, role: Role, org: &OrgId) -> Vec<Entity> {
        self.records
            .values()
            .filter(|(_, v)| v.allows(role, org))
            .map(|(e, _)| e.clone())
            .collect()
    }

    fn all<T>(&self, kind: EntityKind, pick: impl Fn(&Entity) -> Option<T>) -> Vec<T> {
        self.records
            .range((kind, String::new())..)
            .take_while(|((k, _), _)| *k == kind)
            .filter_map(|(_, (e, _))| pick(e))
            .collect()
    }

    fn one<T>(&self, kind: EntityKind, id: &str, pick: impl Fn(&Entity) -> Option<T>) -> Option<T> {
        self.records
            .get(&(kind, id.to_owned()))
            .and_then(|(e, _)| pick(e))
    }
}

impl Facts for Memory {
    fn committee(&self) -> FactResult<Committee> {
        Ok(self.committee.clone())
    }

    fn organisation_exists(&self, org: &OrgId) -> FactResult<bool> {
        Ok(self
            .one(EntityKind::Organisation, org.as_str(), |_| Some(()))
            .is_some())
    }

    fn people(&self) -> FactResult<Vec<PersonInfo>> {
        Ok(self.all(EntityKind::Person, |e| match e {
            Entity::Person(p) => Some(p.clone()),
            _ => None,
        }))
    }

    fn meeting(&self, id: MeetingId) -> FactResult<Option<Meeting>> {
        Ok(self.one(EntityKind::Meeting, &id.to_string(), |e| match e {
            Entity::Meeting(m) => Some(m.clone()),
            _ => None,
        }))
    }

    fn meetings(&self) -> FactResult<Vec<Meeting>> {
        Ok(self.all(EntityKind::Meeting, |e| match e {
            Entity::Meeting(m) => Some(m.clone()),
            _ => None,
        }))
    }

    fn agenda_item(&self, id: AgendaItemId) -> FactResult<Option<AgendaItem>> {
        Ok(
            self.one(EntityKind::AgendaItem, &id.to_string(), |e| match e {
                Entity::AgendaItem(a) => Some(a.clone()),
                _ => None,
            }),
        )
    }

    fn agenda_items(&self, meeting: MeetingId) -> FactResult<Vec<AgendaItem>> {
        Ok(self.all(EntityKind::AgendaItem, |e| match e {
            Entity::AgendaItem(a) if a.meeting == meeting => Some(a.clone()),
            _ => None,
        }))
    }

    fn documents(&self, meeting: MeetingId) -> FactResult<Vec<Document>> {
        Ok(self.all(EntityKind::Document, |e| match e {
            Entity::Document(d) if d.meeting == Some(meeting) => Some(d.clone()),
            _ => None,
        }))
    }

    fn document(&self, id: crate::ids::DocumentId) -> FactResult<Option<Document>> {
        Ok(
            self.one(EntityKind::Document, &id.to_string(), |e| match e {
                Entity::Document(d) => Some(d.clone()),
                _ => None,
            }),
        )
    }

    fn registrations(&self, meeting: MeetingId) -> FactResult<Vec<Registration>> {
        Ok(self.all(EntityKind::Registration, |e| match e {
            Entity::Registration(r) if r.meeting == meeting => Some(r.clone()),
            _ => None,
        }))
    }

    fn minutes(&self, id: MinutesId) -> FactResult<Option<Minutes>> {
        Ok(self.one(EntityKind::Minutes, &id.to_string(), |e| match e {
            Entity::Minutes(m) => Some(m.clone()),
            _ => None,
        }))
    }

    fn minutes_of(&self, meeting: MeetingId) -> FactResult<Option<Minutes>> {
        Ok(self
            .all(EntityKind::Minutes, |e| match e {
                Entity::Minutes(m) if m.draft.meeting == meeting => Some(m.clone()),
                _ => None,
            })
            .into_iter()
            .next())
    }

    fn comment(
        &self,
        id: crate::ids::CommentId,
    ) -> FactResult<Option<crate::minutes::MinutesComment>> {
        Ok(
            self.one(EntityKind::MinutesComment, &id.to_string(), |e| match e {
                Entity::MinutesComment(c) => Some(c.clone()),
                _ => None,
            }),
        )
    }

    fn comments(&self, minutes: MinutesId) -> FactResult<Vec<crate::minutes::MinutesComment>> {
        Ok(self.all(EntityKind::MinutesComment, |e| match e {
            Entity::MinutesComment(c) if c.minutes == minutes => Some(c.clone()),
            _ => None,
        }))
    }

    fn procedure(&self, id: WrittenProcedureId) -> FactResult<Option<WrittenProcedure>> {
        Ok(
            self.one(EntityKind::WrittenProcedure, &id.to_string(), |e| match e {
                Entity::WrittenProcedure(p) => Some(p.clone()),
                _ => None,
            }),
        )
    }

    fn escalation(&self, id: EscalationId) -> FactResult<Option<Escalation>> {
        Ok(
            self.one(EntityKind::Escalation, &id.to_string(), |e| match e {
                Entity::Escalation(x) => Some(x.clone()),
                _ => None,
            }),
        )
    }

    fn system(&self, code: &SystemId) -> FactResult<Option<PortfolioSystem>> {
        Ok(
            self.one(EntityKind::PortfolioSystem, code.as_str(), |e| match e {
                Entity::PortfolioSystem(s) => Some(s.clone()),
                _ => None,
            }),
        )
    }

    fn systems(&self) -> FactResult<Vec<PortfolioSystem>> {
        Ok(self.all(EntityKind::PortfolioSystem, |e| match e {
            Entity::PortfolioSystem(s) => Some(s.clone()),
            _ => None,
        }))
    }

    fn exists(&self, kind: EntityKind, id: &str) -> FactResult<bool> {
        Ok(self.records.contains_key(&(kind, id.to_owned())))
    }

    fn blob(&self, sha256: &Sha256) -> FactResult<Option<BlobInfo>> {
        Ok(self.blobs.get(sha256).cloned())
    }
}
