//! [`Op`]: every write a person can ask for — the members' few and the secretariat's acts. Each
//! is decided by [`crate::write::decide`] from the [`crate::write::Facts`] of the moment, the same
//! way in the member's app (offline) and in the hub (authoritatively).
//!
//! Ids of new records are minted by the client and carried in the op, so a retried op names the
//! same record and an offline write keeps its id when the hub applies it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::entity::Attendee;
use crate::ids::{
    AgendaItemId, CommentId, DocumentId, EscalationId, MeetingId, MinutesId, OrgId, PersonId,
    RegistrationId, WrittenProcedureId,
};
use crate::meeting::{AgendaItem, Meeting, Sha256};
use crate::minutes::{Decision, Disposition};
use crate::portfolio::{PortfolioSystem, QuarterlyStatus};
use crate::procedure::Response;
use crate::registration::RegistrationKind;
use crate::roadmap::RoadmapItem;

/// What a write does. Member operations first; the rest are the secretariat's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Op {
    /// Register a substitute or the one observer for an organisation at a meeting.
    RegisterParticipant {
        meeting: MeetingId,
        /// Minted by the client so its optimistic row keeps its id.
        registration: RegistrationId,
        org: OrgId,
        kind: RegistrationKind,
        person: Option<PersonId>,
        name: String,
        email: String,
    },
    CancelRegistration {
        meeting: MeetingId,
        registration: RegistrationId,
    },
    /// Comment on one agenda item of a minutes draft during its comment round.
    CommentMinutes {
        minutes: MinutesId,
        comment: CommentId,
        agenda_item: AgendaItemId,
        text: String,
    },
    /// Agree, comment or object in a written procedure, for `org`.
    RespondProcedure {
        procedure: WrittenProcedureId,
        org: OrgId,
        response: Response,
    },
    /// Secretariat: create or change a meeting (its content is announced anew when the change
    /// alters who may see it).
    UpsertMeeting { meeting: Meeting },
    /// Secretariat: create or change an agenda item (number 0: keep its place, or last when new).
    UpsertAgendaItem { item: AgendaItem },
    /// Secretariat: publish a meeting's agenda and material to everyone.
    PublishAgenda { meeting: MeetingId },
    /// Secretariat: cancel a meeting, with the reason members are told.
    CancelMeeting { meeting: MeetingId, reason: String },
    /// Secretariat: take an item off a meeting's agenda (the items after it move up).
    WithdrawAgendaItem { item: AgendaItemId },
    /// Secretariat: withdraw a published document (every version).
    WithdrawDocument { document: DocumentId },
    /// Secretariat: the meeting has been held, with who attended for each organisation.
    MarkMeetingHeld {
        meeting: MeetingId,
        attendance: Vec<Attendee>,
    },
    /// Secretariat: publish a stored file (by its SHA-256) as material for a meeting — for one of
    /// its agenda items, or the meeting as a whole (the agenda itself); the same document id again
    /// is a new version.
    PublishDocument {
        document: DocumentId,
        meeting: MeetingId,
        agenda_item: Option<AgendaItemId>,
        title: String,
        sha256: Sha256,
    },
    /// Secretariat: write (or rewrite, while a draft) the decision minutes of a held meeting.
    DraftMinutes {
        meeting: MeetingId,
        minutes: MinutesId,
        decisions: Vec<Decision>,
    },
    /// Secretariat: send the draft for written comments until `closes`; the next ordinary
    /// meeting's agenda gets the item that approves the minutes.
    SendMinutesForComments {
        minutes: MinutesId,
        closes: NaiveDate,
    },
    /// Secretariat: end the comment round.
    CloseCommentRound { minutes: MinutesId },
    /// Secretariat: what was done with a comment (worked in, or not and why); the commenting
    /// organisation sees it.
    DisposeComment {
        comment: CommentId,
        disposition: Disposition,
    },
    /// Secretariat: the minutes were approved at `at_meeting`, with the final text of any
    /// decision changed after the comments (the text as sent is kept beside it).
    ApproveMinutes {
        minutes: MinutesId,
        at_meeting: MeetingId,
        changed: Vec<Decision>,
    },
    /// Secretariat: start a written procedure.
    StartProcedure {
        procedure: WrittenProcedureId,
        title: String,
        description: String,
        deadline: NaiveDate,
    },
    /// Secretariat: add or change a portfolio system.
    UpsertSystem { system: PortfolioSystem },
    /// Secretariat: record a system's quarterly operations status.
    RecordQuarterlyStatus { status: QuarterlyStatus },
    /// Secretariat: create or change a roadmap item.
    UpsertRoadmapItem { item: RoadmapItem },
    /// Secretariat: propose escalating an agenda item's case to PSTG.
    ProposeEscalation {
        escalation: EscalationId,
        agenda_item: AgendaItemId,
        case: String,
        needs_funds: bool,
    },
    /// Secretariat: the solution's economic forum approved the funds the case needs.
    RecordForumApproval {
        escalation: EscalationId,
        approved_on: NaiveDate,
        reference: String,
    },
    /// Secretariat: the case is ready for PSTG.
    MarkEscalationReady { escalation: EscalationId },
    /// Secretariat: the case has gone to PSTG.
    MarkEscalationSent { escalation: EscalationId },
    /// Secretariat: PSTG has dealt with the case, or it was withdrawn.
    CloseEscalation { escalation: EscalationId },
}

