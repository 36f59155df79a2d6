//! The secretariat's commands, as functions over a [`Store`] (the CLI in [`crate::cli`] only
//! parses and prints). Each write goes through [`store::record`] like a mutation does.

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use styrebord_core::access::meeting_content_visibility;
use styrebord_core::calendar::Timeliness;
use styrebord_core::escalation::{
    close, mark_ready_for_pstg, mark_sent_to_pstg, Escalation, EscalationState, ForumApproval,
};
use styrebord_core::meeting::{
    AgendaItem, AgendaItemKind, AttendanceMode, Document, Meeting, MeetingKind, MeetingStatus,
};
use styrebord_core::minutes::{CommentRound, Decision, MinutesDraft, MinutesState};
use styrebord_core::org::{Organisation, Person, Role};
use styrebord_core::plan::{annual_plan_check, PlanWarning};
use styrebord_core::portfolio::{PortfolioSystem, QuarterlyStatus};
use styrebord_core::procedure::WrittenProcedure;
use styrebord_core::roadmap::RoadmapItem;
use styrebord_core::{
    parse_composition, AgendaItemId, CommentRoundId, Composition, DocumentId, EscalationId,
    MeetingId, MinutesId, OrgId, PersonId, SystemId, WorkingDayCalendar, WrittenProcedureId,
    SEED_COMPOSITION,
};
use styrebord_protocol::{ChangeBody, Minutes};
use uuid::Uuid;

use crate::auth::generate_token;
use crate::error::HubError;
use crate::store::{self, Audience, Store};
use crate::{blobs, ops};

fn invalid(msg: impl Into<String>) -> HubError {
    HubError::Invalid(msg.into())
}

pub fn composition() -> Result<Composition, HubError> {
    parse_composition(SEED_COMPOSITION).map_err(|e| invalid(e.to_string()))
}

pub fn calendar() -> Result<WorkingDayCalendar, HubError> {
    Ok(WorkingDayCalendar::new(composition()?.calendar))
}

/// Creates the database and seeds the committee's organisations. Safe to run again.
pub fn init(store: &Store) -> Result<usize, HubError> {
    let comp = composition()?;
    store.write(|tx| {
        for org in &comp.organisations {
            store::record(tx, &ChangeBody::Organisation(org.clone()), &Audience::All)?;
        }
        Ok(comp.organisations.len())
    })
}

pub struct Invitation {
    pub person: PersonId,
    pub token_id: String,
    pub token: String,
}

