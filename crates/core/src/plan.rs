//! Rules over the meeting plan: the annual plan check, the minutes-approval agenda item, which
//! meeting comes next, and whether a meeting's material came in time.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{Timeliness, WorkingDayCalendar};
use crate::ids::{DocumentId, MeetingId};
use crate::meeting::{Document, Meeting, MeetingKind, MeetingStatus};
use crate::text::long_date_da;

/// Ordinary meetings a year by default ("som udgangspunkt møder 4 gange årligt").
pub const DEFAULT_ORDINARY_MEETINGS_PER_YEAR: u32 = 4;

/// The annual plan of a year does not have the expected number of ordinary meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum PlanWarning {
    TooFew {
        year: i32,
        count: u32,
        expected: u32,
    },
    TooMany {
        year: i32,
        count: u32,
        expected: u32,
    },
}

impl PlanWarning {
    pub fn message_da(&self) -> String {
        match self {
            PlanWarning::TooFew {
                year,
                count,
                expected,
            } => format!(
                "Mødeplanen for {year} har {count} ordinære møder; der skal som udgangspunkt \
                 være {expected}. Tilføj de manglende møder."
            ),
            PlanWarning::TooMany {
                year,
                count,
                expected,
            } => format!(
                "Mødeplanen for {year} har {count} ordinære møder; der skal som udgangspunkt \
                 være {expected}. Gør overskydende møder til ekstraordinære, eller aflys dem."
            ),
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            PlanWarning::TooFew {
                year,
                count,
                expected,
            } => format!(
                "The meeting plan for {year} has {count} ordinary meetings; normally there are \
                 {expected}. Add the missing meetings."
            ),
            PlanWarning::TooMany {
                year,
                count,
                expected,
            } => format!(
                "The meeting plan for {year} has {count} ordinary meetings; normally there are \
                 {expected}. Make the surplus ones extra meetings, or cancel them."
            ),
        }
    }
}

/// Counts the year's ordinary, not cancelled meetings against `expected`.
pub fn annual_plan_check(year: i32, meetings: &[Meeting], expected: u32) -> Option<PlanWarning> {
    let count = meetings
        .iter()
        .filter(|m| m.date.year() == year && counts_in_plan(m))
        .count();
    let count = u32::try_from(count).unwrap_or(u32::MAX);
    match count.cmp(&expected) {
        std::cmp::Ordering::Less => Some(PlanWarning::TooFew {
            year,
            count,
            expected,
        }),
        std::cmp::Ordering::Greater => Some(PlanWarning::TooMany {
            year,
            count,
            expected,
        }),
        std::cmp::Ordering::Equal => None,
    }
}

fn counts_in_plan(m: &Meeting) -> bool {
    m.kind == MeetingKind::Ordinary && m.status != MeetingStatus::Cancelled
}

/// The first not cancelled meeting (of any kind) after `date` — where an objected written
/// procedure goes.
pub fn next_meeting_after(date: NaiveDate, meetings: &[Meeting]) -> Option<&Meeting> {
    meetings
        .iter()
        .filter(|m| m.date > date && m.status != MeetingStatus::Cancelled)
        .min_by_key(|m| (m.date, m.start, m.id))
}

/// The agenda item approving `previous`'s minutes, placed on the next ordinary, not cancelled
/// meeting after it: `(that meeting, "Godkendelse af referat fra mødet den 12. marts 2026")`.
/// Minutes are approved at ordinary meetings only; a cancelled meeting has no minutes.
pub fn minutes_approval_item(
    previous: &Meeting,
    meetings: &[Meeting],
) -> Option<(MeetingId, String)> {
    if previous.status == MeetingStatus::Cancelled {
        return None;
    }
    let next = meetings
        .iter()
        .filter(|m| counts_in_plan(m) && m.id != previous.id)
        .filter(|m| (m.date, m.start) > (previous.date, previous.start))
        .min_by_key(|m| (m.date, m.start, m.id))?;
    let title = format!(
        "Godkendelse af referat fra mødet den {}",
        long_date_da(previous.date)
    );
    Some((next.id, title))
}

/// How timely `meeting`'s material was: the worst of its documents, each judged by its *first*
/// publication (a corrected later version does not make the material late). `None` when no
/// document has been published for the meeting.
pub fn material_timeliness(
    calendar: &WorkingDayCalendar,
    meeting: &Meeting,
    documents: &[Document],
) -> Option<Timeliness> {
    let mut first_published: BTreeMap<DocumentId, NaiveDate> = BTreeMap::new();
    for doc in documents.iter().filter(|d| d.meeting == Some(meeting.id)) {
        first_published
            .entry(doc.id)
            .and_modify(|d| *d = (*d).min(doc.published_on))
            .or_insert(doc.published_on);
    }
    first_published
        .values()
        .map(|published| calendar.material_lateness(meeting.date, *published))
        .max_by_key(|t| match t {
            Timeliness::OnTime => 0,
            Timeliness::Late { working_days } => u64::from(*working_days) + 1,
        })
}

/// How timely a meeting's agenda went out: `None` until it is published.
pub fn agenda_timeliness(calendar: &WorkingDayCalendar, meeting: &Meeting) -> Option<Timeliness> {
    meeting
        .agenda_published_on
        .map(|on| calendar.material_lateness(meeting.date, on))
}

/// How timely the minutes draft of `meeting` went out for comments: `None` until it is sent.
pub fn minutes_timeliness(
    calendar: &WorkingDayCalendar,
    meeting: &Meeting,
    minutes: &crate::entity::Minutes,
) -> Option<Timeliness> {
    minutes
        .sent_on
        .map(|on| calendar.minutes_lateness(meeting.date, on))
}
