//! Escalation of a case to PSTG, the top steering group. The committee has no budget of its own:
//! a case that needs funds must first be approved by the solution's economic forum.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{AgendaItemId, EscalationId, SystemId};
use crate::refusal::Refusal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum EscalationState {
    Proposed,
    ReadyForPstg,
    SentToPstg,
    Closed,
}

/// The economic forum's approval of the funds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ForumApproval {
    pub approved_on: NaiveDate,
    /// Where the approval is recorded, e.g. the forum's minutes.
    pub reference: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Escalation {
    pub id: EscalationId,
    pub case: String,
    pub agenda_item: Option<AgendaItemId>,
    pub systems: Vec<SystemId>,
    pub needs_funds: bool,
    pub economic_forum_approval: Option<ForumApproval>,
    pub state: EscalationState,
}

/// May the case be marked ready for PSTG? Only from `Proposed`, and a case needing funds must
/// have the forum's approval recorded (with a non-blank reference).
pub fn check_ready_for_pstg(escalation: &Escalation) -> Result<(), Refusal> {
    if escalation.state != EscalationState::Proposed {
        return Err(Refusal::EscalationNotProposed);
    }
    let approved = escalation
        .economic_forum_approval
        .as_ref()
        .is_some_and(|a| !a.reference.trim().is_empty());
    if escalation.needs_funds && !approved {
        return Err(Refusal::EconomicForumApprovalMissing);
    }
    Ok(())
}

/// Records that the case has gone to PSTG: only a case marked ready for PSTG may go.
pub fn mark_sent_to_pstg(escalation: &mut Escalation) -> Result<(), Refusal> {
    if escalation.state != EscalationState::ReadyForPstg {
        return Err(Refusal::EscalationNotReady);
    }
    escalation.state = EscalationState::SentToPstg;
    Ok(())
}

/// Closes the case: PSTG has dealt with it, or it was withdrawn. Any open case may close.
pub fn close(escalation: &mut Escalation) -> Result<(), Refusal> {
    if escalation.state == EscalationState::Closed {
        return Err(Refusal::EscalationClosed);
    }
    escalation.state = EscalationState::Closed;
    Ok(())
}

/// Marks the case ready for PSTG when [`check_ready_for_pstg`] allows it.
pub fn mark_ready_for_pstg(escalation: &mut Escalation) -> Result<(), Refusal> {
    check_ready_for_pstg(escalation)?;
    escalation.state = EscalationState::ReadyForPstg;
    Ok(())
}
