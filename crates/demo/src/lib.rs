//! # styrebord-demo — a realistic, deterministic demo year for Driftsstyregruppen
//!
//! [`demo_dataset`] builds everything Styrebord shows, as `styrebord-core` types: the 13
//! organisations of the seed composition with one member each (Digitaliseringsstyrelsen's member
//! chairs; the secretariat; a substitute and an observer), the year plan of ordinary meetings
//! around `today` (held ones with approved minutes and comments, an upcoming one with its agenda
//! and material published on time, planned ones), a recent extraordinary meeting whose minutes
//! are out for comments, meeting material as **real PDFs with Danish text** (rendered with
//! `styrebord-pdf`), written procedures, an escalation to PSTG, a portfolio of shared systems
//! with dependencies, quarterly operations status and a roadmap with coordination conflicts.
//! Both `styrebord-hub demo` and the app's demo mode use it.
//!
//! What it must **not** do: read the clock, use randomness or do IO other than what the
//! caller's [`Fonts`] already did. The same `today` (and fonts) always gives the same dataset,
//! ids included (UUIDv5 from readable keys). It never bends a rule: every registration,
//! comment, response and escalation is checked with core's own functions while generating,
//! and a refusal is returned as [`DemoError::Rule`] — a bug in the demo, not in the data.
//!
//! How the year is laid out:
//! - the **upcoming** meeting is the first Thursday 14 or more days after `today` that is a
//!   working day outside the Christmas and summer holidays;
//! - the other ordinary meetings fall at the same point in every other quarter of the calendar
//!   years from two quarters before to one quarter after it, so each year's plan has exactly
//!   the four meetings core's annual plan check expects;
//! - meetings before `today` are held; minutes are approved at the next ordinary meeting (as
//!   the rules say), so the latest held meeting's minutes await approval at the upcoming one;
//! - an extraordinary online meeting 7 working days ago has its minutes in an open comment
//!   round, and its material went out at short notice (late, as such meetings' material often is).

pub mod acts;
mod ids;
mod people;
mod portfolio;
mod schedule;
mod texts;

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use sha2::{Digest, Sha256 as Sha256Hasher};
use styrebord_core::escalation::{
    check_ready_for_pstg, Escalation, EscalationState, ForumApproval,
};
use styrebord_core::meeting::{
    AgendaItem, AttendanceMode, Document, Meeting, MeetingKind, MeetingStatus, Sha256,
};
use styrebord_core::minutes::{
    check_comment, CommentRound, Decision, MinutesComment, MinutesDraft, MinutesState, NewComment,
};
use styrebord_core::org::{Actor, Person, Role};
use styrebord_core::plan::minutes_approval_item;
use styrebord_core::portfolio::{missing_statuses, PortfolioSystem, Quarter, QuarterlyStatus};
use styrebord_core::procedure::{record_response, Response, WrittenProcedure};
use styrebord_core::registration::{
    check_registration, MeetingContext, NewRegistration, Registration, RegistrationKind,
};
use styrebord_core::roadmap::{coordination_conflicts, RoadmapItem};
use styrebord_core::text::long_date_da;
use styrebord_core::write::derived_id;
use styrebord_core::{
    parse_composition, AgendaItemId, CommentId, CommentRoundId, Composition, CompositionError,
    DocumentId, EscalationId, MeetingId, MinutesId, OrgId, Refusal, RegistrationId,
    WorkingDayCalendar, WrittenProcedureId, SEED_COMPOSITION,
};
use styrebord_pdf::{write_pdf, Fonts, PdfDocument, PdfError, PDF_MIME};

use crate::ids::uuid;
use crate::schedule::previous_quarter;
use crate::texts::{ItemText, Topic};

pub use crate::portfolio::MISSING_IN_LATEST;

/// Why the demo could not be built. Apart from [`DemoError::Pdf`] (fonts), these are bugs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DemoError {
    #[error("the seed composition is invalid: {0}")]
    Composition(#[from] CompositionError),
    #[error("could not render the demo document {title:?}: {source}")]
    Pdf {
        title: String,
        #[source]
        source: PdfError,
    },
    #[error("the demo data breaks a rule ({context}): {source}")]
    Rule {
        context: String,
        #[source]
        source: Refusal,
    },
    #[error("no meeting dates could be planned around {0}")]
    NoMeetingDates(NaiveDate),
    #[error("the demo data is inconsistent: {0}")]
    Data(String),
}

