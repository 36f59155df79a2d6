//! The role × act matrix: which roles may ask for which act at all.
//!
//! This is the first gate, before any fact is read: a member can never publish, an observer can
//! never write. The hub refuses a request that fails it with 403 before anything is recorded; the
//! app uses the same table to decide which views and buttons a person gets. Whether an allowed
//! act then succeeds (the meeting is held, the round is open, the organisation is one's own) is
//! decided by [`crate::write::decide`] from the facts.
//!
//! RULES: the chair and secretariat are Digitaliseringsstyrelsen; only the secretariat publishes;
//! the chair leads the meetings and prepares them with the secretariat (so the chair may shape
//! the agenda and approves it); members, substitutes and the chair act for their organisation;
//! observers (bisiddere) attend and read.

use serde::Serialize;

use crate::org::Role;
use crate::refusal::Refusal;

/// Every act a person can ask of the hub: each [`crate::write::Op`], and the acts on people and
/// access that are not committee records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Act {
    // The members' own writes.
    RegisterParticipant,
    CancelRegistration,
    CommentMinutes,
    RespondProcedure,
    // Preparing a meeting with the chair.
    UpsertAgendaItem,
    ReorderAgenda,
    WithdrawAgendaItem,
    ApproveAgenda,
    // The secretariat's.
    UpsertMeeting,
    PublishAgenda,
    CancelMeeting,
    MarkMeetingHeld,
    SetCurrentItem,
    RecordLiveDecision,
    UploadFile,
    PublishDocument,
    PublishProcedureDocument,
    WithdrawDocument,
    DraftMinutes,
    SendMinutesForComments,
    CloseCommentRound,
    DisposeComment,
    ApproveMinutes,
    StartProcedure,
    CloseProcedure,
    WithdrawProcedure,
    ListOutstanding,
    SendReminder,
    ImportPortfolio,
    AdmitSystem,
    UpsertSystem,
    RecordQuarterlyStatus,
    UpsertRoadmapItem,
    ProposeEscalation,
    RecordForumApproval,
    MarkEscalationReady,
    MarkEscalationSent,
    CloseEscalation,
    InvitePerson,
    IssueToken,
    RevokeAccess,
    ListDevices,
    ChangeRepresentative,
}

/// Which roles an act is open to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// Everyone who acts for an organisation (member, substitute, chair) and the secretariat on
    /// their behalf; never an observer.
    ActingForAnOrganisation,
    /// The chair and the secretariat, who prepare meetings together.
    ChairAndSecretariat,
    /// The chair alone.
    Chair,
    /// The secretariat alone.
    Secretariat,
}

impl Act {
    /// Every act, in the matrix's order.
    pub const ALL: [Act; 43] = [
        Act::RegisterParticipant,
        Act::CancelRegistration,
        Act::CommentMinutes,
        Act::RespondProcedure,
        Act::UpsertAgendaItem,
        Act::ReorderAgenda,
        Act::WithdrawAgendaItem,
        Act::ApproveAgenda,
        Act::UpsertMeeting,
        Act::PublishAgenda,
        Act::CancelMeeting,
        Act::MarkMeetingHeld,
        Act::SetCurrentItem,
        Act::RecordLiveDecision,
        Act::UploadFile,
        Act::PublishDocument,
        Act::PublishProcedureDocument,
        Act::WithdrawDocument,
        Act::DraftMinutes,
        Act::SendMinutesForComments,
        Act::CloseCommentRound,
        Act::DisposeComment,
        Act::ApproveMinutes,
        Act::StartProcedure,
        Act::CloseProcedure,
        Act::WithdrawProcedure,
        Act::ListOutstanding,
        Act::SendReminder,
        Act::ImportPortfolio,
        Act::AdmitSystem,
        Act::UpsertSystem,
        Act::RecordQuarterlyStatus,
        Act::UpsertRoadmapItem,
        Act::ProposeEscalation,
        Act::RecordForumApproval,
        Act::MarkEscalationReady,
        Act::MarkEscalationSent,
        Act::CloseEscalation,
        Act::InvitePerson,
        Act::IssueToken,
        Act::RevokeAccess,
        Act::ListDevices,
        Act::ChangeRepresentative,
    ];

