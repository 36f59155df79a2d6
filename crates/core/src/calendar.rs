//! The working-day calendar (arbejdsdage) of RULES.md, and the deadlines counted in it.
//!
//! A working day is Monday–Friday that is neither a Danish public holiday nor, when
//! [`CalendarRules::custom_days_off`] is on, a customary state-sector day off. The rule table lives
//! here on purpose: generic holiday crates still list Store bededag after 2023 or add bank days.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The committee's day at the instant `now`: the date in Copenhagen. Every "today" — the
/// app's, the hub's, the calendar export's — is this one clock, whatever zone a laptop is set
/// to (a member at a conference abroad still has Danish deadlines).
pub fn committee_today(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&chrono_tz::Europe::Copenhagen)
        .date_naive()
}

/// Store bededag was abolished by law from 2024; 2023 is the last year it is a holiday.
const LAST_YEAR_OF_STORE_BEDEDAG: i32 = 2023;

/// The committee's configurable calendar settings. `Default` is Driftsstyregruppen's.
/// Missing fields deserialize to their defaults, so a committee states only what differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalendarRules {
    /// Count grundlovsdag, juleaftensdag and nytårsaftensdag as days off. On by default because
    /// that gives members the longer notice; they are not holidays by law.
    pub custom_days_off: bool,
    /// Material is due this many working days before the meeting (the meeting day not counted).
    pub material_notice_working_days: u32,
    /// The minutes draft is due this many working days after the meeting.
    pub minutes_draft_working_days: u32,
}

impl Default for CalendarRules {
    fn default() -> Self {
        Self {
            custom_days_off: true,
            material_notice_working_days: 6,
            minutes_draft_working_days: 10,
        }
    }
}

/// A named day that is not a working day (when it falls on a weekday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    NewYearsDay,
    MaundyThursday,
    GoodFriday,
    EasterSunday,
    EasterMonday,
    /// Only up to and including 2023.
    GreatPrayerDay,
    AscensionDay,
    WhitSunday,
    WhitMonday,
    /// Custom day off (switchable).
    ConstitutionDay,
    /// Custom day off (switchable).
    ChristmasEve,
    ChristmasDay,
    SecondChristmasDay,
    /// Custom day off (switchable).
    NewYearsEve,
}

impl Holiday {
    pub const ALL: [Holiday; 14] = [
        Holiday::NewYearsDay,
        Holiday::MaundyThursday,
        Holiday::GoodFriday,
        Holiday::EasterSunday,
        Holiday::EasterMonday,
        Holiday::GreatPrayerDay,
        Holiday::AscensionDay,
        Holiday::WhitSunday,
        Holiday::WhitMonday,
        Holiday::ConstitutionDay,
        Holiday::ChristmasEve,
        Holiday::ChristmasDay,
        Holiday::SecondChristmasDay,
        Holiday::NewYearsEve,
    ];

    pub const fn name_da(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "nytårsdag",
            Holiday::MaundyThursday => "skærtorsdag",
            Holiday::GoodFriday => "langfredag",
            Holiday::EasterSunday => "påskedag",
            Holiday::EasterMonday => "2. påskedag",
            Holiday::GreatPrayerDay => "store bededag",
            Holiday::AscensionDay => "Kristi himmelfartsdag",
            Holiday::WhitSunday => "pinsedag",
            Holiday::WhitMonday => "2. pinsedag",
            Holiday::ConstitutionDay => "grundlovsdag",
            Holiday::ChristmasEve => "juleaftensdag",
            Holiday::ChristmasDay => "juledag",
            Holiday::SecondChristmasDay => "2. juledag",
            Holiday::NewYearsEve => "nytårsaftensdag",
        }
    }

    pub const fn name_en(self) -> &'static str {
        match self {
            Holiday::NewYearsDay => "New Year's Day",
            Holiday::MaundyThursday => "Maundy Thursday",
            Holiday::GoodFriday => "Good Friday",
            Holiday::EasterSunday => "Easter Sunday",
            Holiday::EasterMonday => "Easter Monday",
            Holiday::GreatPrayerDay => "Great Prayer Day",
            Holiday::AscensionDay => "Ascension Day",
            Holiday::WhitSunday => "Pentecost",
            Holiday::WhitMonday => "Pentecost Monday",
            Holiday::ConstitutionDay => "Constitution Day",
            Holiday::ChristmasEve => "Christmas Eve",
            Holiday::ChristmasDay => "Christmas Day",
            Holiday::SecondChristmasDay => "Second Day of Christmas",
            Holiday::NewYearsEve => "New Year's Eve",
        }
    }

    /// A day off by custom in the state sector, not by law; switched by
    /// [`CalendarRules::custom_days_off`].
    pub const fn is_custom(self) -> bool {
        matches!(
            self,
            Holiday::ConstitutionDay | Holiday::ChristmasEve | Holiday::NewYearsEve
        )
    }
}

