//! The secretariat's commands, as functions over a [`Store`] (the CLI in [`crate::cli`] only
//! parses and prints). Each act is an [`Op`] decided by core and recorded through
//! [`ops::record`] exactly like a member's mutation — the CLI acts as the secretariat.

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use styrebord_core::entity::{Attendee, EntityKind, PersonInfo};
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Document, Meeting, MeetingKind, MeetingStatus,
};
use styrebord_core::minutes::Decision;
use styrebord_core::org::{Actor, Role};
use styrebord_core::portfolio::{PortfolioSystem, QuarterlyStatus};
use styrebord_core::roadmap::RoadmapItem;
use styrebord_core::write::{
    decide, decide_appointment, decide_representative_change, decide_revocation,
    default_attendance, Facts, Notice, Op,
};
use styrebord_core::{
    parse_composition, AgendaItemId, Composition, DocumentId, EscalationId, MeetingId, MinutesId,
    OrgId, PersonId, Refusal, SystemId, WorkingDayCalendar, WrittenProcedureId, SEED_COMPOSITION,
};
use styrebord_protocol::{Entity, Minutes};
use uuid::Uuid;

use crate::auth::generate_token;
use crate::blobs;
use crate::error::HubError;
use crate::facts::HubFacts;
use crate::ops::{self, Applied};
use crate::store::{self, Store};

fn invalid(msg: impl Into<String>) -> HubError {
    HubError::Invalid(msg.into())
}

pub fn composition() -> Result<Composition, HubError> {
    parse_composition(SEED_COMPOSITION).map_err(|e| invalid(e.to_string()))
}

/// The committee's calendar, as the hub has it configured.
pub fn calendar(store: &Store) -> Result<WorkingDayCalendar, HubError> {
    let committee = store.read(|c| Ok(HubFacts::new(c).committee()?))?;
    Ok(WorkingDayCalendar::new(committee.calendar))
}

/// The secretariat acting from the hub's own machine. It has no account of its own, so what it
/// records as done "by" someone (a registration on a member's behalf) names the nil person.
fn secretariat(facts: &impl Facts) -> Result<Actor, HubError> {
    Ok(Actor {
        person: PersonId::from_uuid(Uuid::nil()),
        org: facts.committee()?.secretariat,
        role: Role::Secretariat,
    })
}

/// Decides `op` as the secretariat on `today` and records it, in the caller's transaction.
pub fn act_in(
    tx: &rusqlite::Transaction<'_>,
    op: &Op,
    today: NaiveDate,
) -> Result<Applied, HubError> {
    let facts = HubFacts::new(tx);
    let decision = decide(&facts, &secretariat(&facts)?, op, today)?;
    ops::record(tx, decision)
}

/// One act of the secretariat, in its own transaction.
pub fn act(store: &Store, op: &Op, today: NaiveDate) -> Result<Applied, HubError> {
    store.write(|tx| act_in(tx, op, today))
}

/// Creates the database and seeds the committee (its settings and organisations). Safe to run
/// again.
pub fn init(store: &Store) -> Result<usize, HubError> {
    let comp = composition()?;
    store.write(|tx| {
        let everyone = styrebord_core::access::Visibility::Everyone;
        store::record(tx, &Entity::Committee(comp.committee()), &everyone)?;
        for org in &comp.organisations {
            store::record(tx, &Entity::Organisation(org.clone()), &everyone)?;
        }
        Ok(comp.organisations.len())
    })
}

pub struct Invitation {
    pub person: PersonId,
    pub token_id: String,
    pub token: String,
}

/// Gives a person access as the secretariat on the hub's machine (the CLI's `invite`).
pub fn invite(
    store: &Store,
    org: &OrgId,
    role: Role,
    name: &str,
    email: &str,
) -> Result<Invitation, HubError> {
    let info = PersonInfo {
        id: PersonId::from_uuid(Uuid::now_v7()),
        name: name.to_owned(),
        email: email.to_owned(),
        org: org.clone(),
        role,
        active: true,
    };
    let actor = store.read(|c| secretariat(&HubFacts::new(c)))?;
    appoint(store, &actor, &info, false)
}