    /// The act's name on the wire (an op's `type`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Act::RegisterParticipant => "register_participant",
            Act::CancelRegistration => "cancel_registration",
            Act::CommentMinutes => "comment_minutes",
            Act::RespondProcedure => "respond_procedure",
            Act::UpsertAgendaItem => "upsert_agenda_item",
            Act::ReorderAgenda => "reorder_agenda",
            Act::WithdrawAgendaItem => "withdraw_agenda_item",
            Act::ApproveAgenda => "approve_agenda",
            Act::UpsertMeeting => "upsert_meeting",
            Act::PublishAgenda => "publish_agenda",
            Act::CancelMeeting => "cancel_meeting",
            Act::MarkMeetingHeld => "mark_meeting_held",
            Act::SetCurrentItem => "set_current_item",
            Act::RecordLiveDecision => "record_live_decision",
            Act::UploadFile => "upload_file",
            Act::PublishDocument => "publish_document",
            Act::PublishProcedureDocument => "publish_procedure_document",
            Act::WithdrawDocument => "withdraw_document",
            Act::DraftMinutes => "draft_minutes",
            Act::SendMinutesForComments => "send_minutes_for_comments",
            Act::CloseCommentRound => "close_comment_round",
            Act::DisposeComment => "dispose_comment",
            Act::ApproveMinutes => "approve_minutes",
            Act::StartProcedure => "start_procedure",
            Act::CloseProcedure => "close_procedure",
            Act::WithdrawProcedure => "withdraw_procedure",
            Act::ListOutstanding => "list_outstanding",
            Act::SendReminder => "send_reminder",
            Act::ImportPortfolio => "import_portfolio",
            Act::AdmitSystem => "admit_system",
            Act::UpsertSystem => "upsert_system",
            Act::RecordQuarterlyStatus => "record_quarterly_status",
            Act::UpsertRoadmapItem => "upsert_roadmap_item",
            Act::ProposeEscalation => "propose_escalation",
            Act::RecordForumApproval => "record_forum_approval",
            Act::MarkEscalationReady => "mark_escalation_ready",
            Act::MarkEscalationSent => "mark_escalation_sent",
            Act::CloseEscalation => "close_escalation",
            Act::InvitePerson => "invite_person",
            Act::IssueToken => "issue_token",
            Act::RevokeAccess => "revoke_access",
            Act::ListDevices => "list_devices",
            Act::ChangeRepresentative => "change_representative",
        }
    }

    /// Who the act is open to.
    pub const fn grant(self) -> Grant {
        match self {
            Act::RegisterParticipant
            | Act::CancelRegistration
            | Act::CommentMinutes
            | Act::RespondProcedure => Grant::ActingForAnOrganisation,
            Act::UpsertAgendaItem | Act::ReorderAgenda | Act::WithdrawAgendaItem => {
                Grant::ChairAndSecretariat
            }
            Act::ApproveAgenda => Grant::Chair,
            _ => Grant::Secretariat,
        }
    }

    /// Whether `role` may ask for this act at all.
    pub fn allows(self, role: Role) -> bool {
        permit(role, self).is_ok()
    }
}

impl Grant {
    fn allows(self, role: Role) -> bool {
        match self {
            Grant::ActingForAnOrganisation => role != Role::Observer,
            Grant::ChairAndSecretariat => matches!(role, Role::Chair | Role::Secretariat),
            Grant::Chair => role == Role::Chair,
            Grant::Secretariat => role == Role::Secretariat,
        }
    }
}