/// Why a date is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "holiday")]
pub enum NonWorkingReason {
    /// A holiday or day off (reported even when it falls on a weekend: more telling).
    Holiday(Holiday),
    Weekend,
}

/// Whether meeting material was published in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Timeliness {
    OnTime,
    /// Published this many working days after the due day.
    Late {
        working_days: u32,
    },
}

/// Easter Sunday (Gregorian, western) — the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
///
/// `None` only for years outside chrono's range. Euclidean division keeps it total for any year.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let month = (h + l - 7 * m + 114).div_euclid(31);
    let day = (h + l - 7 * m + 114).rem_euclid(31) + 1;
    // month is 3 or 4 and day 1..=31 by construction, so the casts cannot truncate.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// ISO 8601 week number and its ISO year (which differs from the calendar year around New Year).
pub fn iso_week(date: NaiveDate) -> (i32, u32) {
    let w = date.iso_week();
    (w.year(), w.week())
}

/// The working-day calendar under a committee's [`CalendarRules`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkingDayCalendar {
    rules: CalendarRules,
}

impl WorkingDayCalendar {
    pub const fn new(rules: CalendarRules) -> Self {
        Self { rules }
    }

    pub const fn rules(&self) -> &CalendarRules {
        &self.rules
    }

    /// The holiday or day off on `date` under these rules, whatever the weekday.
    pub fn holiday(&self, date: NaiveDate) -> Option<Holiday> {
        let fixed = match (date.month(), date.day()) {
            (1, 1) => Some(Holiday::NewYearsDay),
            (6, 5) => Some(Holiday::ConstitutionDay),
            (12, 24) => Some(Holiday::ChristmasEve),
            (12, 25) => Some(Holiday::ChristmasDay),
            (12, 26) => Some(Holiday::SecondChristmasDay),
            (12, 31) => Some(Holiday::NewYearsEve),
            _ => None,
        };
        let found = fixed.or_else(|| easter_holiday(date));
        found.filter(|h| self.rules.custom_days_off || !h.is_custom())
    }

    /// `None` for a working day; otherwise why not.
    pub fn non_working_reason(&self, date: NaiveDate) -> Option<NonWorkingReason> {
        if let Some(h) = self.holiday(date) {
            return Some(NonWorkingReason::Holiday(h));
        }
        match date.weekday() {
            Weekday::Sat | Weekday::Sun => Some(NonWorkingReason::Weekend),
            _ => None,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.non_working_reason(date).is_none()
    }

    /// The `n`th working day after `from` (before it when `n` is negative); `from` itself is not
    /// counted, and `n == 0` gives `from` unchanged. `None` only past the end of chrono's calendar.
    pub fn add_working_days(&self, from: NaiveDate, n: i64) -> Option<NaiveDate> {
        let mut date = from;
        for _ in 0..n.unsigned_abs() {
            loop {
                date = if n > 0 {
                    date.checked_add_days(Days::new(1))?
                } else {
                    date.checked_sub_days(Days::new(1))?
                };
                if self.is_working_day(date) {
                    break;
                }
            }
        }
        Some(date)
    }

    /// The number of working days `d` with `a <= d < b` (0 when `b <= a`).
    ///
    /// Half-open so that for working days `a <= b`, `add_working_days(a, between(a, b)) == b`, and
    /// so that publishing on a Saturday after a Friday deadline counts as one day late.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        let mut count = 0u32;
        for date in a.iter_days().take_while(|d| *d < b) {
            if self.is_working_day(date) {
                count = count.saturating_add(1);
            }
        }
        count
    }