/// Gives a person access: core decides the appointment (one representative per organisation;
/// with `replace`, the new representative takes the seat from the sitting one, whose tokens are
/// revoked in the same transaction), the hub stores them and a token, returned once.
pub fn appoint(
    store: &Store,
    actor: &Actor,
    info: &PersonInfo,
    replace: bool,
) -> Result<Invitation, HubError> {
    let token_id = Uuid::now_v7().to_string();
    let (token, hash) = generate_token()?;
    store.write(|tx| {
        let facts = HubFacts::new(tx);
        let decision = if replace {
            decide_representative_change(&facts, actor, info)?
        } else {
            decide_appointment(&facts, actor, info)?
        };
        for change in &decision.changes {
            if let Entity::Person(p) = &change.entity {
                if p.active {
                    store::insert_person(tx, &p.person())?;
                } else {
                    store::deactivate_person(tx, &p.id)?;
                }
            }
        }
        ops::record(tx, decision)?;
        store::insert_token(tx, &token_id, &info.id, &hash)
    })?;
    Ok(Invitation {
        person: info.id,
        token_id,
        token,
    })
}

/// Issues another token to an existing, active person (a new device, a lost token). Their other
/// tokens stay valid; revoke those by token id if they should not.
pub fn issue_token(store: &Store, person: &PersonId) -> Result<Invitation, HubError> {
    let token_id = Uuid::now_v7().to_string();
    let (token, hash) = generate_token()?;
    store.write(|tx| {
        match store::get_person(tx, person)? {
            None => return Err(Refusal::PersonNotFound.into()),
            Some((_, false)) => return Err(Refusal::PersonRevoked.into()),
            Some((_, true)) => {}
        }
        store::insert_token(tx, &token_id, person, &hash)
    })?;
    Ok(Invitation {
        person: *person,
        token_id,
        token,
    })
}

/// Revokes a person (all their tokens) or one token; `id` may be either.
pub fn revoke(store: &Store, id: &str) -> Result<String, HubError> {
    if store.write(|tx| store::revoke_token(tx, id))? {
        return Ok(format!("revoked token {id}"));
    }
    let person = PersonId::parse(id).map_err(|_| invalid(format!("no token or person {id}")))?;
    let actor = store.read(|c| secretariat(&HubFacts::new(c)))?;
    let n = revoke_person(store, &actor, person)?;
    Ok(format!("revoked person {id} and {n} token(s)"))
}

/// A person loses access: core decides (the person record everyone sees turns inactive), the
/// hub revokes every token of theirs. Returns how many tokens were revoked.
pub fn revoke_person(store: &Store, actor: &Actor, person: PersonId) -> Result<usize, HubError> {
    store.write(|tx| {
        let decision = decide_revocation(&HubFacts::new(tx), actor, person)?;
        let n = store::deactivate_person(tx, &person)?;
        ops::record(tx, decision)?;
        Ok(n)
    })
}

/// Plans the ordinary meetings of `year`; returns their ids and what the plan check says.
pub fn plan(
    store: &Store,
    year: i32,
    dates: &[NaiveDate],
    location: &str,
    today: NaiveDate,
) -> Result<(Vec<MeetingId>, Vec<Notice>), HubError> {
    if let Some(d) = dates.iter().find(|d| chrono::Datelike::year(*d) != year) {
        return Err(invalid(format!("{d} is not in {year}")));
    }
    store.write(|tx| {
        let mut ids = Vec::new();
        let mut notices = Vec::new();
        for date in dates {
            let m = new_meeting(*date, MeetingKind::Ordinary, location);
            // Only the plan as a whole is judged: the last meeting's check is the year's.
            notices = act_in(tx, &Op::UpsertMeeting { meeting: m.clone() }, today)?.notices;
            ids.push(m.id);
        }
        Ok((ids, notices))
    })
}

