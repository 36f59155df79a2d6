//! The committee's meetings as an iCalendar file (RFC 5545) a member can import into Outlook,
//! Apple Calendar or Thunderbird.
//!
//! One VEVENT per meeting, with a UID derived from the meeting id (so re-importing updates the
//! event instead of duplicating it) and times in UTC (so no VTIMEZONE block is needed and no client
//! guesses the zone). It is a *published* calendar, not an invitation: no `METHOD:REQUEST`, no
//! attendees, so importing never sends replies. Pure: no IO and no clock — the caller passes
//! the DTSTAMP.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Europe::Copenhagen;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use styrebord_core::meeting::{AttendanceMode, Meeting, MeetingKind, MeetingStatus};

/// How long a meeting is assumed to last when it has no end time.
pub const DEFAULT_DURATION: TimeDelta = TimeDelta::hours(2);

/// Words for one language; the calendar is written in the member's UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Danish,
    English,
}

/// What the calendar is called and stamped with.
#[derive(Debug, Clone)]
pub struct CalendarInfo<'a> {
    /// The committee's short name, e.g. "Driftsstyregruppen".
    pub committee: &'a str,
    pub language: Language,
    /// The DTSTAMP of every event: when this file was made.
    pub generated_at: DateTime<Utc>,
}

/// The stable UID of a meeting's event.
pub fn meeting_uid(meeting: &Meeting) -> String {
    format!("meeting-{}@styrebord", meeting.id)
}

fn summary(meeting: &Meeting, info: &CalendarInfo) -> String {
    let kind = match (info.language, meeting.kind) {
        (Language::Danish, MeetingKind::Ordinary) => "møde",
        (Language::Danish, MeetingKind::Extra) => "ekstraordinært møde",
        (Language::English, MeetingKind::Ordinary) => "meeting",
        (Language::English, MeetingKind::Extra) => "extra meeting",
    };
    let mode = match (info.language, meeting.attendance) {
        (_, AttendanceMode::InPerson) => "",
        (Language::Danish, AttendanceMode::Hybrid) => " (hybridmøde)",
        (Language::Danish, AttendanceMode::Online) => " (online)",
        (Language::English, AttendanceMode::Hybrid) => " (hybrid)",
        (Language::English, AttendanceMode::Online) => " (online)",
    };
    format!("{}: {kind}{mode}", info.committee)
}

/// Copenhagen wall-clock time to UTC. In the autumn hour that occurs twice the earlier one is
/// taken; a time in the spring gap (which no meeting should use) moves one hour on.
fn copenhagen_to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    let local = NaiveDateTime::new(date, time);
    match Copenhagen.from_local_datetime(&local).earliest() {
        Some(t) => t.with_timezone(&Utc),
        None => Copenhagen
            .from_local_datetime(&(local + TimeDelta::hours(1)))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&local)),
    }
}

fn event(meeting: &Meeting, info: &CalendarInfo) -> Event {
    let start = copenhagen_to_utc(meeting.date, meeting.start);
    let end = match meeting.end {
        Some(end) if end > meeting.start => copenhagen_to_utc(meeting.date, end),
        _ => start + DEFAULT_DURATION,
    };
    let status = match meeting.status {
        MeetingStatus::Cancelled => EventStatus::Cancelled,
        MeetingStatus::Planned => EventStatus::Tentative,
        MeetingStatus::Published | MeetingStatus::Held => EventStatus::Confirmed,
    };
    Event::new()
        .uid(&meeting_uid(meeting))
        .timestamp(info.generated_at)
        .summary(&summary(meeting, info))
        .location(&meeting.location)
        .starts(start)
        .ends(end)
        .status(status)
        .done()
}

/// The whole meeting plan as one iCalendar text (CRLF line endings, as RFC 5545 requires).
pub fn meetings_calendar(meetings: &[Meeting], info: &CalendarInfo) -> String {
    let mut sorted: Vec<&Meeting> = meetings.iter().collect();
    sorted.sort_by_key(|m| (m.date, m.start));
    let mut calendar = Calendar::new();
    calendar.name(info.committee);
    for meeting in sorted {
        calendar.push(event(meeting, info));
    }
    calendar.done().to_string()
}

#[cfg(test)]
mod tests;