/// A published document and its bytes (a PDF whose SHA-256 is `document.sha256`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoDocument {
    pub document: Document,
    pub bytes: Vec<u8>,
}

/// Decision minutes with their comment round and the comments made in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoMinutes {
    pub draft: MinutesDraft,
    pub round: CommentRound,
    pub comments: Vec<MinutesComment>,
    /// The decisions as sent for comments, when the approved text differs (a member's comment
    /// was incorporated); `draft.decisions` then holds the final text.
    pub draft_decisions: Option<Vec<Decision>>,
    /// The meeting that approves (or, when not yet held, will approve) these minutes.
    pub approved_at: Option<MeetingId>,
}

/// A complete demo committee. Everything is sorted by date (then number) where that applies.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoDataset {
    pub today: NaiveDate,
    pub composition: Composition,
    pub people: Vec<Person>,
    pub meetings: Vec<Meeting>,
    pub agenda_items: Vec<AgendaItem>,
    /// Every published version; a republished document has the same id and a higher version.
    pub documents: Vec<DemoDocument>,
    pub registrations: Vec<Registration>,
    pub minutes: Vec<DemoMinutes>,
    pub written_procedures: Vec<WrittenProcedure>,
    pub escalations: Vec<Escalation>,
    pub systems: Vec<PortfolioSystem>,
    pub statuses: Vec<QuarterlyStatus>,
    pub roadmap: Vec<RoadmapItem>,
}

impl DemoDataset {
    pub fn calendar(&self) -> WorkingDayCalendar {
        WorkingDayCalendar::new(self.composition.calendar)
    }

    /// The published meeting 2–4 weeks ahead whose material is out.
    pub fn upcoming_meeting(&self) -> Option<&Meeting> {
        self.meetings
            .iter()
            .find(|m| m.status == MeetingStatus::Published && m.date >= self.today)
    }

    pub fn document_bytes(&self, sha256: &Sha256) -> Option<&[u8]> {
        self.documents
            .iter()
            .find(|d| d.document.sha256 == *sha256)
            .map(|d| d.bytes.as_slice())
    }

    /// The latest quarter with operations status (the last one completed before `today`).
    pub fn latest_status_quarter(&self) -> Quarter {
        previous_quarter(Quarter::of(self.today))
    }
}

/// Builds the demo committee as it stands on `today`. Deterministic: no clock, no randomness.
pub fn demo_dataset(today: NaiveDate, fonts: &Fonts) -> Result<DemoDataset, DemoError> {
    Builder::new(today, fonts)?.build()
}

const DIGST_LOCATION: &str = "Digitaliseringsstyrelsen, Landgreven 4, 1301 København K";
const LOCATIONS: &[&str] = &[
    DIGST_LOCATION,
    "KL, Weidekampsgade 10, 2300 København S",
    "ATP, Kongens Vænge 8, 3400 Hillerød",
    "Danske Regioner, Dampfærgevej 22, 2100 København Ø",
];

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn rule(context: impl Into<String>) -> impl FnOnce(Refusal) -> DemoError {
    let context = context.into();
    move |source| DemoError::Rule { context, source }
}

/// The minutes of a meeting.
fn minutes_id(meeting: &Meeting) -> MinutesId {
    MinutesId::from_uuid(uuid("minutes", &meeting.id.to_string()))
}

/// An agenda item's id: the one core gives the item approving earlier minutes (it adds that
/// item when the minutes are sent), else one from the meeting and the item's number.
fn item_id(meeting: &Meeting, n: u32, topic: &Topic, meetings: &[Meeting]) -> AgendaItemId {
    match topic {
        Topic::Approval(i) => acts::approval_item_of(minutes_id(&meetings[*i])),
        _ => AgendaItemId::from_uuid(uuid("agenda-item", &format!("{}/{n}", meeting.id))),
    }
}

/// Picks the agenda item a member comments on.
type TopicFilter = fn(&Topic) -> bool;

/// The agenda items placed on each meeting: number, title, topic and id.
type ItemsByMeeting = BTreeMap<MeetingId, Vec<(u32, String, Topic, AgendaItemId)>>;

/// The plan of one meeting before ids and documents exist.
struct Planned {
    meeting: Meeting,
    topics: Vec<Topic>,
    /// When its material was (first) published; `None` for a meeting still only planned.
    published: Option<NaiveDate>,
}

struct Builder<'f> {
    today: NaiveDate,
    fonts: &'f Fonts,
    cal: WorkingDayCalendar,
    composition: Composition,
    people: Vec<Person>,
    systems: Vec<PortfolioSystem>,
}

