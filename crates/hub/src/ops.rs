//! What each mutation does: load the rows it needs, build core values, ask the core rule, and
//! persist with [`store::record`]. Also the secretariat's writes shared with the admin CLI.
//!
//! Every check happens before the first write, so a rejected operation leaves nothing behind.

use chrono::NaiveDate;
use rusqlite::Transaction;
use styrebord_core::access::{
    check_secretariat_write, comment_visibility, meeting_content_visibility, minutes_visibility,
    Visibility,
};
use styrebord_core::escalation::Escalation;
use styrebord_core::meeting::{AgendaItem, Meeting, MeetingStatus};
use styrebord_core::minutes::{CommentRound, MinutesComment, NewComment};
use styrebord_core::org::{Actor, Person};
use styrebord_core::procedure::WrittenProcedure;
use styrebord_core::registration::{
    check_cancellation, check_registration, MeetingContext, NewRegistration, Registration,
};
use styrebord_core::{minutes, procedure, CommentRoundId, MeetingId, Refusal, SystemId};
use styrebord_protocol::{ChangeBody, ErrorBody, Minutes, Op};

use crate::error::HubError;
use crate::store::{self, Audience};

/// Why an operation was not applied.
#[derive(Debug)]
pub enum OpError {
    /// A business answer for the person: becomes a `rejected` result.
    Rejected(ErrorBody),
    /// Our fault: the whole request fails with 500.
    Hub(HubError),
}

impl From<HubError> for OpError {
    fn from(e: HubError) -> Self {
        OpError::Hub(e)
    }
}

impl From<Refusal> for OpError {
    fn from(r: Refusal) -> Self {
        OpError::Rejected(ErrorBody::from(&r))
    }
}

impl From<rusqlite::Error> for OpError {
    fn from(e: rusqlite::Error) -> Self {
        OpError::Hub(e.into())
    }
}

fn rejected(code: &str, da: &str, en: &str) -> OpError {
    OpError::Rejected(ErrorBody::new(code, da, en))
}

fn meeting_not_found() -> OpError {
    rejected(
        "meeting_not_found",
        "Mødet findes ikke (længere). Opdatér visningen og prøv igen.",
        "The meeting does not exist (any more). Refresh the view and try again.",
    )
}

fn system_not_in_portfolio(system: &SystemId) -> OpError {
    rejected(
        "system_not_in_portfolio",
        &format!(
            "{system} er ikke med i porteføljen, så der kan ikke registreres driftsstatus for \
             det. Tjek systemets kode, eller optag systemet i porteføljen først."
        ),
        &format!(
            "{system} is not in the portfolio, so no operations status can be recorded for it. \
             Check the system's code, or add the system to the portfolio first."
        ),
    )
}

fn id_conflict() -> OpError {
    rejected(
        "id_conflict",
        "Id'et er allerede brugt til noget andet. Opret posten igen.",
        "The id is already used for something else. Create the entry again.",
    )
}

