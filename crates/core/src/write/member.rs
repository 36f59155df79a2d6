//! The members' writes — registrations, comments on the minutes, responses to written procedures
//! — and the secretariat's acts on people and procedures.

use chrono::NaiveDate;

use crate::access::{comment_visibility, meeting_content_visibility};
use crate::entity::{Entity, EntityKind, PersonInfo};
use crate::ids::WrittenProcedureId;
use crate::ids::{AgendaItemId, CommentId, MeetingId, MinutesId, OrgId, RegistrationId};
use crate::meeting::{AgendaItem, AgendaItemKind, Meeting};
use crate::minutes::{check_comment, MinutesComment, NewComment};
use crate::org::{Actor, Person};
use crate::plan::next_meeting_after;
use crate::procedure::{record_response, Response, WrittenProcedure};
use crate::refusal::Refusal;
use crate::registration::{
    check_cancellation, check_registration, MeetingContext, NewRegistration, Registration,
};
use crate::text::long_date_da;

use super::meetings::approval_cleared;
use super::notice::Notice;
use super::{derived_id, Change, Decided, Decision, Facts, Op};

/// The seat facts of one meeting: the meeting, the active people and its registrations.
struct Seats {
    meeting: Meeting,
    people: Vec<Person>,
    registrations: Vec<Registration>,
}

impl Seats {
    fn load(facts: &impl Facts, meeting: MeetingId) -> Result<Self, super::Denied> {
        let meeting = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
        let people = facts
            .active_people()?
            .iter()
            .map(PersonInfo::person)
            .collect();
        let registrations = facts.registrations(meeting.id)?;
        Ok(Self {
            meeting,
            people,
            registrations,
        })
    }

    fn context(&self) -> MeetingContext<'_> {
        MeetingContext {
            meeting: &self.meeting,
            members: &self.people,
            registrations: &self.registrations,
        }
    }
}

pub(super) fn register(facts: &impl Facts, actor: &Actor, op: &Op, today: NaiveDate) -> Decided {
    let Op::RegisterParticipant {
        meeting,
        registration,
        org,
        kind,
        person,
        name,
        email,
    } = op
    else {
        unreachable!("register is only called with RegisterParticipant")
    };
    let seats = Seats::load(facts, *meeting)?;
    let new = NewRegistration {
        org: org.clone(),
        kind: *kind,
        person: *person,
        name: name.clone(),
        email: email.clone(),
    };
    check_registration(&seats.context(), &new, actor, today)?;
    if !facts.organisation_exists(org)? {
        return Err(Refusal::UnknownOrganisation { org: org.clone() }.into());
    }
    if facts.exists(EntityKind::Registration, &registration.to_string())? {
        return Err(Refusal::IdConflict.into());
    }
    Ok(Decision::one(Change::everyone(Entity::Registration(
        Registration {
            id: *registration,
            meeting: *meeting,
            org: org.clone(),
            kind: *kind,
            person: *person,
            name: name.trim().to_owned(),
            email: email.trim().to_owned(),
            registered_by: actor.person,
        },
    ))))
}

pub(super) fn cancel(
    facts: &impl Facts,
    actor: &Actor,
    meeting: MeetingId,
    registration: RegistrationId,
    today: NaiveDate,
) -> Decided {
    let seats = Seats::load(facts, meeting)?;
    check_cancellation(&seats.context(), registration, actor, today)?;
    Ok(Decision::one(Change::everyone(
        Entity::RegistrationCancelled {
            id: registration,
            meeting,
        },
    )))
}

pub(super) fn comment(
    facts: &impl Facts,
    actor: &Actor,
    minutes: MinutesId,
    comment: CommentId,
    agenda_item: AgendaItemId,
    text: &str,
    today: NaiveDate,
) -> Decided {
    let record = facts.minutes(minutes)?.ok_or(Refusal::MinutesNotFound)?;
    // A draft not yet sent is the secretariat's: to anyone else it does not exist.
    let visible = crate::access::minutes_visibility(record.draft.state);
    if !visible.allows(actor.role, &actor.org) {
        return Err(Refusal::MinutesNotFound.into());
    }
    let seats = Seats::load(facts, record.draft.meeting)?;
    let new = NewComment {
        agenda_item,
        text: text.to_owned(),
    };
    check_comment(
        &seats.context(),
        &record.draft,
        record.round.as_ref(),
        &new,
        actor,
        today,
    )?;
    if facts.exists(EntityKind::MinutesComment, &comment.to_string())? {
        return Err(Refusal::IdConflict.into());
    }
    let c = MinutesComment {
        disposition: None,
        id: comment,
        minutes,
        agenda_item,
        author: actor.person,
        org: actor.org.clone(),
        text: text.to_owned(),
        written_on: today,
    };
    let visibility = comment_visibility(&c);
    Ok(Decision::one(Change::new(
        Entity::MinutesComment(c),
        visibility,
    )))
}

/// A response; an objection also puts the case on the next meeting's agenda, linked to the
/// procedure ("én indsigelse, og sagen går til næste møde").
pub(super) fn respond(
    facts: &impl Facts,
    actor: &Actor,
    procedure: WrittenProcedureId,
    org: &OrgId,
    response: &Response,
    today: NaiveDate,
) -> Decided {
    let mut p = facts
        .procedure(procedure)?
        .ok_or(Refusal::ProcedureNotFound)?;
    record_response(&mut p, org, response.clone(), actor, today)?;
    if !facts.organisation_exists(org)? {
        return Err(Refusal::UnknownOrganisation { org: org.clone() }.into());
    }
    let mut decision = Decision::default();
    if let Response::Object(reason) = response {
        move_to_next_meeting(facts, &p, org, reason, today, &mut decision)?;
    }
    decision
        .changes
        .insert(0, Change::everyone(Entity::WrittenProcedure(p)));
    Ok(decision)
}

fn move_to_next_meeting(
    facts: &impl Facts,
    p: &WrittenProcedure,
    org: &OrgId,
    reason: &str,
    today: NaiveDate,
    decision: &mut Decision,
) -> Result<(), super::Denied> {
    let meetings = facts.meetings()?;
    let Some(next) = next_meeting_after(today, &meetings) else {
        decision.notices.push(Notice::CaseAwaitsNextMeeting);
        return Ok(());
    };
    let items = facts.agenda_items(next.id)?;
    let id = AgendaItemId::from_uuid(derived_id(p.id.as_uuid(), "objection_item"));
    let item = AgendaItem {
        presenter: None,
        id,
        meeting: next.id,
        number: items.iter().map(|i| i.number).max().unwrap_or(0) + 1,
        title: format!("Skriftlig procedure: {}", p.title),
        description: format!(
            "{org} gjorde den {} indsigelse mod den skriftlige procedure, så sagen behandles på \
             mødet: »{}«\n\n{}",
            long_date_da(today),
            reason.trim(),
            p.description
        ),
        kind: AgendaItemKind::Decision,
        systems: vec![],
        escalation: None,
        procedure: Some(p.id),
    };
    decision.changes.push(Change::new(
        Entity::AgendaItem(item),
        meeting_content_visibility(next.status),
    ));
    // The chair approves the agenda again; the member who objected is not told (it is the
    // chair's and the secretariat's to act on, and their desk shows the agenda unapproved).
    decision.changes.extend(approval_cleared(next));
    decision.notices.push(Notice::CaseMovedToMeeting {
        meeting_date: next.date,
    });
    Ok(())
}