impl<'f> Builder<'f> {
    fn new(today: NaiveDate, fonts: &'f Fonts) -> Result<Self, DemoError> {
        let composition = parse_composition(SEED_COMPOSITION)?;
        Ok(Self {
            today,
            fonts,
            cal: WorkingDayCalendar::new(composition.calendar),
            composition,
            people: people::people()?,
            systems: portfolio::systems()?,
        })
    }

    fn wd(&self, from: NaiveDate, n: i64) -> NaiveDate {
        self.cal.add_working_days(from, n).unwrap_or(from)
    }

    /// The minutes draft goes out 5 working days after the meeting (the rules allow 10) and
    /// takes comments for 8 working days: `(opens, closes)`.
    fn comment_round(&self, meeting: NaiveDate) -> (NaiveDate, NaiveDate) {
        let opens = self.wd(meeting, 5).min(self.cal.minutes_draft_due(meeting));
        (opens, self.wd(opens, 8))
    }

    fn member(&self, org: &str) -> Result<&Person, DemoError> {
        self.people
            .iter()
            .find(|p| p.org.as_str() == org && p.role.is_appointed_member())
            .ok_or_else(|| DemoError::Data(format!("no member for {org}")))
    }

    fn person(&self, role: Role, org: &str) -> Result<&Person, DemoError> {
        self.people
            .iter()
            .find(|p| p.org.as_str() == org && p.role == role)
            .ok_or_else(|| DemoError::Data(format!("no {role:?} for {org}")))
    }

    fn render(&self, doc: &PdfDocument) -> Result<Vec<u8>, DemoError> {
        write_pdf(doc, self.fonts).map_err(|source| DemoError::Pdf {
            title: doc.title.clone(),
            source,
        })
    }

    fn plan(&self) -> Result<Vec<Planned>, DemoError> {
        let today = self.today;
        let s = schedule::schedule(&self.cal, today).ok_or(DemoError::NoMeetingDates(today))?;
        let held: Vec<NaiveDate> = s.ordinary.iter().copied().filter(|d| *d < today).collect();
        let latest = held.last().copied();
        let second_latest = held.len().checked_sub(2).and_then(|i| held.get(i)).copied();

        let mut plans = Vec::new();
        for (i, &date) in s.ordinary.iter().enumerate() {
            let upcoming = date == s.upcoming;
            let (status, published) = if date < today {
                let due = self.cal.material_due(date);
                (MeetingStatus::Held, Some(self.wd(due, -1)))
            } else if upcoming {
                let due = self.cal.material_due(date);
                (MeetingStatus::Published, Some(due.min(self.wd(today, -2))))
            } else {
                (MeetingStatus::Planned, None)
            };
            let reported = previous_quarter(Quarter::of(published.unwrap_or(date)));
            let mut topics = vec![Topic::Status(reported)];
            if upcoming {
                topics.extend([
                    Topic::Roadmap {
                        year: chrono::Datelike::year(&date) + 1,
                    },
                    Topic::MigrationEscalation,
                ]);
            } else if Some(date) == latest {
                topics.extend([Topic::MigrationStatus, Topic::DigitalPostDisruptions]);
            } else if Some(date) == second_latest {
                topics.extend([Topic::DependencyAnalysis, Topic::PortfolioExtension]);
            } else if status == MeetingStatus::Held {
                topics.push(Topic::OwnersOrientation);
            }
            topics.push(Topic::Any);
            let (location, attendance) = if upcoming {
                (
                    format!("{DIGST_LOCATION} – link til Microsoft Teams i indkaldelsen"),
                    AttendanceMode::Hybrid,
                )
            } else {
                (
                    LOCATIONS[i % LOCATIONS.len()].to_owned(),
                    AttendanceMode::InPerson,
                )
            };
            plans.push(Planned {
                meeting: Meeting {
                    live: None,
                    agenda_approved_on: None,
                    link: None,
                    cancellation_reason: None,
                    agenda_published_on: published,
                    id: MeetingId::from_uuid(uuid("meeting", &date.to_string())),
                    kind: MeetingKind::Ordinary,
                    date,
                    start: time(13, 0),
                    end: Some(time(15, 30)),
                    location,
                    attendance,
                    status,
                },
                topics,
                published,
            });
        }
        // Called at short notice: the material went out three working days before.
        let extra_published = self.wd(s.extra, -3);
        plans.push(Planned {
            meeting: Meeting {
                live: None,
                agenda_approved_on: None,
                link: None,
                cancellation_reason: None,
                agenda_published_on: Some(extra_published),
                id: MeetingId::from_uuid(uuid("meeting", &format!("extra/{}", s.extra))),
                kind: MeetingKind::Extra,
                date: s.extra,
                start: time(9, 0),
                end: Some(time(10, 0)),
                location: "Online (Microsoft Teams)".to_owned(),
                attendance: AttendanceMode::Online,
                status: MeetingStatus::Held,
            },
            topics: vec![Topic::Incident, Topic::CrisisCommunication, Topic::Any],
            published: Some(extra_published),
        });
        plans.sort_by_key(|p| (p.meeting.date, p.meeting.start));

        // Minutes are approved at the next ordinary meeting: the approval item is put there when
        // a held meeting's minutes are sent for comments.
        let meetings: Vec<Meeting> = plans.iter().map(|p| p.meeting.clone()).collect();
        let mut approvals: Vec<(usize, usize)> = Vec::new();
        for (i, m) in meetings.iter().enumerate() {
            if m.status != MeetingStatus::Held {
                continue;
            }
            if let Some((target, _)) = minutes_approval_item(m, &meetings) {
                if let Some(t) = meetings.iter().position(|x| x.id == target) {
                    approvals.push((t, i));
                }
            }
        }
        for (t, i) in approvals.into_iter().rev() {
            plans[t].topics.insert(0, Topic::Approval(i));
        }
        Ok(plans)
    }