/// Applies `op` for `person` on `today`; returns the seq of its (last) change.
pub fn apply(
    tx: &Transaction<'_>,
    person: &Person,
    op: &Op,
    today: NaiveDate,
) -> Result<u64, OpError> {
    let actor = Actor::from(person);
    match op {
        Op::RegisterParticipant {
            meeting,
            registration,
            org,
            kind,
            person: who,
            name,
            email,
        } => {
            let m = load_meeting(tx, meeting)?;
            let members = store::active_persons(tx)?;
            let regs: Vec<Registration> =
                store::list_entities(tx, "registration", Some(&meeting.to_string()))?;
            let new = NewRegistration {
                org: org.clone(),
                kind: *kind,
                person: *who,
                name: name.clone(),
                email: email.clone(),
            };
            let ctx = MeetingContext {
                meeting: &m,
                members: &members,
                registrations: &regs,
            };
            check_registration(&ctx, &new, &actor, today)?;
            if store::get_entity::<Registration>(tx, "registration", &registration.to_string())?
                .is_some()
            {
                return Err(id_conflict());
            }
            let reg = Registration {
                id: *registration,
                meeting: *meeting,
                org: org.clone(),
                kind: *kind,
                person: *who,
                name: name.trim().to_owned(),
                email: email.trim().to_owned(),
                registered_by: person.id,
            };
            Ok(store::record(
                tx,
                &ChangeBody::Registration(reg),
                &Audience::All,
            )?)
        }
        Op::CancelRegistration {
            meeting,
            registration,
        } => {
            let m = load_meeting(tx, meeting)?;
            let members = store::active_persons(tx)?;
            let regs: Vec<Registration> =
                store::list_entities(tx, "registration", Some(&meeting.to_string()))?;
            let ctx = MeetingContext {
                meeting: &m,
                members: &members,
                registrations: &regs,
            };
            check_cancellation(&ctx, *registration, &actor, today)?;
            let body = ChangeBody::RegistrationCancelled {
                id: *registration,
                meeting: *meeting,
            };
            Ok(store::record(tx, &body, &Audience::All)?)
        }
        Op::CommentMinutes {
            minutes,
            comment,
            agenda_item,
            text,
        } => {
            let not_found = || {
                rejected(
                    "minutes_not_found",
                    "Referatet findes ikke eller er ikke sendt i høring endnu.",
                    "The minutes do not exist or have not been sent out for comments yet.",
                )
            };
            let (record, audience) =
                store::get_entity::<Minutes>(tx, "minutes", &minutes.to_string())?
                    .ok_or_else(not_found)?;
            if audience != "all" && !matches!(actor.role, styrebord_core::org::Role::Secretariat) {
                return Err(not_found());
            }
            let m = load_meeting(tx, &record.draft.meeting)?;
            let members = store::active_persons(tx)?;
            let regs: Vec<Registration> =
                store::list_entities(tx, "registration", Some(&m.id.to_string()))?;
            let ctx = MeetingContext {
                meeting: &m,
                members: &members,
                registrations: &regs,
            };
            let round = record
                .round
                .clone()
                .unwrap_or_else(|| placeholder_round(&record, today));
            let new = NewComment {
                agenda_item: *agenda_item,
                text: text.clone(),
            };
            minutes::check_comment(&ctx, &record.draft, &round, &new, &actor, today)?;
            if store::get_entity::<MinutesComment>(tx, "minutes_comment", &comment.to_string())?
                .is_some()
            {
                return Err(id_conflict());
            }
            let c = MinutesComment {
                id: *comment,
                minutes: *minutes,
                agenda_item: *agenda_item,
                author: person.id,
                org: person.org.clone(),
                text: text.clone(),
                written_on: today,
            };
            let audience = comment_visibility(&c).into();
            Ok(store::record(
                tx,
                &ChangeBody::MinutesComment(c),
                &audience,
            )?)
        }
        Op::RespondProcedure {
            procedure: id,
            org,
            response,
        } => {
            let (mut p, _) =
                store::get_entity::<WrittenProcedure>(tx, "written_procedure", &id.to_string())?
                    .ok_or_else(|| {
                        rejected(
                            "procedure_not_found",
                            "Den skriftlige procedure findes ikke.",
                            "The written procedure does not exist.",
                        )
                    })?;
            procedure::record_response(&mut p, org, response.clone(), &actor, today)?;
            Ok(store::record(
                tx,
                &ChangeBody::WrittenProcedure(p),
                &Audience::All,
            )?)
        }
        Op::UpsertMeeting { meeting } => {
            check_secretariat_write(&actor)?;
            Ok(upsert_meeting(tx, meeting)?)
        }
        Op::UpsertAgendaItem { item } => {
            check_secretariat_write(&actor)?;
            let m = load_meeting(tx, &item.meeting)?;
            Ok(upsert_agenda_item(tx, &m, item)?)
        }
        Op::PublishAgenda { meeting } => {
            check_secretariat_write(&actor)?;
            let m = load_meeting(tx, meeting)?;
            Ok(publish_agenda(tx, m)?)
        }
        Op::RecordQuarterlyStatus { status } => {
            check_secretariat_write(&actor)?;
            if !store::system_in_portfolio(tx, &status.system)? {
                return Err(system_not_in_portfolio(&status.system));
            }
            Ok(store::record(
                tx,
                &ChangeBody::QuarterlyStatus(status.clone()),
                &Audience::All,
            )?)
        }
        Op::UpsertRoadmapItem { item } => {
            check_secretariat_write(&actor)?;
            Ok(store::record(
                tx,
                &ChangeBody::RoadmapItem(item.clone()),
                &Audience::All,
            )?)
        }
    }
}

