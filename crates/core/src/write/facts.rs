//! [`Facts`]: what the rules may ask about the committee's current state when they decide a
//! write. The hub answers from its database; the member's app from its local mirror (with its own
//! unsent writes laid over it). The rules never see how.

use crate::entity::{Committee, EntityKind, Minutes, PersonInfo};
use crate::escalation::Escalation;
use crate::ids::WrittenProcedureId;
use crate::ids::{
    AgendaItemId, CommentId, DocumentId, EscalationId, MeetingId, MinutesId, OrgId, PersonId,
    SystemId,
};
use crate::meeting::{AgendaItem, Document, Meeting, Sha256};
use crate::minutes::MinutesComment;
use crate::portfolio::PortfolioSystem;
use crate::procedure::WrittenProcedure;
use crate::registration::Registration;

/// The facts could not be read (a database fault, not a business answer). Carries the cause
/// for the log; a person is shown a generic "try again".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the facts for a decision could not be read: {0}")]
pub struct FactsUnavailable(pub String);

/// A stored file's size and type, as the hub knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    pub size_bytes: u64,
    pub mime: String,
}

pub type FactResult<T> = Result<T, FactsUnavailable>;

/// The committee's current state, as far as a decision needs it. Lists come in a stable order
/// (by id), so a decision never depends on storage order.
pub trait Facts {
    /// The committee's settings (name, chair, secretariat, calendar rules).
    fn committee(&self) -> FactResult<Committee>;
    fn organisation_exists(&self, org: &OrgId) -> FactResult<bool>;
    /// Every person, active or revoked.
    fn people(&self) -> FactResult<Vec<PersonInfo>>;
    fn meeting(&self, id: MeetingId) -> FactResult<Option<Meeting>>;
    fn meetings(&self) -> FactResult<Vec<Meeting>>;
    fn agenda_item(&self, id: AgendaItemId) -> FactResult<Option<AgendaItem>>;
    fn agenda_items(&self, meeting: MeetingId) -> FactResult<Vec<AgendaItem>>;
    /// The newest version of each document of the meeting.
    fn documents(&self, meeting: MeetingId) -> FactResult<Vec<Document>>;
    /// The newest version of a document, wherever it belongs.
    fn document(&self, id: DocumentId) -> FactResult<Option<Document>>;
    /// The meeting's active registrations.
    fn registrations(&self, meeting: MeetingId) -> FactResult<Vec<Registration>>;
    fn minutes(&self, id: MinutesId) -> FactResult<Option<Minutes>>;
    fn minutes_of(&self, meeting: MeetingId) -> FactResult<Option<Minutes>>;
    fn comment(&self, id: CommentId) -> FactResult<Option<MinutesComment>>;
    /// Every comment on the minutes.
    fn comments(&self, minutes: MinutesId) -> FactResult<Vec<MinutesComment>>;
    fn procedure(&self, id: WrittenProcedureId) -> FactResult<Option<WrittenProcedure>>;
    fn escalation(&self, id: EscalationId) -> FactResult<Option<Escalation>>;
    fn system(&self, code: &SystemId) -> FactResult<Option<PortfolioSystem>>;
    /// The whole portfolio.
    fn systems(&self) -> FactResult<Vec<PortfolioSystem>>;
    /// Whether any record of `kind` has this id (a client-minted id must be new).
    fn exists(&self, kind: EntityKind, id: &str) -> FactResult<bool>;
    /// A stored file, when the hub has it (material is published by reference to its bytes).
    fn blob(&self, sha256: &Sha256) -> FactResult<Option<BlobInfo>>;

    /// Active people only.
    fn active_people(&self) -> FactResult<Vec<PersonInfo>> {
        Ok(self.people()?.into_iter().filter(|p| p.active).collect())
    }

    fn person(&self, id: PersonId) -> FactResult<Option<PersonInfo>> {
        Ok(self.people()?.into_iter().find(|p| p.id == id))
    }
}
