//! The secretariat's acts on meetings: the plan, the agenda, the material, holding the meeting.
//!
//! A meeting's content (agenda items, their escalations, documents) is seen by whoever its status
//! allows ([`meeting_content_visibility`]); every act that changes the status announces the
//! content again with its new visibility, so members never see a published meeting without its
//! agenda, and a meeting taken back from publication is withdrawn from them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::access::{meeting_content_visibility, Visibility};
use crate::calendar::{Timeliness, WorkingDayCalendar};
use crate::entity::{Attendance, AttendedAs, Attendee, Entity, EntityKind, PersonInfo};
use crate::ids::{AgendaItemId, DocumentId, MeetingId, OrgId};
use crate::meeting::{AgendaItem, Document, Meeting, MeetingKind, MeetingStatus, Sha256};
use crate::plan::annual_plan_check;
use crate::refusal::Refusal;
use crate::registration::{Registration, RegistrationKind};

use super::notice::Notice;
use super::{not_cancelled, require_text, BlobInfo, Change, Decided, Decision, Denied, Facts};

/// The MIME type material is published as.
pub const PDF_MIME: &str = "application/pdf";

fn calendar(facts: &impl Facts) -> Result<WorkingDayCalendar, Denied> {
    Ok(WorkingDayCalendar::new(facts.committee()?.calendar))
}

/// The meeting's agenda items (with their escalations) and documents, announced to whoever may
/// now see them. Material members see for the first time `released_on` counts as published that
/// day — the day they got it, which is what the material deadline is about.
fn announce_content(
    facts: &impl Facts,
    meeting: &Meeting,
    released_on: Option<NaiveDate>,
) -> Result<Vec<Change>, Denied> {
    let visibility = meeting_content_visibility(meeting.status);
    let mut changes = Vec::new();
    for item in facts.agenda_items(meeting.id)? {
        let escalation = item.escalation;
        changes.push(Change::new(Entity::AgendaItem(item), visibility.clone()));
        if let Some(e) = escalation
            .map(|id| facts.escalation(id))
            .transpose()?
            .flatten()
        {
            changes.push(Change::new(Entity::Escalation(e), visibility.clone()));
        }
    }
    for mut doc in facts.documents(meeting.id)? {
        if let Some(day) = released_on {
            doc.published_on = doc.published_on.max(day);
        }
        changes.push(Change::new(Entity::Document(doc), visibility.clone()));
    }
    Ok(changes)
}

/// The meeting as changed, and its content again when the change alters who may see it.
fn meeting_changed(
    facts: &impl Facts,
    old: Option<&Meeting>,
    meeting: Meeting,
    today: NaiveDate,
) -> Result<Vec<Change>, Denied> {
    let before = old.map(|o| meeting_content_visibility(o.status));
    let after = meeting_content_visibility(meeting.status);
    let mut changes = vec![Change::everyone(Entity::Meeting(meeting.clone()))];
    if before.as_ref().is_some_and(|b| *b != after) {
        let released = (before == Some(Visibility::Secretariat)).then_some(today);
        changes.extend(announce_content(facts, &meeting, released)?);
    }
    Ok(changes)
}

/// The annual plan check for the year of `meeting`, with `meeting` as it will be.
fn plan_notice(facts: &impl Facts, meeting: &Meeting) -> Result<Option<Notice>, Denied> {
    let mut meetings: Vec<Meeting> = facts
        .meetings()?
        .into_iter()
        .filter(|m| m.id != meeting.id)
        .collect();
    meetings.push(meeting.clone());
    let expected = facts.committee()?.ordinary_meetings_per_year;
    Ok(annual_plan_check(meeting.date.year(), &meetings, expected).map(Notice::Plan))
}