pub fn invite(
    store: &Store,
    org: &OrgId,
    role: Role,
    name: &str,
    email: &str,
) -> Result<Invitation, HubError> {
    if name.trim().is_empty() || !email.contains('@') {
        return Err(invalid("give the person's name and e-mail address"));
    }
    let person = PersonId::from_uuid(Uuid::now_v7());
    let token_id = Uuid::now_v7().to_string();
    let (token, hash) = generate_token()?;
    store.write(|tx| {
        if store::get_entity::<Organisation>(tx, "organisation", org.as_str())?.is_none() {
            return Err(invalid(format!(
                "unknown organisation {org}: run `init` or check the code"
            )));
        }
        let p = Person {
            id: person,
            name: name.trim().to_owned(),
            email: email.trim().to_owned(),
            org: org.clone(),
            role,
        };
        store::insert_person(tx, &p)?;
        store::insert_token(tx, &token_id, &person, &hash)
    })?;
    Ok(Invitation {
        person,
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
            None => {
                return Err(invalid(format!(
                    "no person with id {person}: use `invite` to add someone"
                )))
            }
            Some((p, false)) => {
                return Err(invalid(format!(
                    "{} ({person}) has been revoked; use `invite` to give them access again",
                    p.name
                )))
            }
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
    store.write(|tx| {
        if store::revoke_token(tx, id)? {
            return Ok(format!("revoked token {id}"));
        }
        let person =
            PersonId::parse(id).map_err(|_| invalid(format!("no token or person {id}")))?;
        let n = store::revoke_person(tx, &person)?;
        Ok(format!("revoked person {id} and {n} token(s)"))
    })
}

/// Plans the ordinary meetings of `year`; returns their ids and the annual plan warning, if any.
pub fn plan(
    store: &Store,
    year: i32,
    dates: &[NaiveDate],
    location: &str,
) -> Result<(Vec<MeetingId>, Option<PlanWarning>), HubError> {
    if let Some(d) = dates.iter().find(|d| chrono::Datelike::year(*d) != year) {
        return Err(invalid(format!("{d} is not in {year}")));
    }
    let expected = composition()?.ordinary_meetings_per_year;
    store.write(|tx| {
        let mut ids = Vec::new();
        for date in dates {
            let m = new_meeting(*date, MeetingKind::Ordinary, location);
            ops::upsert_meeting(tx, &m)?;
            ids.push(m.id);
        }
        let all: Vec<Meeting> = store::list_entities(tx, "meeting", None)?;
        Ok((ids, annual_plan_check(year, &all, expected)))
    })
}

fn new_meeting(date: NaiveDate, kind: MeetingKind, location: &str) -> Meeting {
    Meeting {
        id: MeetingId::from_uuid(Uuid::now_v7()),
        kind,
        date,
        start: NaiveTime::from_hms_opt(10, 0, 0).unwrap_or_default(),
        end: NaiveTime::from_hms_opt(12, 0, 0),
        location: location.to_owned(),
        attendance: AttendanceMode::InPerson,
        status: MeetingStatus::Planned,
    }
}

pub fn add_meeting(
    store: &Store,
    date: NaiveDate,
    kind: MeetingKind,
    location: &str,
) -> Result<MeetingId, HubError> {
    let m = new_meeting(date, kind, location);
    store.write(|tx| ops::upsert_meeting(tx, &m))?;
    Ok(m.id)
}

fn agenda_item(tx: &rusqlite::Connection, id: &AgendaItemId) -> Result<AgendaItem, HubError> {
    store::get_entity::<AgendaItem>(tx, "agenda_item", &id.to_string())?
        .map(|(item, _)| item)
        .ok_or_else(|| invalid(format!("no agenda item {id}")))
}

fn meeting(tx: &rusqlite::Connection, id: &MeetingId) -> Result<Meeting, HubError> {
    store::get_entity::<Meeting>(tx, "meeting", &id.to_string())?
        .map(|(m, _)| m)
        .ok_or_else(|| invalid(format!("no meeting {id}")))
}

/// Adds an agenda item; `systems` are the portfolio systems it concerns (each must be in the
/// portfolio, so the decision log and the impact view can follow them).
pub fn add_item(
    store: &Store,
    meeting_id: MeetingId,
    title: &str,
    kind: AgendaItemKind,
    description: &str,
    systems: &[SystemId],
) -> Result<AgendaItemId, HubError> {
    store.write(|tx| {
        let m = meeting(tx, &meeting_id)?;
        check_in_portfolio(tx, systems)?;
        let existing: Vec<AgendaItem> =
            store::list_entities(tx, "agenda_item", Some(&meeting_id.to_string()))?;
        let item = AgendaItem {
            id: AgendaItemId::from_uuid(Uuid::now_v7()),
            meeting: meeting_id,
            number: existing.iter().map(|i| i.number).max().unwrap_or(0) + 1,
            title: title.to_owned(),
            description: description.to_owned(),
            kind,
            systems: systems.to_vec(),
            escalation: None,
        };
        ops::upsert_agenda_item(tx, &m, &item)?;
        Ok(item.id)
    })
}

fn check_in_portfolio(tx: &rusqlite::Connection, systems: &[SystemId]) -> Result<(), HubError> {
    for system in systems {
        if !store::system_in_portfolio(tx, system)? {
            return Err(invalid(format!(
                "no portfolio system {system}: import the portfolio first (`import FILE`)"
            )));
        }
    }
    Ok(())
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
pub fn edit_item(store: &Store, item_id: AgendaItemId, edit: ItemEdit) -> Result<(), HubError> {
    if edit.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(invalid("--title must not be empty"));
    }
    store.write(|tx| {
        let mut item = agenda_item(tx, &item_id)?;
        let m = meeting(tx, &item.meeting)?;
        if let Some(systems) = edit.systems {
            check_in_portfolio(tx, &systems)?;
            item.systems = systems;
        }
        if let Some(title) = edit.title {
            item.title = title.trim().to_owned();
        }
        if let Some(kind) = edit.kind {
            item.kind = kind;
        }
        if let Some(description) = edit.description {
            item.description = description;
        }
        ops::upsert_agenda_item(tx, &m, &item)?;
        Ok(())
    })
}

/// Proposes escalating the case of an agenda item to PSTG. The escalation concerns the item's
/// systems and is seen by whoever sees the item.
pub fn escalate(
    store: &Store,
    item_id: AgendaItemId,
    case: &str,
    needs_funds: bool,
) -> Result<EscalationId, HubError> {
    let case = case.trim();
    if case.is_empty() {
        return Err(invalid("--case must say what is escalated"));
    }
    store.write(|tx| {
        let mut item = agenda_item(tx, &item_id)?;
        if let Some(existing) = item.escalation {
            return Err(invalid(format!(
                "agenda item {item_id} already has escalation {existing}"
            )));
        }
        let m = meeting(tx, &item.meeting)?;
        let escalation = Escalation {
            id: EscalationId::from_uuid(Uuid::now_v7()),
            case: case.to_owned(),
            agenda_item: Some(item_id),
            systems: item.systems.clone(),
            needs_funds,
            economic_forum_approval: None,
            state: EscalationState::Proposed,
        };
        ops::upsert_escalation(tx, &escalation)?;
        item.escalation = Some(escalation.id);
        ops::upsert_agenda_item(tx, &m, &item)?;
        Ok(escalation.id)
    })
}

/// Records the economic forum's approval of the funds a case needs (where it is recorded, e.g.
/// the forum's minutes, goes in `reference`).
pub fn record_forum_approval(
    store: &Store,
    id: EscalationId,
    approved_on: NaiveDate,
    reference: &str,
) -> Result<(), HubError> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(invalid(
            "--reference must say where the approval is recorded, e.g. the forum's minutes",
        ));
    }
    change_escalation(store, id, |e| {
        e.economic_forum_approval = Some(ForumApproval {
            approved_on,
            reference: reference.to_owned(),
        });
        Ok(())
    })
}