    fn build(self) -> Result<DemoDataset, DemoError> {
        let today = self.today;
        let plans = self.plan()?;
        let meetings: Vec<Meeting> = plans.iter().map(|p| p.meeting.clone()).collect();

        // Portfolio first: the status reports and the roadmap note quote it.
        let latest_quarter = previous_quarter(Quarter::of(today));
        let mut first_quarter = (0..3).fold(latest_quarter, |q, _| previous_quarter(q));
        for p in &plans {
            for t in &p.topics {
                if let (Topic::Status(q), Some(_)) = (t, p.published) {
                    first_quarter = first_quarter.min(*q);
                }
            }
        }
        let statuses = portfolio::statuses(&self.systems, first_quarter, latest_quarter);
        let roadmap = portfolio::roadmap(Quarter::of(today))?;
        let conflicts = coordination_conflicts(&roadmap, &self.systems);

        let registrations = self.registrations(&plans)?;

        let mut agenda_items = Vec::new();
        let mut documents = Vec::new();
        let mut escalations = Vec::new();
        let mut item_titles: ItemsByMeeting = BTreeMap::new();
        for p in &plans {
            let m = &p.meeting;
            let texts: Vec<(u32, ItemText)> = p
                .topics
                .iter()
                .enumerate()
                .map(|(n, t)| {
                    let approval_title = match t {
                        Topic::Approval(i) => Some(format!(
                            "Godkendelse af referat fra mødet den {}",
                            long_date_da(meetings[*i].date)
                        )),
                        _ => None,
                    };
                    (n as u32 + 1, texts::item_text(t, approval_title.as_deref()))
                })
                .collect();
            for ((n, text), topic) in texts.iter().zip(&p.topics) {
                let id = item_id(m, *n, topic, &meetings);
                let escalation = if *topic == Topic::MigrationEscalation {
                    let e = self.escalation(id)?;
                    let eid = e.id;
                    escalations.push(e);
                    Some(eid)
                } else {
                    None
                };
                agenda_items.push(AgendaItem {
                    presenter: None,
                    procedure: None,
                    id,
                    meeting: m.id,
                    number: *n,
                    title: text.title.clone(),
                    description: text.description.clone(),
                    kind: text.kind,
                    systems: text
                        .systems
                        .iter()
                        .map(|c| portfolio::code(c))
                        .collect::<Result<_, _>>()?,
                    escalation,
                });
                item_titles.entry(m.id).or_default().push((
                    *n,
                    text.title.clone(),
                    topic.clone(),
                    id,
                ));
            }

            let Some(published) = p.published else {
                continue;
            };
            let mut publish = |key: &str,
                               doc: PdfDocument,
                               item: Option<AgendaItemId>,
                               version: u32,
                               on: NaiveDate|
             -> Result<(), DemoError> {
                let bytes = self.render(&doc)?;
                let digest = Sha256Hasher::digest(&bytes);
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                let sha256 = Sha256::parse(&hex).map_err(|e| DemoError::Data(e.to_string()))?;
                documents.push(DemoDocument {
                    document: Document {
                        // Only the roadmap note is republished (with a correction).
                        change_note: (version > 1).then(|| {
                            "Rettet: konflikterne er opdateret efter ejernes seneste tidsplaner."
                                .to_owned()
                        }),
                        procedure: None,
                        id: DocumentId::from_uuid(uuid("document", &format!("{}/{key}", m.id))),
                        meeting: Some(m.id),
                        agenda_item: item,
                        title: doc.title.clone(),
                        sha256,
                        size_bytes: bytes.len() as u64,
                        mime: PDF_MIME.to_owned(),
                        version,
                        published_on: on,
                    },
                    bytes,
                });
                Ok(())
            };
            if m.kind == MeetingKind::Ordinary {
                publish("agenda", texts::agenda(m, &texts), None, 1, published)?;
            }
            for ((n, text), topic) in texts.iter().zip(&p.topics) {
                let item = (*n, text.title.as_str());
                let item_id = item_id(m, *n, topic, &meetings);
                let key = format!("item-{n}");
                let doc = match topic {
                    // Minutes go out for approval once their comment round has closed; those
                    // still open (the extraordinary meeting's) follow later.
                    Topic::Approval(i)
                        if self.comment_round(plans[*i].meeting.date).1 >= published =>
                    {
                        None
                    }
                    Topic::Approval(i) => {
                        let prev = &plans[*i];
                        let prev_items = item_titles
                            .get(&prev.meeting.id)
                            .cloned()
                            .unwrap_or_default();
                        let decided: Vec<(u32, String, String)> = prev_items
                            .iter()
                            .map(|(n, title, t, _)| (*n, title.clone(), texts::decision(t, *i)))
                            .collect();
                        Some(texts::minutes(
                            &prev.meeting,
                            &decided,
                            &self.attendees(&prev.meeting, &registrations),
                        ))
                    }
                    Topic::Status(q) => {
                        let missing: Vec<String> = missing_statuses(&self.systems, &statuses, *q)
                            .iter()
                            .map(|c| c.as_str().to_owned())
                            .collect();
                        Some(texts::status_report(
                            m,
                            item,
                            &texts::StatusReport {
                                quarter: *q,
                                systems: &self.systems,
                                statuses: &statuses,
                                missing: &missing,
                            },
                        ))
                    }
                    Topic::DependencyAnalysis => Some(texts::dependency_analysis(m, item)),
                    Topic::PortfolioExtension => Some(texts::portfolio_extension(m, item)),
                    Topic::MigrationStatus => Some(texts::migration_status(m, item)),
                    Topic::DigitalPostDisruptions => Some(texts::digital_post_disruptions(m, item)),
                    Topic::OwnersOrientation => Some(texts::owners_orientation(m, item)),
                    Topic::Incident => {
                        Some(texts::incident(m, item, &long_date_da(self.wd(m.date, -4))))
                    }
                    Topic::MigrationEscalation => {
                        let reference = escalations
                            .last()
                            .and_then(|e| e.economic_forum_approval.as_ref())
                            .map(|a| a.reference.clone())
                            .unwrap_or_default();
                        Some(texts::migration_escalation(m, item, &reference))
                    }
                    Topic::Roadmap { year } => {
                        let note = |version| {
                            texts::roadmap(
                                m,
                                item,
                                &texts::RoadmapNote {
                                    year: *year,
                                    items: &roadmap,
                                    conflicts: &conflicts,
                                    systems: &self.systems,
                                    version,
                                },
                            )
                        };
                        publish(&key, note(1), Some(item_id), 1, published)?;
                        // Republished with a correction the day before `today`, still in time.
                        let due = self.cal.material_due(m.date);
                        let again = due.min(self.wd(today, -1)).max(published);
                        publish(&key, note(2), Some(item_id), 2, again)?;
                        None
                    }
                    Topic::CrisisCommunication | Topic::Any => None,
                };
                if let Some(doc) = doc {
                    publish(&key, doc, Some(item_id), 1, published)?;
                }
            }
        }

        let minutes = self.minutes(&plans, &item_titles, &registrations)?;
        let written_procedures = self.procedures(&plans)?;

        Ok(DemoDataset {
            today,
            composition: self.composition.clone(),
            people: self.people.clone(),
            meetings,
            agenda_items,
            documents,
            registrations,
            minutes,
            written_procedures,
            escalations,
            systems: self.systems.clone(),
            statuses,
            roadmap,
        })
    }