/// Creates or changes a meeting. A status change is the same act as its own op: to published
/// publishes the agenda, to held holds it with the attendance the registrations give.
pub(super) fn upsert_meeting(facts: &impl Facts, meeting: &Meeting, today: NaiveDate) -> Decided {
    let old = facts.meeting(meeting.id)?;
    let status_before = old.as_ref().map_or(MeetingStatus::Planned, |m| m.status);
    // When the agenda went out is the hub's record of the act, not the caller's to set.
    let mut meeting = meeting.clone();
    meeting.agenda_published_on = old.as_ref().and_then(|m| m.agenda_published_on);
    meeting.agenda_approved_on = old.as_ref().and_then(|m| m.agenda_approved_on);
    meeting.live = old.as_ref().and_then(|m| m.live.clone());
    meeting.link = meeting
        .link
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned);
    if let Some(link) = &meeting.link {
        check_link(link)?;
    }
    let meeting = &meeting;
    match (status_before, meeting.status) {
        (before, MeetingStatus::Published) if before != MeetingStatus::Published => {
            let mut staged = meeting.clone();
            staged.status = status_before;
            return publish(facts, old.as_ref(), staged, today);
        }
        (before, MeetingStatus::Held) if before != MeetingStatus::Held => {
            let attendance = default_attendance(
                &facts.active_people()?,
                &facts.registrations(meeting.id)?,
                meeting.id,
            );
            let mut staged = meeting.clone();
            staged.status = status_before;
            return hold(facts, old.as_ref(), staged, attendance.attendees, today);
        }
        _ => {}
    }
    let mut decision = Decision {
        changes: meeting_changed(facts, old.as_ref(), meeting.clone(), today)?,
        notices: vec![],
    };
    let counts_in_plan = |m: &Meeting| m.kind == MeetingKind::Ordinary;
    if counts_in_plan(meeting) || old.as_ref().is_some_and(counts_in_plan) {
        decision.notices.extend(plan_notice(facts, meeting)?);
    }
    Ok(decision)
}

/// A meeting link members can open: a full https address with a host.
fn check_link(link: &str) -> Result<(), Refusal> {
    let host = link
        .strip_prefix("https://")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or("");
    if host.contains('.') && !link.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(Refusal::MeetingLinkInvalid)
    }
}

/// The chair approved the agenda as it stood; an edit before publication needs a new approval.
/// Adds the meeting with its approval cleared, and tells the actor, when there was one to clear.
pub(super) fn clear_approval(meeting: &Meeting, decision: &mut Decision) {
    if let Some(change) = approval_cleared(meeting) {
        decision.changes.push(change);
        decision.notices.push(Notice::AgendaApprovalCleared {
            meeting_date: meeting.date,
        });
    }
}

/// The meeting with the chair's approval of its agenda taken back, when it has one that a change
/// to the agenda's items voids: not yet published. Every change to the items of such an agenda
/// clears it, the items a rule adds as well as the secretariat's edits (the approval of minutes
/// sent for comments, a written case a member objected to), so the chair approves what goes out.
pub(super) fn approval_cleared(meeting: &Meeting) -> Option<Change> {
    if meeting.status != MeetingStatus::Planned || meeting.agenda_approved_on.is_none() {
        return None;
    }
    let mut m = meeting.clone();
    m.agenda_approved_on = None;
    Some(Change::everyone(Entity::Meeting(m)))
}

/// The agenda can still change: the meeting is neither held (its agenda is then the record of
/// what was dealt with) nor cancelled.
fn agenda_open(meeting: &Meeting) -> Result<(), Refusal> {
    not_cancelled(meeting)?;
    if !meeting.agenda_may_change() {
        return Err(Refusal::AgendaClosed {
            meeting_date: meeting.date,
        });
    }
    Ok(())
}

pub(super) fn upsert_agenda_item(facts: &impl Facts, item: &AgendaItem) -> Decided {
    require_text(&item.title, Refusal::TitleMissing)?;
    let meeting = facts
        .meeting(item.meeting)?
        .ok_or(Refusal::MeetingNotFound)?;
    agenda_open(&meeting)?;
    if let Some(org) = &item.presenter {
        if !facts.organisation_exists(org)? {
            return Err(Refusal::UnknownOrganisation { org: org.clone() }.into());
        }
    }
    for system in &item.systems {
        if facts.system(system)?.is_none() {
            return Err(Refusal::SystemNotInPortfolio {
                system: system.clone(),
            }
            .into());
        }
    }
    let mut item = item.clone();
    item.title = item.title.trim().to_owned();
    if item.number == 0 {
        // Number 0 asks for a place: its own when the item exists, else after the last item.
        let items = facts.agenda_items(meeting.id)?;
        item.number = match items.iter().find(|i| i.id == item.id) {
            Some(existing) => existing.number,
            None => items.iter().map(|i| i.number).max().unwrap_or(0) + 1,
        };
    }
    let mut decision = Decision::one(Change::new(
        Entity::AgendaItem(item),
        meeting_content_visibility(meeting.status),
    ));
    clear_approval(&meeting, &mut decision);
    Ok(decision)
}

