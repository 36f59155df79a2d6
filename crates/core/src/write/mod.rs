//! Every write, decided once: [`decide`] takes who asks ([`Actor`]), what they ask ([`Op`]), the
//! day, and the committee's current state ([`Facts`]), and returns either the records the write
//! changes — each with who may see it — or a [`Refusal`].
//!
//! The hub applies the returned [`Change`]s to its database (one transaction, each with its change
//! feed row); the member's app calls the same function offline over its local copy, so a member
//! is told "no" in the same words on a train as from the server. Nothing here decides *how* to
//! store anything, and no caller decides *whether* a write is allowed.
//!
//! Ids of records a write creates as a side effect (the agenda item approving minutes, the agenda
//! item an objection puts on the next meeting, a comment round) are derived from the ids in the op
//! ([`derived_id`]), so the hub and an app derive the same ones and a replay names the same record.

mod escalations;
mod facts;
mod live;
mod meetings;
mod member;
mod memory;
mod minutes;
mod notice;
mod op;
mod people;
mod portfolio;
mod procedures;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use crate::access::Visibility;
use crate::entity::Entity;
use crate::org::Actor;
use crate::refusal::Refusal;

pub use facts::{BlobInfo, FactResult, Facts, FactsUnavailable};
pub use meetings::{default_attendance, PDF_MIME};
pub use memory::Memory;
pub use minutes::may_approve_at;
pub use notice::Notice;
pub use op::Op;
pub use people::{decide_appointment, decide_representative_change, decide_revocation};
pub use procedures::outstanding;

/// One record a write changes, with who may see its new state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub entity: Entity,
    pub visibility: Visibility,
}

impl Change {
    pub fn new(entity: Entity, visibility: Visibility) -> Self {
        Self { entity, visibility }
    }

    pub fn everyone(entity: Entity) -> Self {
        Self::new(entity, Visibility::Everyone)
    }
}

/// What a write does, once allowed: its changes in the order they are to be recorded, and what
/// the person should know about it (a deadline missed, a plan short of meetings).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Decision {
    pub changes: Vec<Change>,
    pub notices: Vec<Notice>,
}

impl Decision {
    fn one(change: Change) -> Self {
        Self {
            changes: vec![change],
            notices: vec![],
        }
    }
}

/// Why a write was not decided.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Denied {
    /// The committee's rules say no: a business answer for the person.
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// The facts could not be read: a fault to log, not the person's doing.
    #[error("{0}")]
    Facts(#[from] FactsUnavailable),
}

pub type Decided = Result<Decision, Denied>;

