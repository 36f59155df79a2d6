//! Typed queries for everything the app shows. Each returns `styrebord-core` types (serde-ready
//! for Tauri IPC) with the member's not-yet-confirmed writes overlaid and marked `pending`.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use styrebord_core::calendar::{Timeliness, WorkingDayCalendar};
use styrebord_core::entity::{Committee, Entity, EntityKind, Reminder, ReminderAbout};
use styrebord_core::escalation::Escalation;
use styrebord_core::meeting::{AgendaItem, Document, Meeting};
use styrebord_core::minutes::{MinutesComment, MinutesState};
use styrebord_core::org::Organisation;
use styrebord_core::org::Person;
use styrebord_core::plan::{agenda_timeliness, material_timeliness, minutes_timeliness};
use styrebord_core::portfolio::{missing_statuses, PortfolioSystem, Quarter, QuarterlyStatus};
use styrebord_core::procedure::{outcome, Outcome, WrittenProcedure};
use styrebord_core::registration::{
    registration_open, seat_holder, Registration, RegistrationKind, SeatHolder,
};
use styrebord_core::roadmap::{coordination_conflicts, Conflict, RoadmapItem};
use styrebord_core::write::Facts;
use styrebord_core::{
    AgendaItemId, DocumentId, MeetingId, MinutesId, OrgId, SystemId, WrittenProcedureId,
};
use styrebord_protocol::{Cursor, ErrorBody, Minutes, PersonInfo};

use crate::blobs::{BlobCounts, BlobState};
use crate::outbox::{
    comments_with_overlay, load, of_kind, pending_changes, procedure_with_overlay,
    registrations_with_overlay, OutboxEntry, OutboxState,
};
use crate::{Store, StoreError};

