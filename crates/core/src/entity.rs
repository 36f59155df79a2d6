//! The committee's records as whole states: what the hub stores, what the change feed carries and
//! what the member's app mirrors. One enum ([`Entity`]) with one typed kind ([`EntityKind`]) per
//! record, so the hub and the app's store name kinds the same way and never by string literal.
//!
//! Each entity is the *whole* new state of one record (or a tombstone), so applying it twice is
//! harmless. On the wire it is `{"kind": "<kind>", "body": {…}}`.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::CalendarRules;
use crate::escalation::Escalation;
use crate::ids::{
    AgendaItemId, MeetingId, MinutesId, OrgId, PersonId, RegistrationId, ReminderId,
    WrittenProcedureId,
};
use crate::meeting::{AgendaItem, Document, Meeting};
use crate::minutes::{CommentRound, Decision, MinutesComment, MinutesDraft};
use crate::org::{Organisation, Person, Role};
use crate::portfolio::{PortfolioSystem, QuarterlyStatus};
use crate::procedure::WrittenProcedure;
use crate::registration::{Registration, RegistrationKind};
use crate::roadmap::RoadmapItem;

/// The committee's own settings, as the hub announces them to every app: its name, the chair and
/// secretariat, and the limits its deadlines are computed with. The app computes deadlines with
/// these, never with built-in defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Committee {
    /// Short name, e.g. "Driftsstyregruppen".
    pub name: String,
    /// Full Danish name.
    pub full_name: String,
    pub chair: OrgId,
    pub secretariat: OrgId,
    pub ordinary_meetings_per_year: u32,
    #[cfg_attr(feature = "ts", ts(skip))]
    pub calendar: CalendarRules,
}

/// A person as the committee sees them (never a token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PersonInfo {
    pub id: PersonId,
    pub name: String,
    pub email: String,
    pub org: OrgId,
    pub role: Role,
    /// False once the secretariat has revoked the person.
    pub active: bool,
}

impl PersonInfo {
    pub fn person(&self) -> Person {
        Person {
            id: self.id,
            name: self.name.clone(),
            email: self.email.clone(),
            org: self.org.clone(),
            role: self.role,
        }
    }
}

/// Decision minutes with their comment round (absent until the secretariat sends the draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Minutes {
    /// `draft.decisions` is always the current text: the final text once approved.
    pub draft: MinutesDraft,
    pub round: Option<CommentRound>,
    /// The decision texts as sent for comments, kept only when the approved text differs
    /// (so a reader can see draft → final). Absent otherwise, and in JSON from before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_decisions: Option<Vec<Decision>>,
    /// The day the draft was sent for comments (judged against the 10-working-day rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_on: Option<NaiveDate>,
    /// The meeting that approves (or will approve) the minutes, with its approval agenda item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<MinutesApproval>,
    /// The day the minutes were approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_on: Option<NaiveDate>,
}

impl Minutes {
    /// Members may comment today: the secretariat opened the round, its first day has come and
    /// its last has not passed (core's one test for it, `check_round_open`).
    pub fn open_for_comments(&self, today: NaiveDate) -> bool {
        crate::minutes::check_round_open(self.draft.state, self.round.as_ref(), today).is_ok()
    }
}

/// Where minutes are approved: the next ordinary meeting, and the agenda item added to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MinutesApproval {
    pub meeting: MeetingId,
    pub agenda_item: Option<AgendaItemId>,
}

/// The secretariat reminds an organisation that its answer is awaited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Reminder {
    /// Derived from the reminder act's id and the organisation.
    pub id: ReminderId,
    pub org: OrgId,
    pub about: ReminderAbout,
    /// What is awaited, as members read it ("Skriftlig procedure: …").
    pub title: String,
    /// The last day to answer.
    pub deadline: NaiveDate,
    pub sent_on: NaiveDate,
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum ReminderAbout {
    /// A written procedure the organisation has not answered.
    Procedure(WrittenProcedureId),
    /// A comment round on minutes the organisation has not commented in.
    Minutes(MinutesId),
}

/// Who attended a held meeting, as the secretariat recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Attendance {
    pub meeting: MeetingId,
    pub attendees: Vec<Attendee>,
}