    /// Material is due on the `material_notice_working_days`th working day before the meeting.
    /// Saturates at chrono's earliest date, which no meeting comes near.
    pub fn material_due(&self, meeting_date: NaiveDate) -> NaiveDate {
        let n = i64::from(self.rules.material_notice_working_days);
        self.add_working_days(meeting_date, -n)
            .unwrap_or(NaiveDate::MIN)
    }

    /// The minutes draft is due on the `minutes_draft_working_days`th working day after the
    /// meeting. Saturates at chrono's latest date.
    pub fn minutes_draft_due(&self, meeting_date: NaiveDate) -> NaiveDate {
        let n = i64::from(self.rules.minutes_draft_working_days);
        self.add_working_days(meeting_date, n)
            .unwrap_or(NaiveDate::MAX)
    }

    /// On time when sent on or before [`Self::minutes_draft_due`]; otherwise late by the number
    /// of working days in `[due, sent_on)`.
    pub fn minutes_lateness(&self, meeting_date: NaiveDate, sent_on: NaiveDate) -> Timeliness {
        let due = self.minutes_draft_due(meeting_date);
        if sent_on <= due {
            return Timeliness::OnTime;
        }
        Timeliness::Late {
            working_days: self.working_days_between(due, sent_on),
        }
    }

    /// On time when published on or before [`Self::material_due`]; otherwise late by the number
    /// of working days in `[due, published_on)` — the notice members lost.
    pub fn material_lateness(
        &self,
        meeting_date: NaiveDate,
        published_on: NaiveDate,
    ) -> Timeliness {
        let due = self.material_due(meeting_date);
        if published_on <= due {
            return Timeliness::OnTime;
        }
        Timeliness::Late {
            working_days: self.working_days_between(due, published_on),
        }
    }
}