/// Puts the agenda in the given order: every item of the meeting, each once.
pub(super) fn reorder(facts: &impl Facts, meeting: MeetingId, order: &[AgendaItemId]) -> Decided {
    let m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    agenda_open(&m)?;
    let items = facts.agenda_items(meeting)?;
    let mut wanted: Vec<AgendaItemId> = order.to_vec();
    wanted.sort();
    wanted.dedup();
    let mut have: Vec<AgendaItemId> = items.iter().map(|i| i.id).collect();
    have.sort();
    if wanted.len() != order.len() || wanted != have {
        return Err(Refusal::AgendaOrderMismatch.into());
    }
    let visibility = meeting_content_visibility(m.status);
    let mut decision = Decision::default();
    for (place, id) in order.iter().enumerate() {
        let number = u32::try_from(place + 1).unwrap_or(u32::MAX);
        if let Some(mut item) = items.iter().find(|i| i.id == *id).cloned() {
            if item.number != number {
                item.number = number;
                decision
                    .changes
                    .push(Change::new(Entity::AgendaItem(item), visibility.clone()));
            }
        }
    }
    if !decision.changes.is_empty() {
        clear_approval(&m, &mut decision);
    }
    Ok(decision)
}

/// The chair approves the agenda as it now stands, before it goes out.
pub(super) fn approve_agenda(facts: &impl Facts, meeting: MeetingId, today: NaiveDate) -> Decided {
    let mut m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    not_cancelled(&m)?;
    if m.status != MeetingStatus::Planned {
        return Err(Refusal::AgendaAlreadyPublished.into());
    }
    if facts.agenda_items(meeting)?.is_empty() {
        return Err(Refusal::AgendaEmpty.into());
    }
    m.agenda_approved_on = Some(today);
    Ok(Decision::one(Change::everyone(Entity::Meeting(m))))
}

pub(super) fn publish_agenda(facts: &impl Facts, meeting: MeetingId, today: NaiveDate) -> Decided {
    let m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    publish(facts, Some(&m), m.clone(), today)
}

fn publish(
    facts: &impl Facts,
    old: Option<&Meeting>,
    mut meeting: Meeting,
    today: NaiveDate,
) -> Decided {
    not_cancelled(&meeting)?;
    if meeting.status == MeetingStatus::Planned {
        meeting.status = MeetingStatus::Published;
    }
    let first_publication = meeting.agenda_published_on.is_none();
    let published_on = *meeting.agenda_published_on.get_or_insert(today);
    let mut changes = meeting_changed(facts, old, meeting.clone(), today)?;
    if old.is_none_or(|o| o.status == meeting.status) {
        // Publishing again (or a new meeting) announces the content all the same.
        changes.extend(announce_content(facts, &meeting, None)?);
    }
    let mut notices = Vec::new();
    let cal = calendar(facts)?;
    if first_publication && meeting.agenda_approved_on.is_none() {
        notices.push(Notice::AgendaNotApproved {
            meeting_date: meeting.date,
        });
    }
    if first_publication {
        if let Timeliness::Late { working_days } = cal.material_lateness(meeting.date, published_on)
        {
            notices.push(Notice::AgendaLate {
                meeting_date: meeting.date,
                due: cal.material_due(meeting.date),
                working_days,
            });
        }
    }
    Ok(Decision { changes, notices })
}

/// Who attended, when the secretariat records no list: each organisation's registered
/// substitute or else its member, and each registered observer.
pub fn default_attendance(
    people: &[PersonInfo],
    registrations: &[Registration],
    meeting: MeetingId,
) -> Attendance {
    let mut by_org: BTreeMap<OrgId, Vec<Attendee>> = BTreeMap::new();
    let registered = |org: &OrgId, kind: RegistrationKind| {
        registrations
            .iter()
            .find(|r| r.meeting == meeting && r.org == *org && r.kind == kind)
    };
    let mut members: Vec<&PersonInfo> = people
        .iter()
        .filter(|p| p.active && p.role.is_appointed_member())
        .collect();
    members.sort_by_key(|p| p.id);
    for member in members {
        if by_org.contains_key(&member.org) {
            continue;
        }
        let seat = match registered(&member.org, RegistrationKind::Substitute) {
            Some(r) => attendee_of(r),
            None => Attendee {
                org: member.org.clone(),
                role: AttendedAs::Member,
                person: Some(member.id),
                name: member.name.clone(),
            },
        };
        let mut at = vec![seat];
        at.extend(registered(&member.org, RegistrationKind::Observer).map(attendee_of));
        by_org.insert(member.org.clone(), at);
    }
    // A substitute or observer of an organisation with no member on record still attended.
    for r in registrations.iter().filter(|r| r.meeting == meeting) {
        let at = by_org.entry(r.org.clone()).or_default();
        if !at.iter().any(|a| a.role == AttendedAs::from(r.kind)) {
            at.push(attendee_of(r));
        }
    }
    Attendance {
        meeting,
        attendees: by_org.into_values().flatten().collect(),
    }
}