    /// KL sends a substitute and Danske Regioner an observer to the upcoming meeting; at the
    /// latest held meeting Skatteministeriet was represented by a substitute without an account.
    fn registrations(&self, plans: &[Planned]) -> Result<Vec<Registration>, DemoError> {
        let mut out: Vec<Registration> = Vec::new();
        let upcoming = plans
            .iter()
            .find(|p| p.meeting.status == MeetingStatus::Published)
            .map(|p| p.meeting.clone());
        let latest_held = plans
            .iter()
            .filter(|p| {
                p.meeting.status == MeetingStatus::Held && p.meeting.kind == MeetingKind::Ordinary
            })
            .map(|p| p.meeting.clone())
            .next_back();

        let mut register = |meeting: &Meeting,
                            org: &str,
                            kind: RegistrationKind,
                            person: Option<&Person>,
                            name: &str,
                            email: &str,
                            on: NaiveDate|
         -> Result<(), DemoError> {
            let by = self.member(org)?;
            let new = NewRegistration {
                org: portfolio::org(org)?,
                kind,
                person: person.map(|p| p.id),
                name: name.to_owned(),
                email: email.to_owned(),
            };
            // Checked as on the day it was made, when the meeting was still open.
            let open = Meeting {
                status: MeetingStatus::Published,
                ..meeting.clone()
            };
            let ctx = MeetingContext {
                meeting: &open,
                members: &self.people,
                registrations: &out,
            };
            check_registration(&ctx, &new, &Actor::from(by), on)
                .map_err(rule(format!("registering {name} for {}", meeting.date)))?;
            out.push(Registration {
                id: RegistrationId::from_uuid(uuid(
                    "registration",
                    &format!("{}/{email}", meeting.id),
                )),
                meeting: meeting.id,
                org: new.org,
                kind,
                person: new.person,
                name: new.name,
                email: new.email,
                registered_by: by.id,
            });
            Ok(())
        };

        if let Some(m) = &latest_held {
            let on = self.wd(m.date, -3);
            register(
                m,
                "SKM",
                RegistrationKind::Substitute,
                None,
                "Morten Friis Nygaard",
                "mfn@skm.dk",
                on,
            )?;
        }
        if let Some(m) = &upcoming {
            let sub = self.person(Role::Substitute, "KL")?.clone();
            let obs = self.person(Role::Observer, "DR")?.clone();
            let on = self.today.min(m.date);
            register(
                m,
                "KL",
                RegistrationKind::Substitute,
                Some(&sub),
                &sub.name,
                &sub.email,
                on,
            )?;
            register(
                m,
                "DR",
                RegistrationKind::Observer,
                Some(&obs),
                &obs.name,
                &obs.email,
                on,
            )?;
        }
        Ok(out)
    }