/// Marks the case ready for PSTG; refused while funds it needs lack the forum's approval.
pub fn ready_for_pstg(store: &Store, id: EscalationId) -> Result<(), HubError> {
    change_escalation(store, id, |e| Ok(mark_ready_for_pstg(e)?))
}

/// Records that the case has gone to PSTG; refused unless it was marked ready.
pub fn sent_to_pstg(store: &Store, id: EscalationId) -> Result<(), HubError> {
    change_escalation(store, id, |e| Ok(mark_sent_to_pstg(e)?))
}

/// Closes the case: PSTG has dealt with it, or it was withdrawn.
pub fn close_escalation(store: &Store, id: EscalationId) -> Result<(), HubError> {
    change_escalation(store, id, |e| Ok(close(e)?))
}

/// Removes superseded changes from the change log; returns (removed, remaining). Members'
/// apps notice nothing (see [`store::compact_changes`]).
pub fn compact_log(store: &Store) -> Result<(u64, u64), HubError> {
    store.write(|tx| {
        let removed = store::compact_changes(tx)?;
        Ok((removed, store::change_count(tx)?))
    })
}

/// Loads escalation `id`, lets `change` alter it (or refuse, storing nothing) and records it.
fn change_escalation(
    store: &Store,
    id: EscalationId,
    change: impl FnOnce(&mut Escalation) -> Result<(), HubError>,
) -> Result<(), HubError> {
    store.write(|tx| {
        let (mut escalation, _) =
            store::get_entity::<Escalation>(tx, "escalation", &id.to_string())?
                .ok_or_else(|| invalid(format!("no escalation {id}")))?;
        change(&mut escalation)?;
        ops::upsert_escalation(tx, &escalation)?;
        Ok(())
    })
}