impl Op {
    /// The op's `type` on the wire, for logs and the outbox.
    pub fn name(&self) -> &'static str {
        match self {
            Op::RegisterParticipant { .. } => "register_participant",
            Op::CancelRegistration { .. } => "cancel_registration",
            Op::CommentMinutes { .. } => "comment_minutes",
            Op::RespondProcedure { .. } => "respond_procedure",
            Op::UpsertMeeting { .. } => "upsert_meeting",
            Op::UpsertAgendaItem { .. } => "upsert_agenda_item",
            Op::PublishAgenda { .. } => "publish_agenda",
            Op::CancelMeeting { .. } => "cancel_meeting",
            Op::WithdrawAgendaItem { .. } => "withdraw_agenda_item",
            Op::WithdrawDocument { .. } => "withdraw_document",
            Op::MarkMeetingHeld { .. } => "mark_meeting_held",
            Op::PublishDocument { .. } => "publish_document",
            Op::DraftMinutes { .. } => "draft_minutes",
            Op::SendMinutesForComments { .. } => "send_minutes_for_comments",
            Op::CloseCommentRound { .. } => "close_comment_round",
            Op::DisposeComment { .. } => "dispose_comment",
            Op::ApproveMinutes { .. } => "approve_minutes",
            Op::StartProcedure { .. } => "start_procedure",
            Op::UpsertSystem { .. } => "upsert_system",
            Op::RecordQuarterlyStatus { .. } => "record_quarterly_status",
            Op::UpsertRoadmapItem { .. } => "upsert_roadmap_item",
            Op::ProposeEscalation { .. } => "propose_escalation",
            Op::RecordForumApproval { .. } => "record_forum_approval",
            Op::MarkEscalationReady { .. } => "mark_escalation_ready",
            Op::MarkEscalationSent { .. } => "mark_escalation_sent",
            Op::CloseEscalation { .. } => "close_escalation",
        }
    }

    /// A member's own write (every other op is the secretariat's).
    pub const fn is_member_write(&self) -> bool {
        matches!(
            self,
            Op::RegisterParticipant { .. }
                | Op::CancelRegistration { .. }
                | Op::CommentMinutes { .. }
                | Op::RespondProcedure { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_is_the_wire_type() {
        let op = Op::PublishAgenda {
            meeting: MeetingId::from_uuid(uuid::Uuid::nil()),
        };
        let json = serde_json::to_value(&op).expect("serialize");
        assert_eq!(json["type"], op.name());
    }

    #[test]
    fn op_rejects_unknown_fields_and_types() {
        let ok = r#"{"type":"publish_agenda","meeting":"01890a5d-ac96-774b-bcce-b302099a8057"}"#;
        assert!(serde_json::from_str::<Op>(ok).is_ok());
        let extra =
            r#"{"type":"publish_agenda","meeting":"01890a5d-ac96-774b-bcce-b302099a8057","x":1}"#;
        assert!(serde_json::from_str::<Op>(extra).is_err());
        let unknown = r#"{"type":"drop_table","meeting":"01890a5d-ac96-774b-bcce-b302099a8057"}"#;
        assert!(serde_json::from_str::<Op>(unknown).is_err());
    }
}