fn attendee_of(r: &Registration) -> Attendee {
    Attendee {
        org: r.org.clone(),
        role: r.kind.into(),
        person: r.person,
        name: r.name.clone(),
    }
}

pub(super) fn mark_held(
    facts: &impl Facts,
    meeting: MeetingId,
    attendance: &[Attendee],
    today: NaiveDate,
) -> Decided {
    let m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    let attendees = if attendance.is_empty() {
        default_attendance(
            &facts.active_people()?,
            &facts.registrations(meeting)?,
            meeting,
        )
        .attendees
    } else {
        attendance.to_vec()
    };
    hold(facts, Some(&m), m.clone(), attendees, today)
}

fn hold(
    facts: &impl Facts,
    old: Option<&Meeting>,
    mut meeting: Meeting,
    attendees: Vec<Attendee>,
    today: NaiveDate,
) -> Decided {
    not_cancelled(&meeting)?;
    if meeting.date > today {
        return Err(Refusal::MeetingNotYetHeld {
            meeting_date: meeting.date,
        }
        .into());
    }
    check_attendance(facts, &attendees)?;
    meeting.status = MeetingStatus::Held;
    // The meeting is over: no item is being dealt with; the decisions stay for the minutes.
    if let Some(live) = meeting.live.as_mut() {
        live.current_item = None;
    }
    let mut changes = meeting_changed(facts, old, meeting.clone(), today)?;
    changes.push(Change::everyone(Entity::Attendance(Attendance {
        meeting: meeting.id,
        attendees,
    })));
    Ok(Decision {
        changes,
        notices: vec![],
    })
}

/// Every organisation known; one person in its seat and at most one observer.
fn check_attendance(facts: &impl Facts, attendees: &[Attendee]) -> Result<(), Denied> {
    let mut seats: BTreeMap<&OrgId, (u32, u32)> = BTreeMap::new();
    for a in attendees {
        if !facts.organisation_exists(&a.org)? {
            return Err(Refusal::UnknownOrganisation { org: a.org.clone() }.into());
        }
        let (seat, observers) = seats.entry(&a.org).or_default();
        match a.role {
            AttendedAs::Member | AttendedAs::Substitute => *seat += 1,
            AttendedAs::Observer => *observers += 1,
        }
        if *seat > 1 {
            return Err(Refusal::AttendanceSeatTwice { org: a.org.clone() }.into());
        }
        if *observers > 1 {
            return Err(Refusal::AttendanceObserverTwice { org: a.org.clone() }.into());
        }
    }
    Ok(())
}

/// A file to publish as material: its title, its stored bytes and, for a new version, what
/// changed.
pub(super) struct Material<'a> {
    pub title: &'a str,
    pub sha256: &'a Sha256,
    pub change_note: Option<&'a str>,
}

/// The stored file, which must be a PDF.
pub(super) fn stored_pdf(facts: &impl Facts, sha256: &Sha256) -> Result<BlobInfo, Denied> {
    let blob = facts.blob(sha256)?.ok_or(Refusal::FileNotStored)?;
    if blob.mime != PDF_MIME {
        return Err(Refusal::MaterialNotPdf.into());
    }
    Ok(blob)
}

/// `doc` as the first version, or as the next version of `previous` with its change note (a new
/// version must say what changed: members are shown it).
pub(super) fn versioned(
    mut doc: Document,
    previous: Option<&Document>,
    change_note: Option<&str>,
) -> Result<Document, Refusal> {
    let note = change_note.map(str::trim).filter(|n| !n.is_empty());
    if let Some(previous) = previous {
        doc.version = previous.version + 1;
        doc.change_note = Some(note.ok_or(Refusal::ChangeNoteMissing)?.to_owned());
    } else {
        doc.version = 1;
        doc.change_note = note.map(str::to_owned);
    }
    Ok(doc)
}