/// The committee's calendar as the hub configured it (the seed's before the first pull).
fn calendar(conn: &rusqlite::Connection) -> Result<WorkingDayCalendar, StoreError> {
    Ok(WorkingDayCalendar::new(
        crate::facts::committee(conn)?.calendar,
    ))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MeetingSummary {
    pub meeting: Meeting,
    pub material_due: NaiveDate,
    pub minutes_draft_due: NaiveDate,
    pub material: Option<Timeliness>,
    /// How timely the agenda went out (once published).
    pub agenda: Option<Timeliness>,
    /// How timely the minutes draft went out for comments (once sent).
    pub minutes: Option<Timeliness>,
    pub agenda_items: u32,
    pub documents: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DocumentView {
    pub document: Document,
    /// `None` when the blob is not tracked (should not happen for a synced document).
    pub blob: Option<BlobState>,
    pub read: bool,
    pub notes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct AgendaItemView {
    pub item: AgendaItem,
    pub documents: Vec<DocumentView>,
    /// The escalation to PSTG the item concerns (`item.escalation`), once synced.
    pub escalation: Option<Escalation>,
    /// The meeting whose minutes this item approves (the approval item core puts first on the
    /// next agenda), so the page can lead to them.
    pub approves_minutes_of: Option<MeetingId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RegistrationView {
    pub registration: Registration,
    /// Made on this device and not yet confirmed by the hub.
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SeatView {
    pub org: Organisation,
    pub holder: Option<SeatHolder>,
    /// The seat holder's name: the appointed member's, or the substitute's as registered.
    pub holder_name: Option<String>,
    /// The name of the organisation's registered observer (bisidder), if any.
    pub observer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MeetingView {
    pub summary: MeetingSummary,
    pub agenda: Vec<AgendaItemView>,
    /// Documents of the meeting not tied to an agenda item.
    pub other_documents: Vec<DocumentView>,
    pub registrations: Vec<RegistrationView>,
    pub seats: Vec<SeatView>,
    pub has_minutes: bool,
    /// Registrations can still be made or cancelled (core's rule, as of the day asked).
    pub registration_open: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CommentView {
    pub comment: MinutesComment,
    pub pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MinutesView {
    pub minutes: Minutes,
    pub meeting: Option<Meeting>,
    pub agenda: Vec<AgendaItem>,
    pub comments: Vec<CommentView>,
    /// The round is open today (state and dates).
    pub round_open: bool,
}

/// One decision of one set of minutes: a line of the decision log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DecisionLogEntry {
    pub minutes: MinutesId,
    pub meeting: MeetingId,
    /// `None` only if the minutes synced without their meeting (not expected).
    pub meeting_date: Option<NaiveDate>,
    pub agenda_item: AgendaItemId,
    /// The agenda item's number and title; 0 and empty if the item is unknown.
    pub number: u32,
    pub title: String,
    pub text: String,
    pub systems: Vec<SystemId>,
    /// Organisations concerned: the owners of `systems`, each once, in order.
    pub orgs: Vec<OrgId>,
    pub state: MinutesState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProcedureView {
    pub procedure: WrittenProcedure,
    pub outcome: Outcome,
    /// The member's own organisation has answered (possibly pending).
    pub answered: bool,
    pub pending: bool,
    /// The organisations whose answer is still awaited while the procedure is open (core's
    /// `outstanding`): empty once it is decided.
    pub awaiting: Vec<OrgId>,
    /// The procedure's material (latest version of each document), by title. On the desk's own
    /// device this includes documents whose publication still waits in the outbox.
    pub documents: Vec<DocumentView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SystemView {
    pub system: PortfolioSystem,
    pub latest_status: Option<QuarterlyStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct StatusView {
    pub quarter: Quarter,
    pub statuses: Vec<QuarterlyStatus>,
    pub missing: Vec<SystemId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoadmapView {
    pub items: Vec<RoadmapItem>,
    pub conflicts: Vec<Conflict>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SyncStatus {
    /// The committee this copy is of, with its settings, as the hub announced it.
    pub committee: Committee,
    pub cursor: Option<Cursor>,
    /// A from-scratch sync is under way: the copy is incomplete.
    pub resyncing: bool,
    pub pending_writes: u32,
    pub rejected_writes: u32,
    pub blobs: BlobCounts,
    /// When a sync round last completed (RFC 3339, UTC), kept across restarts so the app can say
    /// how fresh its copy is before the first round of this session.
    pub last_synced: Option<String>,
    /// What the member should know about the hub, in Danish and English: for two weeks after
    /// the app found the hub restored from a backup (`hub_restored`), what it did about it.
    pub notice: Option<ErrorBody>,
    /// The hub sent changes this version of the app cannot read (a newer hub): the member
    /// should update the app (`app_outdated`, in Danish and English).
    pub app_outdated: Option<ErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Overview {
    pub me: Option<PersonInfo>,
    pub next_meeting: Option<MeetingSummary>,
    /// Open procedures the member's organisation has not answered.
    pub procedures_awaiting: Vec<ProcedureView>,
    /// Minutes whose comment round is open today.
    pub open_comment_rounds: Vec<Minutes>,
    pub unread_documents: u32,
    /// The newest of those (by publication), at most [`NEWEST_UNREAD_SHOWN`]: "what's new".
    pub newest_unread: Vec<DocumentView>,
    pub rejected_writes: Vec<OutboxEntry>,
    pub sync: SyncStatus,
    /// The secretariat's reminders about what is still awaited above (newest first).
    pub reminders: Vec<Reminder>,
}

/// How many unread documents the overview names; the rest are counted.
pub const NEWEST_UNREAD_SHOWN: usize = 5;

fn summary(conn: &rusqlite::Connection, m: Meeting) -> Result<MeetingSummary, StoreError> {
    let cal = calendar(conn)?;
    let id = m.id.to_string();
    let count = |kind: &str| -> Result<u32, StoreError> {
        Ok(conn
            .prepare_cached("SELECT COUNT(*) FROM entities WHERE kind = ?1 AND meeting = ?2")?
            .query_row([kind, id.as_str()], |r| r.get::<_, i64>(0))? as u32)
    };
    let docs: Vec<Document> = of_kind(conn, EntityKind::Document, "AND meeting = ?2", &[&id])?;
    let minutes: Option<Minutes> = of_kind(conn, EntityKind::Minutes, "AND meeting = ?2", &[&id])?
        .into_iter()
        .next();
    Ok(MeetingSummary {
        material_due: cal.material_due(m.date),
        minutes_draft_due: cal.minutes_draft_due(m.date),
        material: material_timeliness(&cal, &m, &docs),
        agenda: agenda_timeliness(&cal, &m),
        minutes: minutes.and_then(|x| minutes_timeliness(&cal, &m, &x)),
        agenda_items: count("agenda_item")?,
        documents: docs.len() as u32,
        meeting: m,
    })
}

fn document_views(
    conn: &rusqlite::Connection,
    sql_where: &str,
    arg: &str,
) -> Result<Vec<DocumentView>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.body, b.state, r.document IS NOT NULL,
                (SELECT COUNT(*) FROM notes n WHERE n.document = e.id)
         FROM entities e
         LEFT JOIN blobs b ON b.sha256 = e.sha256
         LEFT JOIN read_status r ON r.document = e.id
         WHERE e.kind = ?2 AND {sql_where}
         ORDER BY e.date, e.id"
    ))?;
    let rows = stmt.query_map([arg, EntityKind::Document.as_str()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (body, state, read, notes) = row?;
        out.push(DocumentView {
            document: serde_json::from_str(&body)?,
            blob: state.as_deref().map(BlobState::parse).transpose()?,
            read,
            notes: notes as u32,
        });
    }
    Ok(out)
}

impl Store {
    pub fn organisations(&self) -> Result<Vec<Organisation>, StoreError> {
        self.read(|tx| of_kind(tx, EntityKind::Organisation, "ORDER BY id", &[]))
    }

    /// People of the committee (active and former).
    pub fn persons(&self) -> Result<Vec<PersonInfo>, StoreError> {
        self.read(|tx| of_kind(tx, EntityKind::Person, "ORDER BY rowid", &[]))
    }

    /// The meeting plan: every meeting of `year` (all years when `None`), by date.
    pub fn meeting_plan(&self, year: Option<i32>) -> Result<Vec<MeetingSummary>, StoreError> {
        self.read(|tx| {
            let meetings: Vec<Meeting> = match year {
                Some(y) => of_kind(
                    tx,
                    EntityKind::Meeting,
                    "AND date >= ?2 AND date < ?3 ORDER BY date",
                    &[&format!("{y:04}-01-01"), &format!("{:04}-01-01", y + 1)],
                )?,
                None => of_kind(tx, EntityKind::Meeting, "ORDER BY date", &[])?,
            };
            meetings.into_iter().map(|m| summary(tx, m)).collect()
        })
    }

    /// One meeting with its agenda, material, registrations and seats.
    /// The meeting page as of `today` (whether registrations can still change is core's call).
    pub fn meeting(
        &self,
        id: MeetingId,
        today: NaiveDate,
    ) -> Result<Option<MeetingView>, StoreError> {
        self.read(|tx| {
            let Some(m) = load::<Meeting>(tx, EntityKind::Meeting, &id.to_string())? else {
                return Ok(None);
            };
            let docs = document_views(tx, "e.meeting = ?1", &id.to_string())?;
            let items: Vec<AgendaItem> = of_kind(
                tx,
                EntityKind::AgendaItem,
                "AND meeting = ?2 ORDER BY num",
                &[&id.to_string()],
            )?;
            let all_minutes: Vec<Minutes> = of_kind(tx, EntityKind::Minutes, "", &[])?;
            let mut agenda = Vec::with_capacity(items.len());
            for item in items {
                let approves_minutes_of = all_minutes
                    .iter()
                    .find(|m| {
                        m.approval
                            .as_ref()
                            .is_some_and(|a| a.agenda_item == Some(item.id))
                    })
                    .map(|m| m.draft.meeting);
                let escalation = match item.escalation {
                    Some(e) => load::<Escalation>(tx, EntityKind::Escalation, &e.to_string())?,
                    None => None,
                };
                agenda.push(AgendaItemView {
                    documents: docs
                        .iter()
                        .filter(|d| d.document.agenda_item == Some(item.id))
                        .cloned()
                        .collect(),
                    item,
                    escalation,
                    approves_minutes_of,
                });
            }
            let other_documents = docs
                .iter()
                .filter(|d| d.document.agenda_item.is_none())
                .cloned()
                .collect();
            let regs = registrations_with_overlay(tx, id)?;
            let people: Vec<Person> = crate::facts::LocalFacts::new(tx)
                .active_people()
                .map_err(|e| StoreError::Unreadable(e.0))?
                .iter()
                .map(PersonInfo::person)
                .collect();
            let active: Vec<Registration> = regs.iter().map(|(r, _)| r.clone()).collect();
            let orgs: Vec<Organisation> =
                of_kind(tx, EntityKind::Organisation, "ORDER BY id", &[])?;
            let seats = orgs
                .into_iter()
                .map(|org| {
                    let holder = seat_holder(&org.code, id, &people, &active);
                    let holder_name = match &holder {
                        Some(SeatHolder::Member { person }) => people
                            .iter()
                            .find(|p| p.id == *person)
                            .map(|p| p.name.clone()),
                        Some(SeatHolder::Substitute { name, .. }) => Some(name.clone()),
                        None => None,
                    };
                    let observer = active
                        .iter()
                        .find(|r| r.org == org.code && r.kind == RegistrationKind::Observer)
                        .map(|r| r.name.clone());
                    SeatView {
                        holder,
                        holder_name,
                        observer,
                        org,
                    }
                })
                .collect();
            let has_minutes = tx
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = ?1 AND meeting = ?2)",
                )?
                .query_row([EntityKind::Minutes.as_str(), &id.to_string()], |r| {
                    r.get(0)
                })?;
            let registration_open = registration_open(&m, today);
            Ok(Some(MeetingView {
                registration_open,
                summary: summary(tx, m)?,
                agenda,
                other_documents,
                registrations: regs
                    .into_iter()
                    .map(|(registration, pending)| RegistrationView {
                        registration,
                        pending,
                    })
                    .collect(),
                seats,
                has_minutes,
            }))
        })
    }

    pub fn agenda(&self, meeting: MeetingId) -> Result<Vec<AgendaItem>, StoreError> {
        self.read(|tx| {
            of_kind(
                tx,
                EntityKind::AgendaItem,
                "AND meeting = ?2 ORDER BY num",
                &[&meeting.to_string()],
            )
        })
    }

    /// Documents of a meeting, or every document when `None`.
    pub fn documents(&self, meeting: Option<MeetingId>) -> Result<Vec<DocumentView>, StoreError> {
        self.read(|tx| match meeting {
            Some(m) => document_views(tx, "e.meeting = ?1", &m.to_string()),
            None => document_views(tx, "?1 = ?1", ""),
        })
    }

    pub fn document(&self, id: DocumentId) -> Result<Option<DocumentView>, StoreError> {
        self.read(|tx| Ok(document_views(tx, "e.id = ?1", &id.to_string())?.pop()))
    }

    /// Active registrations of a meeting, pending ones included (and marked).
    pub fn registrations(&self, meeting: MeetingId) -> Result<Vec<RegistrationView>, StoreError> {
        self.read(|tx| {
            Ok(registrations_with_overlay(tx, meeting)?
                .into_iter()
                .map(|(registration, pending)| RegistrationView {
                    registration,
                    pending,
                })
                .collect())
        })
    }

    /// The minutes of a meeting with their comments (own pending ones included).
    pub fn minutes(
        &self,
        meeting: MeetingId,
        today: NaiveDate,
    ) -> Result<Option<MinutesView>, StoreError> {
        self.read(|tx| {
            let found: Vec<Minutes> = of_kind(
                tx,
                EntityKind::Minutes,
                "AND meeting = ?2",
                &[&meeting.to_string()],
            )?;
            let Some(minutes) = found.into_iter().next() else {
                return Ok(None);
            };
            let comments = comments_with_overlay(tx, minutes.draft.id)?
                .into_iter()
                .map(|(comment, pending)| CommentView { comment, pending })
                .collect();
            let round_open = minutes.draft.state == MinutesState::CommentRoundOpen
                && minutes
                    .round
                    .as_ref()
                    .is_some_and(|r| r.opens <= today && today <= r.closes);
            Ok(Some(MinutesView {
                meeting: load(tx, EntityKind::Meeting, &meeting.to_string())?,
                agenda: of_kind(
                    tx,
                    EntityKind::AgendaItem,
                    "AND meeting = ?2 ORDER BY num",
                    &[&meeting.to_string()],
                )?,
                comments,
                round_open,
                minutes,
            }))
        })
    }

    /// Every decision of every set of minutes (drafts included, each with its minutes' state):
    /// newest meeting first, then in agenda order.
    pub fn decision_log(&self) -> Result<Vec<DecisionLogEntry>, StoreError> {
        self.read(|tx| {
            let owners: HashMap<SystemId, OrgId> =
                of_kind::<PortfolioSystem>(tx, EntityKind::PortfolioSystem, "", &[])?
                    .into_iter()
                    .map(|s| (s.code, s.owner))
                    .collect();
            let all: Vec<Minutes> = of_kind(tx, EntityKind::Minutes, "", &[])?;
            let mut entries = Vec::new();
            for minutes in all {
                let meeting_id = minutes.draft.meeting;
                let meeting: Option<Meeting> =
                    load(tx, EntityKind::Meeting, &meeting_id.to_string())?;
                let agenda: Vec<AgendaItem> = of_kind(
                    tx,
                    EntityKind::AgendaItem,
                    "AND meeting = ?2",
                    &[&meeting_id.to_string()],
                )?;
                for decision in &minutes.draft.decisions {
                    let item = agenda.iter().find(|a| a.id == decision.agenda_item);
                    let systems = item.map(|a| a.systems.clone()).unwrap_or_default();
                    let mut orgs: Vec<OrgId> = Vec::new();
                    for owner in systems.iter().filter_map(|s| owners.get(s)) {
                        if !orgs.contains(owner) {
                            orgs.push(owner.clone());
                        }
                    }
                    entries.push(DecisionLogEntry {
                        minutes: minutes.draft.id,
                        meeting: meeting_id,
                        meeting_date: meeting.as_ref().map(|m| m.date),
                        agenda_item: decision.agenda_item,
                        number: item.map_or(0, |a| a.number),
                        title: item.map(|a| a.title.clone()).unwrap_or_default(),
                        text: decision.text.clone(),
                        systems,
                        orgs,
                        state: minutes.draft.state,
                    });
                }
            }
            entries.sort_by(|a, b| {
                b.meeting_date
                    .cmp(&a.meeting_date)
                    .then(a.number.cmp(&b.number))
            });
            Ok(entries)
        })
    }

    /// Written procedures, newest deadline first, with the member's pending answers overlaid.
    pub fn procedures(&self, today: NaiveDate) -> Result<Vec<ProcedureView>, StoreError> {
        self.read(|tx| {
            let org = crate::me(tx)?.map(|p| p.org);
            let all: Vec<WrittenProcedure> = of_kind(
                tx,
                EntityKind::WrittenProcedure,
                "ORDER BY date DESC, id",
                &[],
            )?;
            all.into_iter()
                .map(|p| procedure_view(tx, p, org.as_ref(), today))
                .collect()
        })
    }

    pub fn procedure(
        &self,
        id: WrittenProcedureId,
        today: NaiveDate,
    ) -> Result<Option<ProcedureView>, StoreError> {
        self.read(|tx| {
            let org = crate::me(tx)?.map(|p| p.org);
            load::<WrittenProcedure>(tx, EntityKind::WrittenProcedure, &id.to_string())?
                .map(|p| procedure_view(tx, p, org.as_ref(), today))
                .transpose()
        })
    }

    /// The portfolio with each system's latest quarterly status.
    pub fn portfolio(&self) -> Result<Vec<SystemView>, StoreError> {
        self.read(|tx| {
            let systems: Vec<PortfolioSystem> =
                of_kind(tx, EntityKind::PortfolioSystem, "ORDER BY id", &[])?;
            systems
                .into_iter()
                .map(|system| {
                    let latest: Vec<QuarterlyStatus> = of_kind(
                        tx,
                        EntityKind::QuarterlyStatus,
                        "AND parent = ?2 ORDER BY date DESC LIMIT 1",
                        &[&system.code.to_string()],
                    )?;
                    Ok(SystemView {
                        system,
                        latest_status: latest.into_iter().next(),
                    })
                })
                .collect()
        })
    }

    /// The operations status of one quarter, and the systems still missing one.
    pub fn status(&self, quarter: Quarter) -> Result<StatusView, StoreError> {
        self.read(|tx| {
            let systems: Vec<PortfolioSystem> = of_kind(tx, EntityKind::PortfolioSystem, "", &[])?;
            let statuses: Vec<QuarterlyStatus> = of_kind(
                tx,
                EntityKind::QuarterlyStatus,
                "AND date = ?2 ORDER BY parent",
                &[&quarter.to_string()],
            )?;
            Ok(StatusView {
                missing: missing_statuses(&systems, &statuses, quarter),
                quarter,
                statuses,
            })
        })
    }

    /// Every quarterly status of one system, newest first.
    pub fn status_history(&self, system: &SystemId) -> Result<Vec<QuarterlyStatus>, StoreError> {
        self.read(|tx| {
            of_kind(
                tx,
                EntityKind::QuarterlyStatus,
                "AND parent = ?2 ORDER BY date DESC",
                &[&system.to_string()],
            )
        })
    }

    /// The roadmap by start date, with coordination conflicts.
    pub fn roadmap(&self) -> Result<RoadmapView, StoreError> {
        self.read(|tx| {
            let items: Vec<RoadmapItem> =
                of_kind(tx, EntityKind::RoadmapItem, "ORDER BY date, id", &[])?;
            let systems: Vec<PortfolioSystem> = of_kind(tx, EntityKind::PortfolioSystem, "", &[])?;
            Ok(RoadmapView {
                conflicts: coordination_conflicts(&items, &systems),
                items,
            })
        })
    }

    /// Notes that a sync round completed at `at`.
    pub fn note_synced(&self, at: chrono::DateTime<chrono::Utc>) -> Result<(), StoreError> {
        let at = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.write(|tx| crate::meta_set(tx, "last_synced", &at))
    }

    pub fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let blobs = self.blob_counts()?;
        self.read(|tx| sync_status(tx, blobs))
    }

    /// The start page: next meeting, what awaits the member, sync state.
    pub fn overview(&self, today: NaiveDate) -> Result<Overview, StoreError> {
        let blobs = self.blob_counts()?;
        let procedures = self.procedures(today)?;
        let outbox = self.outbox()?;
        self.read(|tx| {
            let next: Vec<Meeting> = of_kind(tx, EntityKind::Meeting, "AND date >= ?2 AND json_extract(body, '$.status') <> 'cancelled' ORDER BY date LIMIT 1", &[&today.to_string()])?;
            let next_meeting = next
                .into_iter()
                .next()
                .map(|m| summary(tx, m))
                .transpose()?;
            let minutes: Vec<Minutes> =
                of_kind(tx, EntityKind::Minutes, "", &[])?;
            let open_comment_rounds: Vec<Minutes> = minutes
                .into_iter()
                .filter(|m| {
                    m.draft.state == MinutesState::CommentRoundOpen
                        && m.round
                            .as_ref()
                            .is_some_and(|r| r.opens <= today && today <= r.closes)
                })
                .collect();
            let unread: i64 = tx.query_row(
                "SELECT COUNT(*) FROM entities e WHERE e.kind = ?1
                   AND NOT EXISTS (SELECT 1 FROM read_status r WHERE r.document = e.id)",
                [EntityKind::Document.as_str()],
                |r| r.get(0),
            )?;
            let mut newest_unread = document_views(tx, "r.document IS NULL AND ?1 = ?1", "")?;
            newest_unread.sort_by(|a, b| {
                b.document
                    .published_on
                    .cmp(&a.document.published_on)
                    .then_with(|| a.document.title.cmp(&b.document.title))
            });
            newest_unread.truncate(NEWEST_UNREAD_SHOWN);
            let procedures_awaiting: Vec<ProcedureView> = procedures
                .into_iter()
                .filter(|p| p.outcome == Outcome::Open && !p.answered)
                .collect();
            // A reminder matters while what it is about is still awaited.
            let mut reminders: Vec<Reminder> =
                of_kind(tx, EntityKind::Reminder, "ORDER BY date DESC, id", &[])?;
            reminders.retain(|r| match r.about {
                ReminderAbout::Procedure(id) => {
                    procedures_awaiting.iter().any(|p| p.procedure.id == id)
                }
                ReminderAbout::Minutes(id) => open_comment_rounds
                    .iter()
                    .any(|m: &Minutes| m.draft.id == id),
            });
            Ok(Overview {
                me: crate::me(tx)?,
                next_meeting,
                procedures_awaiting,
                reminders,
                open_comment_rounds,
                unread_documents: unread as u32,
                newest_unread,
                rejected_writes: outbox
                    .into_iter()
                    .filter(|e| e.state == OutboxState::Rejected)
                    .collect(),
                sync: sync_status(tx, blobs)?,
            })
        })
    }
}

fn procedure_view(
    conn: &rusqlite::Connection,
    p: WrittenProcedure,
    org: Option<&OrgId>,
    today: NaiveDate,
) -> Result<ProcedureView, StoreError> {
    let (procedure, pending) = procedure_with_overlay(conn, p)?;
    let outcome = outcome(&procedure, today);
    let awaiting = if matches!(outcome, Outcome::Open) {
        match styrebord_core::write::outstanding(
            &crate::facts::LocalFacts::new(conn),
            ReminderAbout::Procedure(procedure.id),
        ) {
            Ok(orgs) => orgs,
            Err(styrebord_core::write::Denied::Refused(_)) => vec![],
            Err(styrebord_core::write::Denied::Facts(e)) => return Err(StoreError::Corrupt(e.0)),
        }
    } else {
        vec![]
    };
    Ok(ProcedureView {
        awaiting,
        outcome,
        answered: org.is_some_and(|o| procedure.responses.iter().any(|r| r.org == *o)),
        pending,
        documents: procedure_documents(conn, procedure.id)?,
        procedure,
    })
}

/// A written procedure's material: its documents (one row each, the newest version), with the
/// desk's publications still waiting in the outbox laid over them, sorted by title.
fn procedure_documents(
    conn: &rusqlite::Connection,
    procedure: WrittenProcedureId,
) -> Result<Vec<DocumentView>, StoreError> {
    let id = procedure.to_string();
    // `parent` is the procedure for its material (an agenda item's for agenda material).
    let mut docs: Vec<DocumentView> =
        document_views(conn, "e.parent = ?1 AND e.meeting IS NULL", &id)?
            .into_iter()
            .filter(|d| d.document.procedure == Some(procedure))
            .collect();
    for change in pending_changes(conn)? {
        let Entity::Document(d) = change else {
            continue;
        };
        if d.procedure != Some(procedure) {
            continue;
        }
        match docs.iter_mut().find(|v| v.document.id == d.id) {
            Some(v) if v.document.version >= d.version => {}
            Some(v) => {
                v.blob = blob_state(conn, &d)?;
                v.read = false;
                v.document = d;
            }
            None => docs.push(DocumentView {
                blob: blob_state(conn, &d)?,
                read: false,
                notes: 0,
                document: d,
            }),
        }
    }
    docs.sort_by(|a, b| {
        a.document
            .title
            .to_lowercase()
            .cmp(&b.document.title.to_lowercase())
            .then_with(|| a.document.id.cmp(&b.document.id))
    });
    Ok(docs)
}

fn blob_state(conn: &rusqlite::Connection, d: &Document) -> Result<Option<BlobState>, StoreError> {
    use rusqlite::OptionalExtension;
    let state: Option<String> = conn
        .prepare_cached("SELECT state FROM blobs WHERE sha256 = ?1")?
        .query_row([d.sha256.as_str()], |r| r.get(0))
        .optional()?;
    state.as_deref().map(BlobState::parse).transpose()
}

fn sync_status(conn: &rusqlite::Connection, blobs: BlobCounts) -> Result<SyncStatus, StoreError> {
    let count = |state: &str| -> Result<u32, StoreError> {
        Ok(conn.query_row(
            "SELECT COUNT(*) FROM outbox WHERE state = ?1",
            [state],
            |r| r.get::<_, i64>(0),
        )? as u32)
    };
    let cursor = crate::cursor(conn)?;
    Ok(SyncStatus {
        committee: crate::facts::committee(conn)?,
        resyncing: crate::meta_get(conn, "resyncing")?.as_deref() == Some("1") || cursor.is_none(),
        cursor,
        pending_writes: count("pending")? + count("sent")?,
        rejected_writes: count("rejected")?,
        blobs,
        last_synced: crate::meta_get(conn, "last_synced")?,
        notice: crate::outbox::restore_notice(conn)?,
        app_outdated: crate::newer_hub::app_outdated_notice(conn)?,
    })
}