    /// "Name, Organisation" for whoever held each seat, then observers and the secretariat.
    fn attendees(&self, meeting: &Meeting, registrations: &[Registration]) -> Vec<String> {
        let mut out = Vec::new();
        for o in &self.composition.organisations {
            let sub = registrations.iter().find(|r| {
                r.meeting == meeting.id && r.org == o.code && r.kind == RegistrationKind::Substitute
            });
            let line = match sub {
                Some(r) => format!("{}, {} (stedfortræder)", r.name, o.short_name),
                None => match self
                    .people
                    .iter()
                    .find(|p| p.org == o.code && p.role.is_appointed_member())
                {
                    Some(p) if p.role == Role::Chair => {
                        format!("{}, {} (formand)", p.name, o.short_name)
                    }
                    Some(p) => format!("{}, {}", p.name, o.short_name),
                    None => continue,
                },
            };
            out.push(line);
        }
        for r in registrations
            .iter()
            .filter(|r| r.meeting == meeting.id && r.kind == RegistrationKind::Observer)
        {
            out.push(format!("{} (bisidder, {})", r.name, r.org));
        }
        let secretariat: Vec<&str> = self
            .people
            .iter()
            .filter(|p| p.role == Role::Secretariat)
            .map(|p| p.name.as_str())
            .collect();
        out.push(format!("Sekretariatet: {}", secretariat.join(" og ")));
        out
    }