/// Holidays that move with Easter (offsets in days from Easter Sunday).
fn easter_holiday(date: NaiveDate) -> Option<Holiday> {
    let easter = easter_sunday(date.year())?;
    match date.signed_duration_since(easter).num_days() {
        -3 => Some(Holiday::MaundyThursday),
        -2 => Some(Holiday::GoodFriday),
        0 => Some(Holiday::EasterSunday),
        1 => Some(Holiday::EasterMonday),
        26 if date.year() <= LAST_YEAR_OF_STORE_BEDEDAG => Some(Holiday::GreatPrayerDay),
        39 => Some(Holiday::AscensionDay),
        49 => Some(Holiday::WhitSunday),
        50 => Some(Holiday::WhitMonday),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[rstest]
    // 23:30 UTC in winter is already tomorrow in Copenhagen (UTC+1) …
    #[case("2026-12-31T23:30:00Z", "2027-01-01")]
    // … and 22:30 UTC in summer too (UTC+2), but 21:30 UTC is still today.
    #[case("2026-06-30T22:30:00Z", "2026-07-01")]
    #[case("2026-06-30T21:30:00Z", "2026-06-30")]
    fn today_is_the_day_in_copenhagen(#[case] utc: &str, #[case] day: &str) {
        let now = chrono::DateTime::parse_from_rfc3339(utc)
            .expect("instant")
            .with_timezone(&chrono::Utc);
        assert_eq!(committee_today(now), d(day));
    }

    #[rstest]
    #[case(1818, "1818-03-22")] // earliest possible
    #[case(1943, "1943-04-25")] // latest possible
    #[case(2000, "2000-04-23")]
    #[case(2008, "2008-03-23")]
    #[case(2019, "2019-04-21")]
    #[case(2023, "2023-04-09")]
    #[case(2024, "2024-03-31")]
    #[case(2025, "2025-04-20")]
    #[case(2026, "2026-04-05")]
    #[case(2027, "2027-03-28")]
    #[case(2038, "2038-04-25")]
    fn easter(#[case] year: i32, #[case] expected: &str) {
        assert_eq!(easter_sunday(year), Some(d(expected)));
    }

    #[test]
    fn easter_is_total() {
        for year in [-5000, -1, 0, 1, 262_000] {
            let e = easter_sunday(year).expect("in chrono range");
            assert_eq!(e.weekday(), Weekday::Sun, "{year}");
        }
    }

    #[rstest]
    #[case("2023-05-05", Some(Holiday::GreatPrayerDay))]
    #[case("2024-04-26", None)] // abolished from 2024
    #[case("2022-05-13", Some(Holiday::GreatPrayerDay))]
    #[case("2026-04-05", Some(Holiday::EasterSunday))]
    #[case("2026-05-24", Some(Holiday::WhitSunday))]
    #[case("2026-05-01", None)] // 1 May is an ordinary working day
    #[case("2026-05-15", None)] // so is the Friday after Ascension
    #[case("2026-12-26", Some(Holiday::SecondChristmasDay))]
    fn holidays(#[case] date: &str, #[case] expected: Option<Holiday>) {
        assert_eq!(WorkingDayCalendar::default().holiday(d(date)), expected);
    }

    #[rstest]
    #[case("2026-06-05", true, false)]
    #[case("2026-06-05", false, true)]
    #[case("2026-12-24", false, true)]
    #[case("2026-12-31", false, true)]
    #[case("2026-12-25", false, false)] // a real holiday stays off
    fn custom_days_off_switch(#[case] date: &str, #[case] custom: bool, #[case] working: bool) {
        let cal = WorkingDayCalendar::new(CalendarRules {
            custom_days_off: custom,
            ..CalendarRules::default()
        });
        assert_eq!(cal.is_working_day(d(date)), working);
    }

    #[rstest]
    #[case("2026-11-26", 0, "2026-11-26")]
    #[case("2026-11-26", -6, "2026-11-18")]
    #[case("2026-11-26", 10, "2026-12-10")]
    #[case("2026-11-28", 1, "2026-11-30")] // from a Saturday
    #[case("2026-04-01", 1, "2026-04-07")] // over Easter
    fn adding(#[case] from: &str, #[case] n: i64, #[case] expected: &str) {
        let cal = WorkingDayCalendar::default();
        assert_eq!(cal.add_working_days(d(from), n), Some(d(expected)));
    }

    #[test]
    fn adding_at_the_end_of_time_is_none_not_a_panic() {
        let cal = WorkingDayCalendar::default();
        assert_eq!(cal.add_working_days(NaiveDate::MAX, 1), None);
        assert_eq!(cal.add_working_days(NaiveDate::MIN, -1), None);
        assert_eq!(cal.material_due(NaiveDate::MIN), NaiveDate::MIN);
    }

    #[rstest]
    #[case("2026-11-18", "2026-11-18", 0)]
    #[case("2026-11-18", "2026-11-26", 6)]
    #[case("2026-11-26", "2026-11-18", 0)]
    #[case("2026-11-20", "2026-11-21", 1)] // Fri -> Sat
    #[case("2026-11-21", "2026-11-23", 0)] // weekend only
    fn between(#[case] a: &str, #[case] b: &str, #[case] expected: u32) {
        assert_eq!(
            WorkingDayCalendar::default().working_days_between(d(a), d(b)),
            expected
        );
    }

    #[rstest]
    #[case("2026-11-18", Timeliness::OnTime)] // on the due day
    #[case("2026-11-02", Timeliness::OnTime)]
    #[case("2026-11-19", Timeliness::Late { working_days: 1 })]
    #[case("2026-11-21", Timeliness::Late { working_days: 3 })] // a Saturday
    #[case("2026-11-26", Timeliness::Late { working_days: 6 })] // on the meeting day
    #[case("2026-11-27", Timeliness::Late { working_days: 7 })] // after the meeting
    fn lateness(#[case] published: &str, #[case] expected: Timeliness) {
        let cal = WorkingDayCalendar::default();
        assert_eq!(
            cal.material_lateness(d("2026-11-26"), d(published)),
            expected
        );
    }

    #[test]
    fn names_are_present_and_distinct() {
        let mut da: Vec<_> = Holiday::ALL.iter().map(|h| h.name_da()).collect();
        let mut en: Vec<_> = Holiday::ALL.iter().map(|h| h.name_en()).collect();
        da.sort_unstable();
        da.dedup();
        en.sort_unstable();
        en.dedup();
        assert_eq!((da.len(), en.len()), (14, 14));
    }

    #[test]
    fn iso_week_crosses_years() {
        assert_eq!(iso_week(d("2026-11-26")), (2026, 48));
        assert_eq!(iso_week(d("2027-01-01")), (2026, 53));
    }
}