fn new_meeting(date: NaiveDate, kind: MeetingKind, location: &str) -> Meeting {
    Meeting {
        live: None,
        agenda_approved_on: None,
        link: None,
        cancellation_reason: None,
        id: MeetingId::from_uuid(Uuid::now_v7()),
        kind,
        date,
        start: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
        end: NaiveTime::from_hms_opt(12, 0, 0),
        location: location.to_owned(),
        attendance: AttendanceMode::InPerson,
        status: MeetingStatus::Planned,
        agenda_published_on: None,
    }
}

/// Adds one meeting; an ordinary one is checked against the year's plan.
pub fn add_meeting(
    store: &Store,
    date: NaiveDate,
    kind: MeetingKind,
    location: &str,
    today: NaiveDate,
) -> Result<(MeetingId, Vec<Notice>), HubError> {
    let m = new_meeting(date, kind, location);
    let applied = act(store, &Op::UpsertMeeting { meeting: m.clone() }, today)?;
    Ok((m.id, applied.notices))
}

fn agenda_item(tx: &rusqlite::Connection, id: &AgendaItemId) -> Result<AgendaItem, HubError> {
    store::get_entity::<AgendaItem>(tx, EntityKind::AgendaItem, &id.to_string())?
        .ok_or_else(|| invalid(format!("no agenda item {id}")))
}

/// Adds an agenda item at the end of the meeting's agenda; `systems` are the portfolio systems
/// it concerns.
pub fn add_item(
    store: &Store,
    meeting: MeetingId,
    title: &str,
    kind: AgendaItemKind,
    description: &str,
    systems: &[SystemId],
    today: NaiveDate,
) -> Result<AgendaItemId, HubError> {
    let item = AgendaItem {
        presenter: None,
        id: AgendaItemId::from_uuid(Uuid::now_v7()),
        meeting,
        number: 0,
        title: title.to_owned(),
        description: description.to_owned(),
        kind,
        systems: systems.to_vec(),
        escalation: None,
        procedure: None,
    };
    act(store, &Op::UpsertAgendaItem { item: item.clone() }, today)?;
    Ok(item.id)
}

/// What [`edit_item`] changes: `None` keeps the current value.
#[derive(Debug, Default)]
pub struct ItemEdit {
    pub title: Option<String>,
    pub kind: Option<AgendaItemKind>,
    pub description: Option<String>,
    pub systems: Option<Vec<SystemId>>,
}

/// Corrects an agenda item (a typo in the title, the systems it concerns). Members see the
/// correction when they can see the item. An escalation on it keeps the systems it was made with.
pub fn edit_item(
    store: &Store,
    item_id: AgendaItemId,
    edit: ItemEdit,
    today: NaiveDate,
) -> Result<(), HubError> {
    store.write(|tx| {
        let mut item = agenda_item(tx, &item_id)?;
        if let Some(systems) = edit.systems {
            item.systems = systems;
        }
        if let Some(title) = edit.title {
            item.title = title;
        }
        if let Some(kind) = edit.kind {
            item.kind = kind;
        }
        if let Some(description) = edit.description {
            item.description = description;
        }
        act_in(tx, &Op::UpsertAgendaItem { item }, today)?;
        Ok(())
    })
}

/// Proposes escalating the case of an agenda item to PSTG.
pub fn escalate(
    store: &Store,
    item: AgendaItemId,
    case: &str,
    needs_funds: bool,
    today: NaiveDate,
) -> Result<EscalationId, HubError> {
    let escalation = EscalationId::from_uuid(Uuid::now_v7());
    let op = Op::ProposeEscalation {
        escalation,
        agenda_item: item,
        case: case.to_owned(),
        needs_funds,
    };
    act(store, &op, today)?;
    Ok(escalation)
}