/// A round for a draft whose round has not been set: opens when the draft is due, so the core
/// rule answers "not open yet" with a sensible date.
fn placeholder_round(record: &Minutes, today: NaiveDate) -> CommentRound {
    CommentRound {
        id: CommentRoundId::from_uuid(uuid::Uuid::nil()),
        minutes: record.draft.id,
        opens: today.succ_opt().unwrap_or(today),
        closes: today.succ_opt().unwrap_or(today),
    }
}

pub fn load_meeting(tx: &Transaction<'_>, id: &MeetingId) -> Result<Meeting, OpError> {
    store::get_entity::<Meeting>(tx, "meeting", &id.to_string())?
        .map(|(m, _)| m)
        .ok_or_else(meeting_not_found)
}

/// Creates or changes a meeting (the plan is visible to all); content audience follows status.
pub fn upsert_meeting(tx: &Transaction<'_>, meeting: &Meeting) -> Result<u64, HubError> {
    store::record(tx, &ChangeBody::Meeting(meeting.clone()), &Audience::All)
}

pub fn upsert_agenda_item(
    tx: &Transaction<'_>,
    meeting: &Meeting,
    item: &AgendaItem,
) -> Result<u64, HubError> {
    store::record(
        tx,
        &ChangeBody::AgendaItem(item.clone()),
        &meeting_content_visibility(meeting.status).into(),
    )
}

/// Publishes the agenda: the meeting's status becomes `Published` and its agenda items (each
/// with its escalation, if any) and documents are announced to everyone. Returns the seq of the
/// last change.
pub fn publish_agenda(tx: &Transaction<'_>, mut meeting: Meeting) -> Result<u64, HubError> {
    if meeting.status == MeetingStatus::Planned {
        meeting.status = MeetingStatus::Published;
    }
    let mut seq = upsert_meeting(tx, &meeting)?;
    let audience: Audience = meeting_content_visibility(meeting.status).into();
    let id = meeting.id.to_string();
    for item in store::list_entities::<AgendaItem>(tx, "agenda_item", Some(&id))? {
        let escalation = item.escalation;
        seq = store::record(tx, &ChangeBody::AgendaItem(item), &audience)?;
        // An escalation is seen with the agenda item it is on.
        if let Some(escalation) = escalation {
            if let Some((e, _)) =
                store::get_entity::<Escalation>(tx, "escalation", &escalation.to_string())?
            {
                seq = store::record(tx, &ChangeBody::Escalation(e), &audience)?;
            }
        }
    }
    for doc in store::list_entities::<styrebord_core::meeting::Document>(tx, "document", Some(&id))?
    {
        seq = store::record(tx, &ChangeBody::Document(doc), &audience)?;
    }
    Ok(seq)
}

/// Creates or changes an escalation, seen by whoever sees the agenda item it is on (the
/// secretariat only while that meeting's agenda is unpublished, or when it is on no item).
pub fn upsert_escalation(tx: &Transaction<'_>, escalation: &Escalation) -> Result<u64, HubError> {
    let visibility = match escalation.agenda_item {
        Some(item) => {
            let (item, _) = store::get_entity::<AgendaItem>(tx, "agenda_item", &item.to_string())?
                .ok_or_else(|| HubError::Invalid(format!("no agenda item {item}")))?;
            let meeting = load_meeting(tx, &item.meeting).map_err(|_| {
                HubError::Invalid(format!("no meeting {} for agenda item", item.meeting))
            })?;
            meeting_content_visibility(meeting.status)
        }
        None => Visibility::Secretariat,
    };
    store::record(
        tx,
        &ChangeBody::Escalation(escalation.clone()),
        &visibility.into(),
    )
}

/// Saves minutes (draft and round); visible to all once the round has opened.
pub fn save_minutes(tx: &Transaction<'_>, minutes: Minutes) -> Result<u64, HubError> {
    let audience: Audience = minutes_visibility(minutes.draft.state).into();
    store::record(tx, &ChangeBody::Minutes(minutes), &audience)
}
