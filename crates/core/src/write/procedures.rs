//! The secretariat's acts on written procedures: start one (with material), close it early when
//! everyone has answered, withdraw it, and remind those who have not answered — a procedure or
//! a comment round on minutes ([`outstanding`] says who).
//!
//! The outcome itself is never set by hand: silence is consent at the deadline, and an objection
//! moves the case at once ([`crate::procedure::outcome`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;

use crate::entity::{Entity, EntityKind, Reminder, ReminderAbout};
use crate::ids::{DocumentId, OrgId, ReminderId, WrittenProcedureId};
use crate::meeting::Document;
use crate::minutes::check_round_open;
use crate::procedure::{outcome, Outcome, ProcedureEnd, WrittenProcedure};
use crate::refusal::Refusal;

use super::meetings::{stored_pdf, versioned, Material};
use super::notice::Notice;
use super::{derived_id, require_text, Change, Decided, Decision, Denied, Facts};

pub(super) fn start(
    facts: &impl Facts,
    procedure: WrittenProcedureId,
    title: &str,
    description: &str,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Decided {
    require_text(title, Refusal::TitleMissing)?;
    if deadline < today {
        return Err(Refusal::DeadlineInPast { deadline }.into());
    }
    if facts.exists(EntityKind::WrittenProcedure, &procedure.to_string())? {
        return Err(Refusal::IdConflict.into());
    }
    Ok(Decision::one(Change::everyone(Entity::WrittenProcedure(
        WrittenProcedure {
            id: procedure,
            title: title.trim().to_owned(),
            description: description.trim().to_owned(),
            deadline,
            responses: vec![],
            ended: None,
        },
    ))))
}

fn open_procedure(
    facts: &impl Facts,
    id: WrittenProcedureId,
    today: NaiveDate,
) -> Result<WrittenProcedure, Denied> {
    let p = facts.procedure(id)?.ok_or(Refusal::ProcedureNotFound)?;
    match outcome(&p, today) {
        Outcome::Open => Ok(p),
        Outcome::MovedToMeeting { mut objected_by } if !objected_by.is_empty() => {
            Err(Refusal::ProcedureClosedByObjection {
                objecting_org: objected_by.remove(0),
            }
            .into())
        }
        Outcome::Adopted if p.ended.is_none() => Err(Refusal::ProcedureDeadlinePassed {
            deadline: p.deadline,
        }
        .into()),
        _ => Err(Refusal::ProcedureEnded.into()),
    }
}

/// Closes a procedure before its deadline: only when every organisation has answered and none
/// objected, so no one loses the silence-is-consent days they were given.
pub(super) fn close(facts: &impl Facts, id: WrittenProcedureId, today: NaiveDate) -> Decided {
    let mut p = open_procedure(facts, id, today)?;
    let missing = outstanding(facts, ReminderAbout::Procedure(id))?.len();
    if missing > 0 {
        return Err(Refusal::ProcedureNotAllAnswered { missing }.into());
    }
    p.ended = Some(ProcedureEnd::Closed { on: today });
    Ok(Decision::one(Change::everyone(Entity::WrittenProcedure(p))))
}

/// Withdraws a case from written procedure, with the reason members are told.
pub(super) fn withdraw(
    facts: &impl Facts,
    id: WrittenProcedureId,
    reason: &str,
    today: NaiveDate,
) -> Decided {
    require_text(reason, Refusal::WithdrawalReasonMissing)?;
    let mut p = open_procedure(facts, id, today)?;
    p.ended = Some(ProcedureEnd::Withdrawn {
        on: today,
        reason: reason.trim().to_owned(),
    });
    Ok(Decision::one(Change::everyone(Entity::WrittenProcedure(p))))
}

/// The organisations whose answer is awaited: every organisation with an active representative
/// that has not answered the procedure, or has not commented in the comment round. In code order.
pub fn outstanding(facts: &impl Facts, about: ReminderAbout) -> Result<Vec<OrgId>, Denied> {
    let answered: BTreeSet<OrgId> = match about {
        ReminderAbout::Procedure(id) => facts
            .procedure(id)?
            .ok_or(Refusal::ProcedureNotFound)?
            .responses
            .into_iter()
            .map(|r| r.org)
            .collect(),
        ReminderAbout::Minutes(id) => {
            facts.minutes(id)?.ok_or(Refusal::MinutesNotFound)?;
            facts.comments(id)?.into_iter().map(|c| c.org).collect()
        }
    };
    let seated: BTreeSet<OrgId> = facts
        .active_people()?
        .into_iter()
        .filter(|p| p.role.is_appointed_member())
        .map(|p| p.org)
        .collect();
    Ok(seated.difference(&answered).cloned().collect())
}

/// Reminds each organisation whose answer is awaited, while the procedure or round is open.
pub(super) fn remind(
    facts: &impl Facts,
    reminder: ReminderId,
    about: ReminderAbout,
    today: NaiveDate,
) -> Decided {
    let (title, deadline) = match about {
        ReminderAbout::Procedure(id) => {
            let p = facts.procedure(id)?.ok_or(Refusal::ProcedureNotFound)?;
            if outcome(&p, today) != Outcome::Open {
                return Err(Refusal::ReminderSubjectNotOpen.into());
            }
            (format!("Skriftlig procedure: {}", p.title), p.deadline)
        }
        ReminderAbout::Minutes(id) => {
            let m = facts.minutes(id)?.ok_or(Refusal::MinutesNotFound)?;
            check_round_open(m.draft.state, m.round.as_ref(), today)
                .map_err(|_| Refusal::ReminderSubjectNotOpen)?;
            let meeting = facts
                .meeting(m.draft.meeting)?
                .ok_or(Refusal::MeetingNotFound)?;
            let closes = m.round.map_or(today, |r| r.closes);
            (
                format!(
                    "Udkast til referat af mødet den {}",
                    crate::text::long_date_da(meeting.date)
                ),
                closes,
            )
        }
    };
    let orgs = outstanding(facts, about)?;
    if orgs.is_empty() {
        return Err(Refusal::NothingOutstanding.into());
    }
    let notices = vec![Notice::RemindersSent {
        organisations: orgs.len(),
    }];
    let changes = orgs
        .into_iter()
        .map(|org| {
            let id = ReminderId::from_uuid(derived_id(reminder.as_uuid(), org.as_str()));
            Change::new(
                Entity::Reminder(Reminder {
                    id,
                    org: org.clone(),
                    about,
                    title: title.clone(),
                    deadline,
                    sent_on: today,
                }),
                crate::access::Visibility::Organisation(org),
            )
        })
        .collect();
    Ok(Decision { changes, notices })
}

/// Publishes material for a written procedure (everyone sees procedures, so everyone sees it).
pub(super) fn publish_document(
    facts: &impl Facts,
    document: DocumentId,
    procedure: WrittenProcedureId,
    material: Material<'_>,
    today: NaiveDate,
) -> Decided {
    require_text(material.title, Refusal::TitleMissing)?;
    // Material is for members deciding: not once the case is decided, moved or withdrawn.
    open_procedure(facts, procedure, today)?;
    let blob = stored_pdf(facts, material.sha256)?;
    let previous = facts.document(document)?;
    if previous
        .as_ref()
        .is_some_and(|p| p.procedure != Some(procedure))
    {
        return Err(Refusal::IdConflict.into());
    }
    if previous.is_none() && facts.exists(EntityKind::Document, &document.to_string())? {
        return Err(Refusal::IdConflict.into());
    }
    let doc = versioned(
        Document {
            id: document,
            meeting: None,
            agenda_item: None,
            title: material.title.trim().to_owned(),
            sha256: material.sha256.clone(),
            size_bytes: blob.size_bytes,
            mime: blob.mime,
            version: 1,
            published_on: today,
            change_note: None,
            procedure: Some(procedure),
        },
        previous.as_ref(),
        material.change_note,
    )?;
    Ok(Decision::one(Change::everyone(Entity::Document(doc))))
}