/// Records the economic forum's approval of the funds a case needs (where it is recorded, e.g.
/// the forum's minutes, goes in `reference`).
pub fn record_forum_approval(
    store: &Store,
    escalation: EscalationId,
    approved_on: NaiveDate,
    reference: &str,
    today: NaiveDate,
) -> Result<(), HubError> {
    let op = Op::RecordForumApproval {
        escalation,
        approved_on,
        reference: reference.to_owned(),
    };
    act(store, &op, today).map(drop)
}

/// Marks the case ready for PSTG; refused while funds it needs lack the forum's approval.
pub fn ready_for_pstg(
    store: &Store,
    escalation: EscalationId,
    today: NaiveDate,
) -> Result<(), HubError> {
    act(store, &Op::MarkEscalationReady { escalation }, today).map(drop)
}

/// Records that the case has gone to PSTG; refused unless it was marked ready.
pub fn sent_to_pstg(
    store: &Store,
    escalation: EscalationId,
    today: NaiveDate,
) -> Result<(), HubError> {
    act(store, &Op::MarkEscalationSent { escalation }, today).map(drop)
}

/// Closes the case: PSTG has dealt with it, or it was withdrawn.
pub fn close_escalation(
    store: &Store,
    escalation: EscalationId,
    today: NaiveDate,
) -> Result<(), HubError> {
    act(store, &Op::CloseEscalation { escalation }, today).map(drop)
}

pub fn publish_agenda(
    store: &Store,
    meeting: MeetingId,
    today: NaiveDate,
) -> Result<Applied, HubError> {
    act(store, &Op::PublishAgenda { meeting }, today)
}

/// The meeting has been held; `attendees` empty means "as registered" (each organisation's
/// substitute or member, and its observer).
pub fn mark_held(
    store: &Store,
    meeting: MeetingId,
    attendance: Vec<Attendee>,
    today: NaiveDate,
) -> Result<Applied, HubError> {
    act(
        store,
        &Op::MarkMeetingHeld {
            meeting,
            attendance,
        },
        today,
    )
}

/// The meeting has been held with the attendance its registrations give, less the
/// organisations that did not come.
pub fn mark_held_as_registered(
    store: &Store,
    meeting: MeetingId,
    absent: &[OrgId],
    today: NaiveDate,
) -> Result<Applied, HubError> {
    store.write(|tx| {
        let facts = HubFacts::new(tx);
        let mut attendance =
            default_attendance(&facts.people()?, &facts.registrations(meeting)?, meeting);
        attendance.attendees.retain(|a| !absent.contains(&a.org));
        let op = Op::MarkMeetingHeld {
            meeting,
            attendance: attendance.attendees,
        };
        act_in(tx, &op, today)
    })
}

/// Removes superseded changes from the change log; returns (removed, remaining). Members'
/// apps notice nothing (see [`store::compact_changes`]).
pub fn compact_log(store: &Store) -> Result<(u64, u64), HubError> {
    store.write(|tx| {
        let removed = store::compact_changes(tx)?;
        Ok((removed, store::change_count(tx)?))
    })
}

/// The text of each page of a PDF, for search, as `styrebord-pdf` reads it; `None` for a file
/// that is not a PDF or cannot be read (the document is still published, only not searchable).
pub fn extract_text(bytes: &[u8]) -> Option<Vec<String>> {
    match styrebord_pdf::extract_text(bytes) {
        Ok(pages) => Some(pages),
        Err(e) => {
            tracing::warn!(error = %e, "no text extracted from the material");
            None
        }
    }
}

/// The extracted pages as stored in `blobs.text` (a JSON array of strings, one per page).
pub fn text_json(pages: Option<&[String]>) -> Result<Option<String>, HubError> {
    Ok(pages.map(serde_json::to_string).transpose()?)
}

