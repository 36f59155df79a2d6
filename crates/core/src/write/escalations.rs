//! The secretariat's acts on an escalation to PSTG. An escalation is seen by whoever sees the
//! agenda item it is on ([`escalation_visibility`]).

use chrono::NaiveDate;

use crate::access::{meeting_content_visibility, Visibility};
use crate::entity::{Entity, EntityKind};
use crate::escalation::{Escalation, EscalationState, ForumApproval};
use crate::ids::{AgendaItemId, EscalationId};
use crate::refusal::Refusal;

use super::{require_text, Change, Decided, Decision, Denied, Facts};

/// Whoever sees the agenda item the escalation is on; the secretariat alone when it is on none.
pub(super) fn escalation_visibility(
    facts: &impl Facts,
    escalation: &Escalation,
) -> Result<Visibility, Denied> {
    let Some(item) = escalation.agenda_item else {
        return Ok(Visibility::Secretariat);
    };
    let item = facts
        .agenda_item(item)?
        .ok_or(Refusal::AgendaItemNotFound)?;
    let meeting = facts
        .meeting(item.meeting)?
        .ok_or(Refusal::MeetingNotFound)?;
    Ok(meeting_content_visibility(meeting.status))
}

fn saved(facts: &impl Facts, escalation: Escalation) -> Result<Change, Denied> {
    let visibility = escalation_visibility(facts, &escalation)?;
    Ok(Change::new(Entity::Escalation(escalation), visibility))
}

pub(super) fn propose(
    facts: &impl Facts,
    id: EscalationId,
    agenda_item: AgendaItemId,
    case: &str,
    needs_funds: bool,
) -> Decided {
    require_text(case, Refusal::CaseMissing)?;
    let mut item = facts
        .agenda_item(agenda_item)?
        .ok_or(Refusal::AgendaItemNotFound)?;
    if item.escalation.is_some() {
        return Err(Refusal::EscalationAlreadyOnItem.into());
    }
    if facts.exists(EntityKind::Escalation, &id.to_string())? {
        return Err(Refusal::IdConflict.into());
    }
    let meeting = facts
        .meeting(item.meeting)?
        .ok_or(Refusal::MeetingNotFound)?;
    let escalation = Escalation {
        id,
        case: case.trim().to_owned(),
        agenda_item: Some(agenda_item),
        systems: item.systems.clone(),
        needs_funds,
        economic_forum_approval: None,
        state: EscalationState::Proposed,
    };
    item.escalation = Some(id);
    let visibility = meeting_content_visibility(meeting.status);
    Ok(Decision {
        changes: vec![
            Change::new(Entity::Escalation(escalation), visibility.clone()),
            Change::new(Entity::AgendaItem(item), visibility),
        ],
        notices: vec![],
    })
}

fn load(facts: &impl Facts, id: EscalationId) -> Result<Escalation, Denied> {
    Ok(facts.escalation(id)?.ok_or(Refusal::EscalationNotFound)?)
}

pub(super) fn forum_approval(
    facts: &impl Facts,
    id: EscalationId,
    approved_on: NaiveDate,
    reference: &str,
) -> Decided {
    require_text(reference, Refusal::ForumReferenceMissing)?;
    let mut escalation = load(facts, id)?;
    if escalation.state == EscalationState::Closed {
        return Err(Refusal::EscalationClosed.into());
    }
    escalation.economic_forum_approval = Some(ForumApproval {
        approved_on,
        reference: reference.trim().to_owned(),
    });
    Ok(Decision::one(saved(facts, escalation)?))
}

/// One of the escalation's steps (ready, sent, closed), as core's escalation rules allow it.
pub(super) fn step(
    facts: &impl Facts,
    id: EscalationId,
    rule: fn(&mut Escalation) -> Result<(), Refusal>,
) -> Decided {
    let mut escalation = load(facts, id)?;
    rule(&mut escalation)?;
    Ok(Decision::one(saved(facts, escalation)?))
}