/// Publishes material `for` a meeting: `(meeting, Some(item))` for one of its agenda items,
/// `(meeting, None)` for the meeting as a whole.
pub(super) fn publish_document(
    facts: &impl Facts,
    document: DocumentId,
    (meeting, agenda_item): (MeetingId, Option<AgendaItemId>),
    material: Material<'_>,
    today: NaiveDate,
) -> Decided {
    require_text(material.title, Refusal::TitleMissing)?;
    let meeting = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    if let Some(item) = agenda_item {
        let on_this_meeting = facts
            .agenda_item(item)?
            .is_some_and(|i| i.meeting == meeting.id);
        if !on_this_meeting {
            return Err(Refusal::AgendaItemNotFound.into());
        }
    }
    let blob = stored_pdf(facts, material.sha256)?;
    let previous = facts
        .documents(meeting.id)?
        .into_iter()
        .find(|d| d.id == document);
    if previous.is_none() && facts.exists(EntityKind::Document, &document.to_string())? {
        return Err(Refusal::IdConflict.into());
    }
    let doc = versioned(
        Document {
            id: document,
            meeting: Some(meeting.id),
            agenda_item,
            title: material.title.trim().to_owned(),
            sha256: material.sha256.clone(),
            size_bytes: blob.size_bytes,
            mime: blob.mime,
            version: 1,
            published_on: today,
            change_note: None,
            procedure: None,
        },
        previous.as_ref(),
        material.change_note,
    )?;
    let mut notices = Vec::new();
    // Material counts as sent once members can see it; a new version is judged by the first.
    let visible = meeting_content_visibility(meeting.status);
    if previous.is_none() && visible == Visibility::Everyone && meeting.date >= today {
        let cal = calendar(facts)?;
        if let Timeliness::Late { working_days } = cal.material_lateness(meeting.date, today) {
            notices.push(Notice::MaterialLate {
                meeting_date: meeting.date,
                due: cal.material_due(meeting.date),
                working_days,
            });
        }
    }
    Ok(Decision {
        changes: vec![Change::new(Entity::Document(doc), visible)],
        notices,
    })
}

/// Cancels a meeting with the reason members are told; its content stays visible with it.
pub(super) fn cancel(facts: &impl Facts, meeting: MeetingId, reason: &str) -> Decided {
    require_text(reason, Refusal::CancellationReasonMissing)?;
    let m = facts.meeting(meeting)?.ok_or(Refusal::MeetingNotFound)?;
    match m.status {
        MeetingStatus::Held => {
            return Err(Refusal::MeetingAlreadyHeld {
                meeting_date: m.date,
            }
            .into())
        }
        MeetingStatus::Cancelled => {
            return Err(Refusal::MeetingCancelled {
                meeting_date: m.date,
            }
            .into())
        }
        MeetingStatus::Planned | MeetingStatus::Published => {}
    }
    let mut cancelled = m.clone();
    cancelled.status = MeetingStatus::Cancelled;
    cancelled.cancellation_reason = Some(reason.trim().to_owned());
    Ok(Decision {
        changes: vec![Change::everyone(Entity::Meeting(cancelled))],
        notices: vec![],
    })
}

/// Takes an item off the agenda: whoever saw it is told to drop it, and the items after it move
/// up one.
pub(super) fn withdraw_item(facts: &impl Facts, item: AgendaItemId) -> Decided {
    let withdrawn = facts
        .agenda_item(item)?
        .ok_or(Refusal::AgendaItemNotFound)?;
    let meeting = facts
        .meeting(withdrawn.meeting)?
        .ok_or(Refusal::MeetingNotFound)?;
    agenda_open(&meeting)?;
    let visibility = meeting_content_visibility(meeting.status);
    let mut changes = vec![Change::new(
        Entity::Withdrawn {
            of: EntityKind::AgendaItem,
            id: item.to_string(),
        },
        visibility.clone(),
    )];
    for mut later in facts
        .agenda_items(meeting.id)?
        .into_iter()
        .filter(|i| i.number > withdrawn.number)
    {
        later.number -= 1;
        changes.push(Change::new(Entity::AgendaItem(later), visibility.clone()));
    }
    let mut decision = Decision {
        changes,
        notices: vec![],
    };
    clear_approval(&meeting, &mut decision);
    Ok(decision)
}

/// Withdraws a document, every version: whoever could see it is told to drop it.
pub(super) fn withdraw_document(facts: &impl Facts, document: DocumentId) -> Decided {
    let doc = facts.document(document)?.ok_or(Refusal::DocumentNotFound)?;
    let visibility = match doc.meeting {
        Some(meeting) => facts.meeting(meeting)?.map_or(Visibility::Everyone, |m| {
            meeting_content_visibility(m.status)
        }),
        // Procedure material is everyone's, as the procedure is.
        None => Visibility::Everyone,
    };
    Ok(Decision::one(Change::new(
        Entity::Withdrawn {
            of: EntityKind::Document,
            id: document.to_string(),
        },
        visibility,
    )))
}