/// Publishes `file` as material for agenda item `item` on `today`: the bytes are stored with
/// their text for search, then core decides the publication. Returns the document as published
/// and what the person should know (material sent late).
pub fn publish_material(
    store: &Store,
    file: &Path,
    item: AgendaItemId,
    title: Option<&str>,
    today: NaiveDate,
) -> Result<(Document, Vec<Notice>), HubError> {
    let cant_read = |e: std::io::Error| invalid(format!("cannot read {}: {e}", file.display()));
    // The file takes the upload's path: into an upload part file, then checked, stored and
    // recorded by the same function that finishes an upload over HTTP.
    let sha = blobs::sha256_of(&std::fs::read(file).map_err(cant_read)?);
    // Its own part file, so it never meets an upload of the same file over HTTP.
    let part = blobs::part_path(store.blob_dir(), &sha)
        .with_extension(format!("cli-{}.part", std::process::id()));
    if let Some(dir) = part.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::copy(file, &part).map_err(cant_read)?;
    match blobs::ingest(store, &part, &sha)? {
        blobs::Ingested::Stored { .. } => {}
        blobs::Ingested::NotPdf => return Err(Refusal::MaterialNotPdf.into()),
        blobs::Ingested::WrongHash => {
            return Err(invalid(format!(
                "{} changed while it was read",
                file.display()
            )))
        }
    }
    let title = title.map(str::to_owned).unwrap_or_else(|| {
        file.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    });
    let document = DocumentId::from_uuid(Uuid::now_v7());
    store.write(|tx| {
        let meeting = agenda_item(tx, &item)?.meeting;
        let op = Op::PublishDocument {
            change_note: None,
            document,
            meeting,
            agenda_item: Some(item),
            title,
            sha256: sha.clone(),
        };
        let applied = act_in(tx, &op, today)?;
        let doc = store::list_entities::<Document>(tx, EntityKind::Document, None)?
            .into_iter()
            .find(|d| d.id == document)
            .ok_or_else(|| invalid("the published document is not stored"))?;
        Ok((doc, applied.notices))
    })
}

fn minutes_of(tx: &rusqlite::Connection, meeting: &MeetingId) -> Result<Option<Minutes>, HubError> {
    Ok(HubFacts::new(tx).minutes_of(*meeting)?)
}

fn minutes_id(tx: &rusqlite::Connection, meeting: &MeetingId) -> Result<MinutesId, HubError> {
    minutes_of(tx, meeting)?
        .map(|m| m.draft.id)
        .ok_or_else(|| invalid("the meeting has no minutes draft: write one with minutes-draft"))
}

fn decisions(texts: Vec<(AgendaItemId, String)>) -> Vec<Decision> {
    texts
        .into_iter()
        .map(|(agenda_item, text)| Decision { agenda_item, text })
        .collect()
}

/// Writes (or rewrites, while still a draft) the decision minutes of a held meeting.
pub fn minutes_draft(
    store: &Store,
    meeting: MeetingId,
    texts: Vec<(AgendaItemId, String)>,
    today: NaiveDate,
) -> Result<MinutesId, HubError> {
    store.write(|tx| {
        let minutes = minutes_of(tx, &meeting)?
            .map(|m| m.draft.id)
            .unwrap_or_else(|| MinutesId::from_uuid(Uuid::now_v7()));
        let op = Op::DraftMinutes {
            meeting,
            minutes,
            decisions: decisions(texts),
        };
        act_in(tx, &op, today)?;
        Ok(minutes)
    })
}

/// Sends the meeting's minutes draft for written comments until `closes` (the next ordinary
/// meeting gets the approval item).
pub fn open_comments(
    store: &Store,
    meeting: MeetingId,
    closes: NaiveDate,
    today: NaiveDate,
) -> Result<Applied, HubError> {
    store.write(|tx| {
        let minutes = minutes_id(tx, &meeting)?;
        act_in(tx, &Op::SendMinutesForComments { minutes, closes }, today)
    })
}

pub fn close_comments(
    store: &Store,
    meeting: MeetingId,
    today: NaiveDate,
) -> Result<Applied, HubError> {
    store.write(|tx| {
        let minutes = minutes_id(tx, &meeting)?;
        act_in(tx, &Op::CloseCommentRound { minutes }, today)
    })
}