/// One person at the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Attendee {
    pub org: OrgId,
    pub role: AttendedAs,
    /// The person's account, when they have one.
    pub person: Option<PersonId>,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum AttendedAs {
    /// The organisation's appointed member (or the chair).
    Member,
    /// Held the seat for the member.
    Substitute,
    /// Bisidder.
    Observer,
}

impl From<RegistrationKind> for AttendedAs {
    fn from(kind: RegistrationKind) -> Self {
        match kind {
            RegistrationKind::Substitute => AttendedAs::Substitute,
            RegistrationKind::Observer => AttendedAs::Observer,
        }
    }
}

/// The new state of one record. `kind` names the variant, `body` holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "body", rename_all = "snake_case")]
pub enum Entity {
    /// The committee's name and settings (one per hub).
    Committee(Committee),
    Organisation(Organisation),
    Person(PersonInfo),
    Meeting(Meeting),
    AgendaItem(AgendaItem),
    /// Document metadata; the bytes are at `GET /v1/blobs/{sha256}`.
    Document(Document),
    Registration(Registration),
    RegistrationCancelled {
        id: RegistrationId,
        meeting: MeetingId,
    },
    /// Who attended a held meeting.
    Attendance(Attendance),
    Minutes(Minutes),
    MinutesComment(MinutesComment),
    WrittenProcedure(WrittenProcedure),
    PortfolioSystem(PortfolioSystem),
    QuarterlyStatus(QuarterlyStatus),
    RoadmapItem(RoadmapItem),
    /// A case's escalation to PSTG (state and the economic forum's approval of funds).
    Escalation(Escalation),
    /// The secretariat's reminder to an organisation that has not answered yet.
    Reminder(Reminder),
    /// A record this reader could see is now hidden from them (its visibility narrowed): drop it.
    Withdrawn {
        of: EntityKind,
        id: String,
    },
}

/// The kind of a record, as stored by the hub and the app and named on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Committee,
    Organisation,
    Person,
    Meeting,
    AgendaItem,
    Document,
    Registration,
    RegistrationCancelled,
    Attendance,
    Minutes,
    MinutesComment,
    WrittenProcedure,
    PortfolioSystem,
    QuarterlyStatus,
    RoadmapItem,
    Escalation,
    Reminder,
    Withdrawn,
}

impl EntityKind {
    pub const ALL: [EntityKind; 18] = [
        EntityKind::Committee,
        EntityKind::Organisation,
        EntityKind::Person,
        EntityKind::Meeting,
        EntityKind::AgendaItem,
        EntityKind::Document,
        EntityKind::Registration,
        EntityKind::RegistrationCancelled,
        EntityKind::Attendance,
        EntityKind::Minutes,
        EntityKind::MinutesComment,
        EntityKind::WrittenProcedure,
        EntityKind::PortfolioSystem,
        EntityKind::QuarterlyStatus,
        EntityKind::RoadmapItem,
        EntityKind::Escalation,
        EntityKind::Reminder,
        EntityKind::Withdrawn,
    ];

