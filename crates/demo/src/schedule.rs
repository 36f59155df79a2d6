//! When the demo's meetings are: a quarterly rhythm anchored on an upcoming meeting 2–4 weeks
//! after `today`, covering every quarter of the calendar years it touches (so each year's plan
//! has exactly four ordinary meetings), plus one recent extraordinary meeting.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use styrebord_core::portfolio::Quarter;
use styrebord_core::WorkingDayCalendar;

/// Meetings are not put in the Christmas weeks or the Danish summer holiday.
fn in_holiday_season(d: NaiveDate) -> bool {
    let (m, day) = (d.month(), d.day());
    (m == 12 && day >= 18) || (m == 1 && day <= 7) || (m == 7 && day >= 13) || (m == 8 && day <= 2)
}

fn is_meeting_day(cal: &WorkingDayCalendar, d: NaiveDate) -> bool {
    d.weekday() == Weekday::Thu && cal.is_working_day(d) && !in_holiday_season(d)
}

pub(crate) fn quarter_start(q: Quarter) -> NaiveDate {
    let month = u32::from(q.q() - 1) * 3 + 1;
    NaiveDate::from_ymd_opt(q.year(), month, 1).unwrap_or(NaiveDate::MIN)
}

pub(crate) fn next_quarter(q: Quarter) -> Quarter {
    match q.q() {
        4 => Quarter::new(q.year() + 1, 1),
        n => Quarter::new(q.year(), n + 1),
    }
    .unwrap_or(q)
}

pub(crate) fn previous_quarter(q: Quarter) -> Quarter {
    match q.q() {
        1 => Quarter::new(q.year() - 1, 4),
        n => Quarter::new(q.year(), n - 1),
    }
    .unwrap_or(q)
}

pub(crate) fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
    .unwrap_or(d)
}

/// The first meeting day 14 or more days after `today`.
fn upcoming(cal: &WorkingDayCalendar, today: NaiveDate) -> Option<NaiveDate> {
    (14..90)
        .map(|n| add_days(today, n))
        .find(|d| is_meeting_day(cal, *d))
}

/// The meeting day in `q` nearest to `offset` days into the quarter.
fn in_quarter(cal: &WorkingDayCalendar, q: Quarter, offset: i64) -> Option<NaiveDate> {
    let start = quarter_start(q);
    let end = add_days(quarter_start(next_quarter(q)), -1);
    let target = add_days(start, offset).min(end);
    let to_thursday = i64::from(Weekday::Thu.num_days_from_monday())
        - i64::from(target.weekday().num_days_from_monday());
    let thursday = add_days(target, to_thursday);
    (0..14)
        .flat_map(|k| [-k, k])
        .map(|k| add_days(thursday, 7 * k))
        .find(|d| *d >= start && *d <= end && is_meeting_day(cal, *d))
}

pub(crate) struct Schedule {
    /// One per quarter, in date order.
    pub(crate) ordinary: Vec<NaiveDate>,
    pub(crate) upcoming: NaiveDate,
    /// A recent extraordinary meeting whose minutes are out for comments now.
    pub(crate) extra: NaiveDate,
}

pub(crate) fn schedule(cal: &WorkingDayCalendar, today: NaiveDate) -> Option<Schedule> {
    let upcoming = upcoming(cal, today)?;
    let uq = Quarter::of(upcoming);
    let offset = upcoming.signed_duration_since(quarter_start(uq)).num_days();
    let first = previous_quarter(previous_quarter(uq));
    let last = next_quarter(uq);
    let mut q = Quarter::new(first.year(), 1)?;
    let mut ordinary = Vec::new();
    while q.year() <= last.year() {
        ordinary.push(if q == uq {
            upcoming
        } else {
            in_quarter(cal, q, offset)?
        });
        q = next_quarter(q);
    }
    let extra = cal.add_working_days(today, -7)?;
    Some(Schedule {
        ordinary,
        upcoming,
        extra,
    })
}