    fn minutes(
        &self,
        plans: &[Planned],
        items: &ItemsByMeeting,
        registrations: &[Registration],
    ) -> Result<Vec<DemoMinutes>, DemoError> {
        let today = self.today;
        let meetings: Vec<Meeting> = plans.iter().map(|p| p.meeting.clone()).collect();
        let held_ordinary: Vec<NaiveDate> = meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Held && m.kind == MeetingKind::Ordinary)
            .map(|m| m.date)
            .collect();
        let commented_on = |m: &Meeting| {
            m.kind == MeetingKind::Extra || held_ordinary.iter().rev().take(2).any(|d| *d == m.date)
        };

        let mut out = Vec::new();
        for (i, p) in plans.iter().enumerate() {
            let m = &p.meeting;
            if m.status != MeetingStatus::Held {
                continue;
            }
            let its_items = items.get(&m.id).cloned().unwrap_or_default();
            let id = minutes_id(m);
            let (opens, closes) = self.comment_round(m.date);
            let round = CommentRound {
                // The round core opens when the draft is sent.
                id: CommentRoundId::from_uuid(derived_id(id.as_uuid(), "comment_round")),
                minutes: id,
                opens,
                closes,
            };
            let approved_at = minutes_approval_item(m, &meetings).map(|(t, _)| t);
            let approved = approved_at
                .and_then(|t| meetings.iter().find(|x| x.id == t))
                .is_some_and(|t| t.status == MeetingStatus::Held);
            let state = if approved {
                MinutesState::Approved
            } else if round.closes < today {
                MinutesState::CommentRoundClosed
            } else {
                MinutesState::CommentRoundOpen
            };
            let mut draft = MinutesDraft {
                id,
                meeting: m.id,
                state: MinutesState::CommentRoundOpen,
                decisions: its_items
                    .iter()
                    .map(|(_, _, t, item)| Decision {
                        agenda_item: *item,
                        text: texts::decision(t, i),
                    })
                    .collect(),
            };

            let mut comments = Vec::new();
            if commented_on(m) {
                let wanted: &[(&str, TopicFilter)] = if m.kind == MeetingKind::Extra {
                    &[
                        ("ATP", |t| *t == Topic::Incident),
                        ("KL", |t| *t == Topic::CrisisCommunication),
                    ]
                } else {
                    &[
                        ("KL", |t| matches!(t, Topic::Status(_))),
                        ("ATP", |t| *t == Topic::DigitalPostDisruptions),
                        ("CPR", |t| *t == Topic::DependencyAnalysis),
                        ("DR", |t| matches!(t, Topic::Status(_))),
                    ]
                };
                let ctx = MeetingContext {
                    meeting: m,
                    members: &self.people,
                    registrations,
                };
                for (org, is_topic) in wanted {
                    let Some((_, _, topic, item)) =
                        its_items.iter().find(|(_, _, t, _)| is_topic(t))
                    else {
                        continue;
                    };
                    let author = self.member(org)?;
                    let written_on = self.wd(opens, comments.len() as i64 + 1).min(today);
                    let new = NewComment {
                        agenda_item: *item,
                        text: texts::comment(org, topic),
                    };
                    check_comment(
                        &ctx,
                        &draft,
                        Some(&round),
                        &new,
                        &Actor::from(author),
                        written_on,
                    )
                    .map_err(rule(format!(
                        "{org} commenting on the minutes of {}",
                        m.date
                    )))?;
                    comments.push(MinutesComment {
                        disposition: None,
                        id: CommentId::from_uuid(uuid("comment", &format!("{id}/{org}"))),
                        minutes: id,
                        agenda_item: *item,
                        author: author.id,
                        org: author.org.clone(),
                        text: new.text,
                        written_on,
                    });
                }
            }
            // At approval, comments that asked for a precise change are incorporated.
            let mut draft_decisions = None;
            if state == MinutesState::Approved {
                let sent = draft.decisions.clone();
                for d in &mut draft.decisions {
                    let topic = its_items
                        .iter()
                        .find(|(_, _, _, item)| *item == d.agenda_item)
                        .map(|(_, _, t, _)| t);
                    let amended = topic.and_then(|t| {
                        comments
                            .iter()
                            .filter(|c| c.agenda_item == d.agenda_item)
                            .find_map(|c| texts::amended_decision(t, c.org.as_str()))
                    });
                    if let Some(text) = amended {
                        d.text = text;
                    }
                }
                if draft.decisions != sent {
                    draft_decisions = Some(sent);
                }
            }
            draft.state = state;
            out.push(DemoMinutes {
                draft,
                round,
                comments,
                draft_decisions,
                approved_at,
            });
        }
        Ok(out)
    }

    fn procedures(&self, plans: &[Planned]) -> Result<Vec<WrittenProcedure>, DemoError> {
        let today = self.today;
        let respond = |p: &mut WrittenProcedure, org: &str, r: Response, on: NaiveDate| {
            let who = self.member(org)?;
            let org_id = OrgId::parse(org).map_err(|e| DemoError::Data(e.to_string()))?;
            record_response(p, &org_id, r, &Actor::from(who), on)
                .map_err(rule(format!("{org} answering {:?}", p.title)))
        };

        let mut open = WrittenProcedure {
            ended: None,
            id: WrittenProcedureId::from_uuid(uuid("procedure", "varsling-af-nedetid")),
            title: "Fælles retningslinje for varsling af planlagt nedetid".to_owned(),
            description: "Sekretariatet foreslår en fælles retningslinje: planlagt nedetid i \
                porteføljens systemer varsles over for afhængige løsninger mindst 10 \
                arbejdsdage i forvejen og registreres i roadmappen. Sagen behandles skriftligt; \
                tavshed betragtes som tilslutning."
                .to_owned(),
            deadline: self.wd(today, 5),
            responses: Vec::new(),
        };
        respond(&mut open, "KL", Response::Agree, self.wd(today, -3))?;
        respond(&mut open, "DR", Response::Agree, self.wd(today, -3))?;
        respond(
            &mut open,
            "ATP",
            Response::Comment(
                "ATP kan tilslutte sig, men foreslår 15 arbejdsdages varsel for ændringer, der \
                 berører Udbetaling Danmarks snitflader."
                    .to_owned(),
            ),
            self.wd(today, -2),
        )?;
        respond(&mut open, "SDS", Response::Agree, self.wd(today, -1))?;
        respond(&mut open, "CPR", Response::Agree, self.wd(today, -1))?;

        // Decided in writing after the latest held meeting: the deadline passed in silence.
        let after = plans
            .iter()
            .filter(|p| p.meeting.kind == MeetingKind::Ordinary && p.meeting.date < today)
            .map(|p| p.meeting.date)
            .next_back()
            .unwrap_or(today);
        let start = self.wd(after, 12).min(self.wd(today, -15));
        let mut adopted = WrittenProcedure {
            ended: None,
            id: WrittenProcedureId::from_uuid(uuid("procedure", "nemkonto-servicemaal")),
            title: "Midlertidigt servicemål for NemKonto i overgangsperioden".to_owned(),
            description: "Digitaliseringsstyrelsen foreslår, at servicemålet for NemKonto \
                midlertidigt sættes til 99,8 % tilgængelighed, mens løsningen flyttes til ny \
                driftsleverandør. Det normale mål på 99,9 % gælder igen fra næste kvartal."
                .to_owned(),
            deadline: self.wd(start, 7),
            responses: Vec::new(),
        };
        respond(&mut adopted, "ATP", Response::Agree, self.wd(start, 1))?;
        respond(&mut adopted, "SKM", Response::Agree, self.wd(start, 2))?;
        respond(
            &mut adopted,
            "KL",
            Response::Comment(
                "KL kan tilslutte sig under forudsætning af, at kommunerne orienteres om \
                 flytningen i god tid."
                    .to_owned(),
            ),
            self.wd(start, 3),
        )?;
        Ok(vec![open, adopted])
    }

    /// The case on the upcoming meeting: needs funds, and the economic forum has approved them.
    fn escalation(&self, item: AgendaItemId) -> Result<Escalation, DemoError> {
        let approved_on = self.wd(self.today, -10);
        let e = Escalation {
            id: EscalationId::from_uuid(uuid("escalation", "nemlog-in-parallel-drift")),
            case: "Forlænget parallel drift af NemLog-in's gamle signeringsløsning i seks \
                   måneder"
                .to_owned(),
            agenda_item: Some(item),
            systems: vec![portfolio::code("NEMLOG-IN")?, portfolio::code("MITID")?],
            needs_funds: true,
            economic_forum_approval: Some(ForumApproval {
                approved_on,
                reference: format!(
                    "beslutningsreferat fra Økonomiforum for NemLog-in, mødet den {}, punkt 4",
                    long_date_da(approved_on)
                ),
            }),
            state: EscalationState::Proposed,
        };
        check_ready_for_pstg(&e).map_err(rule("the escalation to PSTG"))?;
        Ok(e)
    }
}