/// May `role` ask for `act`? The refusal says who may.
pub fn permit(role: Role, act: Act) -> Result<(), Refusal> {
    let grant = act.grant();
    if grant.allows(role) {
        return Ok(());
    }
    Err(match (grant, act) {
        (Grant::ActingForAnOrganisation, Act::CommentMinutes) => Refusal::ObserverCannotComment,
        (Grant::ActingForAnOrganisation, Act::RespondProcedure) => Refusal::ObserverCannotRespond,
        (Grant::ActingForAnOrganisation, _) => Refusal::ObserverCannotRegister,
        (Grant::ChairAndSecretariat, _) => Refusal::ChairOrSecretariatOnly,
        (Grant::Chair, _) => Refusal::ChairOnly,
        (Grant::Secretariat, _) => Refusal::SecretariatOnly,
    })
}

/// The matrix as a Markdown table (docs/API.md carries it; a test keeps the two the same).
pub fn matrix_markdown() -> String {
    const ROLES: [Role; 5] = [
        Role::Secretariat,
        Role::Chair,
        Role::Member,
        Role::Substitute,
        Role::Observer,
    ];
    let mut out = String::from(
        "| act | secretariat | chair | member | substitute | observer |\n|---|---|---|---|---|---|\n",
    );
    for act in Act::ALL {
        out.push_str(&format!("| `{}` |", act.as_str()));
        for role in ROLES {
            out.push_str(if act.allows(role) { " ✓ |" } else { " — |" });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_act_is_listed_once_with_a_unique_name() {
        let acts: BTreeSet<_> = Act::ALL.iter().collect();
        assert_eq!(acts.len(), Act::ALL.len());
        let names: BTreeSet<_> = Act::ALL.iter().map(|a| a.as_str()).collect();
        assert_eq!(names.len(), Act::ALL.len());
    }

    #[test]
    fn observers_do_nothing_and_only_the_secretariat_publishes() {
        for act in Act::ALL {
            assert!(!act.allows(Role::Observer), "{act:?}");
        }
        assert!(Act::PublishAgenda.allows(Role::Secretariat));
        for role in [Role::Chair, Role::Member, Role::Substitute] {
            assert_eq!(
                permit(role, Act::PublishAgenda),
                Err(Refusal::SecretariatOnly)
            );
        }
    }

    #[test]
    fn the_chair_prepares_the_agenda_and_alone_approves_it() {
        assert!(Act::UpsertAgendaItem.allows(Role::Chair));
        assert!(Act::ReorderAgenda.allows(Role::Secretariat));
        assert_eq!(
            permit(Role::Member, Act::ReorderAgenda),
            Err(Refusal::ChairOrSecretariatOnly)
        );
        assert!(Act::ApproveAgenda.allows(Role::Chair));
        assert_eq!(
            permit(Role::Secretariat, Act::ApproveAgenda),
            Err(Refusal::ChairOnly)
        );
    }

    #[test]
    fn members_write_their_own_and_observers_are_told_why_not() {
        for role in [
            Role::Member,
            Role::Substitute,
            Role::Chair,
            Role::Secretariat,
        ] {
            assert!(Act::CommentMinutes.allows(role), "{role:?}");
        }
        assert_eq!(
            permit(Role::Observer, Act::CommentMinutes),
            Err(Refusal::ObserverCannotComment)
        );
        assert_eq!(
            permit(Role::Observer, Act::RespondProcedure),
            Err(Refusal::ObserverCannotRespond)
        );
        assert_eq!(
            permit(Role::Observer, Act::RegisterParticipant),
            Err(Refusal::ObserverCannotRegister)
        );
    }

    #[test]
    fn the_api_docs_carry_the_matrix_as_built() {
        let docs = include_str!("../../../docs/API.md");
        assert!(
            docs.contains(&matrix_markdown()),
            "docs/API.md must contain this table exactly:\n{}",
            matrix_markdown()
        );
    }
}