/// Approves a meeting's minutes at the later meeting `at`, with `changed` (agenda item, final
/// text) for decisions whose text changed after the comment round.
pub fn approve_minutes(
    store: &Store,
    meeting: MeetingId,
    at: MeetingId,
    changed: Vec<(AgendaItemId, String)>,
    today: NaiveDate,
) -> Result<Applied, HubError> {
    store.write(|tx| {
        let minutes = minutes_id(tx, &meeting)?;
        let op = Op::ApproveMinutes {
            minutes,
            at_meeting: at,
            changed: decisions(changed),
        };
        act_in(tx, &op, today)
    })
}

pub fn new_procedure(
    store: &Store,
    title: &str,
    description: &str,
    deadline: NaiveDate,
    today: NaiveDate,
) -> Result<WrittenProcedureId, HubError> {
    let procedure = WrittenProcedureId::from_uuid(Uuid::now_v7());
    let op = Op::StartProcedure {
        procedure,
        title: title.to_owned(),
        description: description.to_owned(),
        deadline,
    };
    act(store, &op, today)?;
    Ok(procedure)
}

/// What an import file holds: any of the three lists (TOML or JSON by file extension).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportFile {
    #[serde(default)]
    pub systems: Vec<PortfolioSystem>,
    #[serde(default)]
    pub statuses: Vec<QuarterlyStatus>,
    #[serde(default)]
    pub roadmap: Vec<RoadmapItem>,
}

pub fn read_import(path: &Path) -> Result<ImportFile, HubError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| invalid(format!("cannot read {}: {e}", path.display())))?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
        serde_json::from_str(&text).map_err(|e| invalid(format!("{}: {e}", path.display())))
    } else {
        toml::from_str(&text).map_err(|e| invalid(format!("{}: {e}", path.display())))
    }
}

/// Imports portfolio systems, quarterly statuses and roadmap items, each decided by core; the
/// first refusal names the entry and nothing is imported. Returns the three counts.
pub fn import(
    store: &Store,
    file: ImportFile,
    today: NaiveDate,
) -> Result<(usize, usize, usize), HubError> {
    let entry = |what: String| {
        move |e: HubError| match e {
            HubError::Refused(r) => invalid(format!(
                "{what}: {} / {}; nothing was imported",
                r.message_da(),
                r.message_en()
            )),
            other => other,
        }
    };
    store.write(|tx| {
        // The first import records the portfolio the committee took over; later imports may
        // change those systems, while a new one needs a meeting's decision (`admit-system`).
        let empty = store::list_entities::<PortfolioSystem>(tx, EntityKind::PortfolioSystem, None)?
            .is_empty();
        if empty && !file.systems.is_empty() {
            let op = Op::ImportPortfolio {
                systems: file.systems.clone(),
            };
            act_in(tx, &op, today).map_err(entry("the portfolio".to_owned()))?;
        } else {
            for s in &file.systems {
                act_in(tx, &Op::UpsertSystem { system: s.clone() }, today)
                    .map_err(entry(format!("system {}", s.code)))?;
            }
        }
        for s in &file.statuses {
            act_in(tx, &Op::RecordQuarterlyStatus { status: s.clone() }, today)
                .map_err(entry(format!("status for {} {}", s.system, s.quarter)))?;
        }
        for r in &file.roadmap {
            act_in(tx, &Op::UpsertRoadmapItem { item: r.clone() }, today)
                .map_err(entry(format!("roadmap item {:?}", r.title)))?;
        }
        Ok((file.systems.len(), file.statuses.len(), file.roadmap.len()))
    })
}

/// `meeting\tmaterial_due\tminutes_draft_due` for each date.
pub fn deadlines(store: &Store, dates: &[NaiveDate]) -> Result<Vec<String>, HubError> {
    let cal = calendar(store)?;
    Ok(dates
        .iter()
        .map(|d| {
            format!(
                "{d}\t{}\t{}",
                cal.material_due(*d),
                cal.minutes_draft_due(*d)
            )
        })
        .collect())
}
