//! [`Op`]: every write a person can ask for — the members' few and the secretariat's acts. Each
//! is decided by [`crate::write::decide`] from the [`crate::write::Facts`] of the moment, the same
//! way in the member's app (offline) and in the hub (authoritatively).
//!
//! Ids of new records are minted by the client and carried in the op, so a retried op names the
//! same record and an offline write keeps its id when the hub applies it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::acts::Act;
use crate::entity::{Attendee, ReminderAbout};
use crate::ids::{
    AgendaItemId, CommentId, DocumentId, EscalationId, MeetingId, MinutesId, OrgId, PersonId,
    RegistrationId, ReminderId, WrittenProcedureId,
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
    /// Chair or secretariat: put a meeting's agenda items in this order (every item once).
    ReorderAgenda {
        meeting: MeetingId,
        items: Vec<AgendaItemId>,
    },
    /// Chair: approve the agenda as it now stands, before the secretariat sends it out.
    ApproveAgenda { meeting: MeetingId },
    /// Secretariat, during the meeting: the item now being dealt with (none: between items).
    SetCurrentItem {
        meeting: MeetingId,
        item: Option<AgendaItemId>,
    },
    /// Secretariat, during the meeting: the decision on an item as it is taken (again: replaced).
    RecordLiveDecision {
        meeting: MeetingId,
        item: AgendaItemId,
        text: String,
    },
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
        /// What changed, in one line: required for a new version.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        change_note: Option<String>,
    },
    /// Secretariat: publish a stored file as material for a written procedure (the same
    /// document id again is a new version).
    PublishProcedureDocument {
        document: DocumentId,
        procedure: WrittenProcedureId,
        title: String,
        sha256: Sha256,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        change_note: Option<String>,
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
    /// Secretariat: end a written procedure early, every organisation having answered without
    /// objection (the case is adopted that day).
    CloseProcedure { procedure: WrittenProcedureId },
    /// Secretariat: withdraw a case from written procedure, with the reason members are told.
    WithdrawProcedure {
        procedure: WrittenProcedureId,
        reason: String,
    },
    /// Secretariat: remind every organisation that has not answered a procedure, or not
    /// commented in an open comment round (one reminder each, ids derived from `reminder`).
    SendReminder {
        reminder: ReminderId,
        about: ReminderAbout,
    },
    /// Secretariat: record the portfolio the committee took over when it started (once, on an
    /// empty portfolio); later systems are admitted by decision.
    ImportPortfolio { systems: Vec<PortfolioSystem> },
    /// Secretariat: a meeting decided to take a system into the portfolio.
    AdmitSystem {
        system: PortfolioSystem,
        decided_at: MeetingId,
    },
    /// Secretariat: change a portfolio system (owner, criticality, dependencies, integrations).
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
    /// The act the op is, in the role × act matrix ([`crate::acts`]).
    pub const fn act(&self) -> Act {
        match self {
            Op::RegisterParticipant { .. } => Act::RegisterParticipant,
            Op::CancelRegistration { .. } => Act::CancelRegistration,
            Op::CommentMinutes { .. } => Act::CommentMinutes,
            Op::RespondProcedure { .. } => Act::RespondProcedure,
            Op::UpsertMeeting { .. } => Act::UpsertMeeting,
            Op::UpsertAgendaItem { .. } => Act::UpsertAgendaItem,
            Op::PublishAgenda { .. } => Act::PublishAgenda,
            Op::CancelMeeting { .. } => Act::CancelMeeting,
            Op::WithdrawAgendaItem { .. } => Act::WithdrawAgendaItem,
            Op::WithdrawDocument { .. } => Act::WithdrawDocument,
            Op::MarkMeetingHeld { .. } => Act::MarkMeetingHeld,
            Op::PublishDocument { .. } => Act::PublishDocument,
            Op::DraftMinutes { .. } => Act::DraftMinutes,
            Op::SendMinutesForComments { .. } => Act::SendMinutesForComments,
            Op::CloseCommentRound { .. } => Act::CloseCommentRound,
            Op::DisposeComment { .. } => Act::DisposeComment,
            Op::ApproveMinutes { .. } => Act::ApproveMinutes,
            Op::StartProcedure { .. } => Act::StartProcedure,
            Op::UpsertSystem { .. } => Act::UpsertSystem,
            Op::RecordQuarterlyStatus { .. } => Act::RecordQuarterlyStatus,
            Op::UpsertRoadmapItem { .. } => Act::UpsertRoadmapItem,
            Op::ProposeEscalation { .. } => Act::ProposeEscalation,
            Op::RecordForumApproval { .. } => Act::RecordForumApproval,
            Op::MarkEscalationReady { .. } => Act::MarkEscalationReady,
            Op::MarkEscalationSent { .. } => Act::MarkEscalationSent,
            Op::CloseEscalation { .. } => Act::CloseEscalation,
            Op::ReorderAgenda { .. } => Act::ReorderAgenda,
            Op::ApproveAgenda { .. } => Act::ApproveAgenda,
            Op::SetCurrentItem { .. } => Act::SetCurrentItem,
            Op::RecordLiveDecision { .. } => Act::RecordLiveDecision,
            Op::PublishProcedureDocument { .. } => Act::PublishProcedureDocument,
            Op::CloseProcedure { .. } => Act::CloseProcedure,
            Op::WithdrawProcedure { .. } => Act::WithdrawProcedure,
            Op::SendReminder { .. } => Act::SendReminder,
            Op::ImportPortfolio { .. } => Act::ImportPortfolio,
            Op::AdmitSystem { .. } => Act::AdmitSystem,
        }
    }

    /// The op's `type` on the wire, for logs and the outbox.
    pub const fn name(&self) -> &'static str {
        self.act().as_str()
    }

    /// A member's own write (every other op is the chair's or the secretariat's).
    pub const fn is_member_write(&self) -> bool {
        matches!(
            self.act().grant(),
            crate::acts::Grant::ActingForAnOrganisation
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
        let admit = Op::ImportPortfolio { systems: vec![] };
        assert_eq!(
            serde_json::to_value(&admit).expect("serialize")["type"],
            admit.name()
        );
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