/// Decides `op`, asked by `actor` on `today`, against `facts`.
pub fn decide(facts: &impl Facts, actor: &Actor, op: &Op, today: NaiveDate) -> Decided {
    crate::acts::permit(actor.role, op.act())?;
    match op {
        Op::RegisterParticipant { .. } => member::register(facts, actor, op, today),
        Op::CancelRegistration {
            meeting,
            registration,
        } => member::cancel(facts, actor, *meeting, *registration, today),
        Op::CommentMinutes {
            minutes,
            comment,
            agenda_item,
            text,
        } => member::comment(facts, actor, *minutes, *comment, *agenda_item, text, today),
        Op::RespondProcedure {
            procedure,
            org,
            response,
        } => member::respond(facts, actor, *procedure, org, response, today),
        Op::UpsertMeeting { meeting } => meetings::upsert_meeting(facts, meeting, today),
        Op::UpsertAgendaItem { item } => meetings::upsert_agenda_item(facts, item),
        Op::ReorderAgenda { meeting, items } => meetings::reorder(facts, *meeting, items),
        Op::ApproveAgenda { meeting } => meetings::approve_agenda(facts, *meeting, today),
        Op::SetCurrentItem { meeting, item } => live::set_current(facts, *meeting, *item, today),
        Op::RecordLiveDecision {
            meeting,
            item,
            text,
        } => live::record_decision(facts, *meeting, *item, text, today),
        Op::PublishAgenda { meeting } => meetings::publish_agenda(facts, *meeting, today),
        Op::CancelMeeting { meeting, reason } => meetings::cancel(facts, *meeting, reason),
        Op::WithdrawAgendaItem { item } => meetings::withdraw_item(facts, *item),
        Op::WithdrawDocument { document } => meetings::withdraw_document(facts, *document),
        Op::MarkMeetingHeld {
            meeting,
            attendance,
        } => meetings::mark_held(facts, *meeting, attendance, today),
        Op::PublishDocument {
            document,
            meeting,
            agenda_item,
            title,
            sha256,
            change_note,
        } => meetings::publish_document(
            facts,
            *document,
            (*meeting, *agenda_item),
            meetings::Material {
                title,
                sha256,
                change_note: change_note.as_deref(),
            },
            today,
        ),
        Op::PublishProcedureDocument {
            document,
            procedure,
            title,
            sha256,
            change_note,
        } => procedures::publish_document(
            facts,
            *document,
            *procedure,
            meetings::Material {
                title,
                sha256,
                change_note: change_note.as_deref(),
            },
            today,
        ),
        Op::DraftMinutes {
            meeting,
            minutes: id,
            decisions,
        } => minutes::draft(facts, *meeting, *id, decisions),
        Op::SendMinutesForComments {
            minutes: id,
            closes,
        } => minutes::send_for_comments(facts, *id, *closes, today),
        Op::CloseCommentRound { minutes: id } => minutes::close_round(facts, *id),
        Op::DisposeComment {
            comment,
            disposition,
        } => minutes::dispose(facts, *comment, disposition),
        Op::ApproveMinutes {
            minutes: id,
            at_meeting,
            changed,
        } => minutes::approve(facts, *id, *at_meeting, changed, today),
        Op::StartProcedure {
            procedure,
            title,
            description,
            deadline,
        } => procedures::start(facts, *procedure, title, description, *deadline, today),
        Op::CloseProcedure { procedure } => procedures::close(facts, *procedure, today),
        Op::WithdrawProcedure { procedure, reason } => {
            procedures::withdraw(facts, *procedure, reason, today)
        }
        Op::SendReminder { reminder, about } => procedures::remind(facts, *reminder, *about, today),
        Op::ImportPortfolio { systems } => portfolio::import(facts, systems),
        Op::AdmitSystem { system, decided_at } => portfolio::admit(facts, system, *decided_at),
        Op::UpsertSystem { system } => portfolio::upsert_system(facts, system),
        Op::RecordQuarterlyStatus { status } => portfolio::record_status(facts, status),
        Op::UpsertRoadmapItem { item } => portfolio::upsert_roadmap_item(facts, item),
        Op::ProposeEscalation {
            escalation,
            agenda_item,
            case,
            needs_funds,
        } => escalations::propose(facts, *escalation, *agenda_item, case, *needs_funds),
        Op::RecordForumApproval {
            escalation,
            approved_on,
            reference,
        } => escalations::forum_approval(facts, *escalation, *approved_on, reference),
        Op::MarkEscalationReady { escalation } => {
            escalations::step(facts, *escalation, crate::escalation::mark_ready_for_pstg)
        }
        Op::MarkEscalationSent { escalation } => {
            escalations::step(facts, *escalation, crate::escalation::mark_sent_to_pstg)
        }
        Op::CloseEscalation { escalation } => {
            escalations::step(facts, *escalation, crate::escalation::close)
        }
    }
}

/// The namespace of ids derived from other ids (UUIDv5), fixed forever: changing it would give
/// records already created new ids.
const DERIVED_NAMESPACE: Uuid = Uuid::from_u128(0x5f1c_7e0a_9b3d_4c21_8e6f_2a4b_d0c3_e917);

/// The id of a record a write creates as a side effect of another record (`parent`), named by
/// `role` ("approval_item", "objection_item", "comment_round"): the same on every machine.
pub fn derived_id(parent: Uuid, role: &str) -> Uuid {
    let mut name = parent.as_bytes().to_vec();
    name.extend_from_slice(role.as_bytes());
    Uuid::new_v5(&DERIVED_NAMESPACE, &name)
}

/// Refuses an act on a cancelled meeting (publishing it, holding it, approving minutes at it).
fn not_cancelled(meeting: &crate::meeting::Meeting) -> Result<(), Refusal> {
    if meeting.status == crate::meeting::MeetingStatus::Cancelled {
        Err(Refusal::MeetingCancelled {
            meeting_date: meeting.date,
        })
    } else {
        Ok(())
    }
}

/// A text field that must say something.
fn require_text(text: &str, refusal: Refusal) -> Result<(), Refusal> {
    if text.trim().is_empty() {
        Err(refusal)
    } else {
        Ok(())
    }
}
