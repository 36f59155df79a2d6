//! Fixtures shared by the rule tests: deterministic ids and a small committee.
#![allow(dead_code)] // each test file uses a different part

use chrono::{NaiveDate, NaiveTime};
use styrebord_core::meeting::{AttendanceMode, Meeting, MeetingKind, MeetingStatus};
use styrebord_core::org::{Actor, Person, Role};
use styrebord_core::*;
use uuid::Uuid;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("test date {s:?}: {e}"))
}

pub fn org(code: &str) -> OrgId {
    OrgId::parse(code).unwrap_or_else(|e| panic!("{e}"))
}

pub fn sys(code: &str) -> SystemId {
    SystemId::parse(code).unwrap_or_else(|e| panic!("{e}"))
}

pub fn pid(n: u128) -> PersonId {
    PersonId::from_uuid(Uuid::from_u128(n))
}

pub fn mid(n: u128) -> MeetingId {
    MeetingId::from_uuid(Uuid::from_u128(n))
}

pub fn rid(n: u128) -> RegistrationId {
    RegistrationId::from_uuid(Uuid::from_u128(n))
}

pub fn aid(n: u128) -> AgendaItemId {
    AgendaItemId::from_uuid(Uuid::from_u128(n))
}

pub fn meeting(n: u128, date: &str, kind: MeetingKind, status: MeetingStatus) -> Meeting {
    Meeting {
        live: None,
        agenda_approved_on: None,
        link: None,
        cancellation_reason: None,
        agenda_published_on: None,
        id: mid(n),
        kind,
        date: d(date),
        start: NaiveTime::from_hms_opt(13, 0, 0).unwrap_or_default(),
        end: NaiveTime::from_hms_opt(15, 0, 0),
        location: "Landgreven 4, København".into(),
        attendance: AttendanceMode::InPerson,
        status,
    }
}

pub fn ordinary(n: u128, date: &str) -> Meeting {
    meeting(n, date, MeetingKind::Ordinary, MeetingStatus::Planned)
}

/// People of the fixture committee, by person number:
/// 1 DIGST chair, 2 DIGST secretariat, 10 KL member, 11 KL substitute (person with account),
/// 12 KL observer, 20 ATP member, 21 ATP substitute.
pub fn people() -> Vec<Person> {
    let p = |n: u128, name: &str, o: &str, role: Role| Person {
        id: pid(n),
        name: name.into(),
        email: format!("p{n}@{}.dk", o.to_lowercase()),
        org: org(o),
        role,
    };
    vec![
        p(1, "Formand Fie", "DIGST", Role::Chair),
        p(2, "Sekretær Sune", "DIGST", Role::Secretariat),
        p(10, "Medlem Mette", "KL", Role::Member),
        p(11, "Stedfortræder Søren", "KL", Role::Substitute),
        p(12, "Bisidder Bo", "KL", Role::Observer),
        p(20, "Medlem Anna", "ATP", Role::Member),
        p(21, "Stedfortræder Sara", "ATP", Role::Substitute),
    ]
}

/// The fixture person `n` as an actor.
pub fn actor(n: u128) -> Actor {
    people()
        .iter()
        .find(|p| p.id == pid(n))
        .map(Actor::from)
        .unwrap_or_else(|| panic!("no fixture person {n}"))
}