    /// The snake_case name used on the wire and in both databases.
    pub const fn as_str(self) -> &'static str {
        match self {
            EntityKind::Committee => "committee",
            EntityKind::Organisation => "organisation",
            EntityKind::Person => "person",
            EntityKind::Meeting => "meeting",
            EntityKind::AgendaItem => "agenda_item",
            EntityKind::Document => "document",
            EntityKind::Registration => "registration",
            EntityKind::RegistrationCancelled => "registration_cancelled",
            EntityKind::Attendance => "attendance",
            EntityKind::Minutes => "minutes",
            EntityKind::MinutesComment => "minutes_comment",
            EntityKind::WrittenProcedure => "written_procedure",
            EntityKind::PortfolioSystem => "portfolio_system",
            EntityKind::QuarterlyStatus => "quarterly_status",
            EntityKind::RoadmapItem => "roadmap_item",
            EntityKind::Escalation => "escalation",
            EntityKind::Reminder => "reminder",
            EntityKind::Withdrawn => "withdrawn",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an entity kind")]
pub struct UnknownKind(pub String);

impl FromStr for EntityKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, UnknownKind> {
        EntityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

impl Entity {
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Committee(_) => EntityKind::Committee,
            Entity::Organisation(_) => EntityKind::Organisation,
            Entity::Person(_) => EntityKind::Person,
            Entity::Meeting(_) => EntityKind::Meeting,
            Entity::AgendaItem(_) => EntityKind::AgendaItem,
            Entity::Document(_) => EntityKind::Document,
            Entity::Registration(_) => EntityKind::Registration,
            Entity::RegistrationCancelled { .. } => EntityKind::RegistrationCancelled,
            Entity::Attendance(_) => EntityKind::Attendance,
            Entity::Minutes(_) => EntityKind::Minutes,
            Entity::MinutesComment(_) => EntityKind::MinutesComment,
            Entity::WrittenProcedure(_) => EntityKind::WrittenProcedure,
            Entity::PortfolioSystem(_) => EntityKind::PortfolioSystem,
            Entity::QuarterlyStatus(_) => EntityKind::QuarterlyStatus,
            Entity::RoadmapItem(_) => EntityKind::RoadmapItem,
            Entity::Escalation(_) => EntityKind::Escalation,
            Entity::Reminder(_) => EntityKind::Reminder,
            Entity::Withdrawn { .. } => EntityKind::Withdrawn,
        }
    }

    /// The id of the record the change is about (for keys and logs). A tombstone names the
    /// record it removes: a cancelled registration its registration, a withdrawal `kind:id`.
    pub fn entity_id(&self) -> String {
        match self {
            Entity::Committee(_) => "committee".to_owned(),
            Entity::Organisation(o) => o.code.to_string(),
            Entity::Person(p) => p.id.to_string(),
            Entity::Meeting(m) => m.id.to_string(),
            Entity::AgendaItem(a) => a.id.to_string(),
            Entity::Document(d) => format!("{}@{}", d.id, d.version),
            Entity::Registration(r) => r.id.to_string(),
            Entity::RegistrationCancelled { id, .. } => id.to_string(),
            Entity::Attendance(a) => a.meeting.to_string(),
            Entity::Minutes(m) => m.draft.id.to_string(),
            Entity::MinutesComment(c) => c.id.to_string(),
            Entity::WrittenProcedure(p) => p.id.to_string(),
            Entity::PortfolioSystem(s) => s.code.to_string(),
            Entity::QuarterlyStatus(s) => format!("{}@{}", s.system, s.quarter),
            Entity::RoadmapItem(r) => r.id.to_string(),
            Entity::Escalation(e) => e.id.to_string(),
            Entity::Reminder(r) => r.id.to_string(),
            Entity::Withdrawn { of, id } => format!("{of}:{id}"),
        }
    }

    /// The key an app keeps the record under: its id, except a document, which an app keeps once
    /// (its newest version) while the hub keeps each version.
    pub fn record_key(&self) -> String {
        match self {
            Entity::Document(d) => d.id.to_string(),
            other => other.entity_id(),
        }
    }

    /// The meeting the record belongs to, when it belongs to one (an index column on both sides).
    pub fn meeting(&self) -> Option<MeetingId> {
        match self {
            Entity::Meeting(m) => Some(m.id),
            Entity::AgendaItem(a) => Some(a.meeting),
            Entity::Document(d) => d.meeting,
            Entity::Registration(r) => Some(r.meeting),
            Entity::RegistrationCancelled { meeting, .. } => Some(*meeting),
            Entity::Attendance(a) => Some(a.meeting),
            Entity::Minutes(m) => Some(m.draft.meeting),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_match_serde() {
        for kind in EntityKind::ALL {
            assert_eq!(kind.as_str().parse::<EntityKind>(), Ok(kind));
            let json = serde_json::to_value(kind).expect("serialize");
            assert_eq!(json, serde_json::Value::String(kind.as_str().to_owned()));
        }
        assert!("drop_table".parse::<EntityKind>().is_err());
    }

    #[test]
    fn withdrawn_names_the_record_it_removes() {
        let e = Entity::Withdrawn {
            of: EntityKind::AgendaItem,
            id: "x".into(),
        };
        assert_eq!(e.entity_id(), "agenda_item:x");
        let json = serde_json::to_value(&e).expect("serialize");
        assert_eq!(json["kind"], "withdrawn");
        assert_eq!(json["body"]["of"], "agenda_item");
    }
}