pub fn publish_agenda(store: &Store, meeting_id: MeetingId) -> Result<u64, HubError> {
    store.write(|tx| {
        let m = meeting(tx, &meeting_id)?;
        ops::publish_agenda(tx, m)
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

/// Publishes `file` as material for agenda item `item` on `today`; says how timely it is.
pub fn publish_material(
    store: &Store,
    file: &Path,
    item: AgendaItemId,
    title: Option<&str>,
    today: NaiveDate,
) -> Result<(Document, Timeliness, NaiveDate), HubError> {
    let bytes =
        std::fs::read(file).map_err(|e| invalid(format!("cannot read {}: {e}", file.display())))?;
    let mime = if bytes.starts_with(b"%PDF") {
        "application/pdf"
    } else {
        "application/octet-stream"
    };
    let text = text_json(extract_text(&bytes).as_deref())?;
    let sha = blobs::put(store.blob_dir(), &bytes)?;
    let cal = calendar()?;
    store.write(|tx| {
        let ai = agenda_item(tx, &item)?;
        let m = meeting(tx, &ai.meeting)?;
        store::insert_blob(tx, sha.as_str(), bytes.len() as u64, mime, text.as_deref())?;
        let title = title.map(str::to_owned).unwrap_or_else(|| {
            file.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        let doc = Document {
            id: DocumentId::from_uuid(Uuid::now_v7()),
            meeting: Some(m.id),
            agenda_item: Some(item),
            title,
            sha256: sha.clone(),
            size_bytes: bytes.len() as u64,
            mime: mime.to_owned(),
            version: 1,
            published_on: today,
        };
        store::record(
            tx,
            &ChangeBody::Document(doc.clone()),
            &meeting_content_visibility(m.status).into(),
        )?;
        Ok((
            doc,
            cal.material_lateness(m.date, today),
            cal.material_due(m.date),
        ))
    })
}

fn minutes_of(
    tx: &rusqlite::Connection,
    meeting_id: &MeetingId,
) -> Result<Option<Minutes>, HubError> {
    Ok(
        store::list_entities::<Minutes>(tx, "minutes", Some(&meeting_id.to_string()))?
            .into_iter()
            .next(),
    )
}

/// Writes (or rewrites, while still a draft) the decision minutes of a meeting.
pub fn minutes_draft(
    store: &Store,
    meeting_id: MeetingId,
    decisions: Vec<(AgendaItemId, String)>,
) -> Result<MinutesId, HubError> {
    store.write(|tx| {
        meeting(tx, &meeting_id)?;
        let existing = minutes_of(tx, &meeting_id)?;
        if existing
            .as_ref()
            .is_some_and(|m| m.draft.state != MinutesState::Draft)
        {
            return Err(invalid("the minutes are no longer a draft"));
        }
        let id = existing
            .map(|m| m.draft.id)
            .unwrap_or_else(|| MinutesId::from_uuid(Uuid::now_v7()));
        let draft = MinutesDraft {
            id,
            meeting: meeting_id,
            state: MinutesState::Draft,
            decisions: decisions
                .into_iter()
                .map(|(agenda_item, text)| Decision { agenda_item, text })
                .collect(),
        };
        ops::save_minutes(
            tx,
            Minutes {
                draft,
                round: None,
                draft_decisions: None,
            },
        )?;
        Ok(id)
    })
}

fn set_minutes_state(
    store: &Store,
    meeting_id: MeetingId,
    state: MinutesState,
    round: Option<(NaiveDate, NaiveDate)>,
) -> Result<u64, HubError> {
    store.write(|tx| {
        let mut m = minutes_of(tx, &meeting_id)?
            .ok_or_else(|| invalid("the meeting has no minutes draft"))?;
        m.draft.state = state;
        if let Some((opens, closes)) = round {
            m.round = Some(CommentRound {
                id: CommentRoundId::from_uuid(Uuid::now_v7()),
                minutes: m.draft.id,
                opens,
                closes,
            });
        }
        ops::save_minutes(tx, m)
    })
}

pub fn open_comments(
    store: &Store,
    meeting_id: MeetingId,
    opens: NaiveDate,
    closes: NaiveDate,
) -> Result<u64, HubError> {
    if closes < opens {
        return Err(invalid("the comment round must close on or after it opens"));
    }
    set_minutes_state(
        store,
        meeting_id,
        MinutesState::CommentRoundOpen,
        Some((opens, closes)),
    )
}

pub fn close_comments(store: &Store, meeting_id: MeetingId) -> Result<u64, HubError> {
    set_minutes_state(store, meeting_id, MinutesState::CommentRoundClosed, None)
}

/// Approves a meeting's minutes, with `changes` (agenda item, final text) for decisions whose
/// text was changed after the comment round. When any text differs, the texts as sent for
/// comments are kept in `draft_decisions` and `draft.decisions` holds the final ones.
pub fn approve_minutes(
    store: &Store,
    meeting_id: MeetingId,
    changes: Vec<(AgendaItemId, String)>,
) -> Result<u64, HubError> {
    if changes.is_empty() {
        return set_minutes_state(store, meeting_id, MinutesState::Approved, None);
    }
    store.write(|tx| {
        let mut m = minutes_of(tx, &meeting_id)?
            .ok_or_else(|| invalid("the meeting has no minutes draft"))?;
        if m.draft.state == MinutesState::Approved {
            return Err(invalid("the minutes are already approved"));
        }
        let sent = m.draft.decisions.clone();
        for (item, text) in changes {
            if text.trim().is_empty() {
                return Err(invalid(format!("the decision for {item} is empty")));
            }
            let decision = m
                .draft
                .decisions
                .iter_mut()
                .find(|d| d.agenda_item == item)
                .ok_or_else(|| invalid(format!("the minutes have no decision for {item}")))?;
            decision.text = text;
        }
        if m.draft.decisions != sent && m.draft_decisions.is_none() {
            m.draft_decisions = Some(sent);
        }
        m.draft.state = MinutesState::Approved;
        ops::save_minutes(tx, m)
    })
}

pub fn new_procedure(
    store: &Store,
    title: &str,
    description: &str,
    deadline: NaiveDate,
) -> Result<WrittenProcedureId, HubError> {
    let p = WrittenProcedure {
        id: WrittenProcedureId::from_uuid(Uuid::now_v7()),
        title: title.to_owned(),
        description: description.to_owned(),
        deadline,
        responses: vec![],
    };
    store
        .write(|tx| store::record(tx, &ChangeBody::WrittenProcedure(p.clone()), &Audience::All))?;
    Ok(p.id)
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

/// Imports portfolio systems, quarterly statuses and roadmap items; returns the three counts.
pub fn import(store: &Store, file: ImportFile) -> Result<(usize, usize, usize), HubError> {
    store.write(|tx| {
        for s in &file.systems {
            store::record(tx, &ChangeBody::PortfolioSystem(s.clone()), &Audience::All)?;
        }
        for s in &file.statuses {
            if !store::system_in_portfolio(tx, &s.system)? {
                return Err(invalid(format!(
                    "status for {} {}: the system is not in the portfolio (check its code, or \
                     list it under [[systems]] in the same file); nothing was imported",
                    s.system, s.quarter
                )));
            }
            store::record(tx, &ChangeBody::QuarterlyStatus(s.clone()), &Audience::All)?;
        }
        for r in &file.roadmap {
            store::record(tx, &ChangeBody::RoadmapItem(r.clone()), &Audience::All)?;
        }
        Ok((file.systems.len(), file.statuses.len(), file.roadmap.len()))
    })
}

/// `meeting\tmaterial_due\tminutes_draft_due` for each date.
pub fn deadlines(dates: &[NaiveDate]) -> Result<Vec<String>, HubError> {
    let cal = calendar()?;
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
