//! Every vector of the committee's working-day test vectors (`tests/data/working-days.tsv`, a copy
//! of the product owner's shared/domain/working-days.tsv kept in the repository so a plain clone
//! tests itself), through the public API.

mod common;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use common::d;
use styrebord_core::calendar::{
    CalendarRules, Holiday, NonWorkingReason, Timeliness, WorkingDayCalendar,
};

const VECTORS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/working-days.tsv"
));

struct Vectors {
    non_working: BTreeMap<NaiveDate, String>,
    /// (meeting, material_due, minutes_draft_due)
    deadlines: Vec<(NaiveDate, NaiveDate, NaiveDate)>,
}

fn vectors() -> Vectors {
    let mut v = Vectors {
        non_working: BTreeMap::new(),
        deadlines: Vec::new(),
    };
    let mut section = "";
    for line in VECTORS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        match (section, cols.as_slice()) {
            ("[non-working weekdays]", [date, name]) => {
                v.non_working.insert(d(date), (*name).to_owned());
            }
            ("[deadlines]", ["meeting", ..]) => {} // header row
            ("[deadlines]", [meeting, material, minutes]) => {
                v.deadlines.push((d(meeting), d(material), d(minutes)));
            }
            _ => panic!("unexpected line in {section}: {line:?}"),
        }
    }
    assert!(
        v.non_working.len() > 40 && v.deadlines.len() > 10,
        "vectors not read"
    );
    v
}

/// "Constitution Day (grundlovsdag)" -> "Constitution Day".
fn english_name(tsv_name: &str) -> &str {
    tsv_name.split(" (").next().unwrap_or(tsv_name).trim()
}

#[test]
fn every_listed_non_working_weekday_has_its_reason() {
    let cal = WorkingDayCalendar::default();
    for (date, name) in vectors().non_working {
        assert!(
            !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
            "{date} in tsv"
        );
        let reason = cal.non_working_reason(date);
        let Some(NonWorkingReason::Holiday(h)) = reason else {
            panic!("{date} ({name}) should be a holiday, got {reason:?}");
        };
        assert_eq!(h.name_en(), english_name(&name), "{date}");
    }
}

#[test]
fn every_other_weekday_2023_to_2027_is_working() {
    let cal = WorkingDayCalendar::default();
    let listed = vectors().non_working;
    let mut checked = 0;
    for date in d("2023-01-01")
        .iter_days()
        .take_while(|x| *x <= d("2027-12-31"))
    {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            assert!(!cal.is_working_day(date), "{date} is a weekend day");
        } else if !listed.contains_key(&date) {
            assert!(
                cal.is_working_day(date),
                "{date}: {:?}",
                cal.non_working_reason(date)
            );
            checked += 1;
        }
    }
    assert!(checked > 1200, "only {checked} weekdays checked");
}

#[test]
fn every_deadline_row_matches() {
    let cal = WorkingDayCalendar::default();
    for (meeting, material, minutes) in vectors().deadlines {
        assert_eq!(
            cal.material_due(meeting),
            material,
            "material_due({meeting})"
        );
        assert_eq!(
            cal.minutes_draft_due(meeting),
            minutes,
            "minutes_draft_due({meeting})"
        );
        assert_eq!(
            cal.material_lateness(meeting, material),
            Timeliness::OnTime,
            "{meeting}"
        );
        let next = cal.add_working_days(material, 1).unwrap_or(material);
        assert_eq!(
            cal.material_lateness(meeting, next),
            Timeliness::Late { working_days: 1 },
            "{meeting}"
        );
    }
}

#[test]
fn the_rules_worked_example() {
    // RULES.md: meeting Thursday 26 Nov 2026 -> material Wednesday 18 Nov, draft Thursday 10 Dec.
    let cal = WorkingDayCalendar::default();
    assert_eq!(cal.material_due(d("2026-11-26")), d("2026-11-18"));
    assert_eq!(cal.minutes_draft_due(d("2026-11-26")), d("2026-12-10"));
}

fn without_custom_days() -> WorkingDayCalendar {
    WorkingDayCalendar::new(CalendarRules {
        custom_days_off: false,
        ..CalendarRules::default()
    })
}

#[test]
fn switching_custom_days_off_off_makes_them_working_days() {
    let cal = without_custom_days();
    for (date, name) in vectors().non_working {
        let custom = Holiday::ALL
            .iter()
            .any(|h| h.is_custom() && h.name_en() == english_name(&name));
        assert_eq!(cal.is_working_day(date), custom, "{date} {name}");
    }
    assert!(cal.is_working_day(d("2026-12-24")));
    // ...which moves deadlines: 24 and 31 Dec now count, so 2026-12-16's draft (2027-01-05 by
    // default) is due on New Year's Eve.
    assert_eq!(cal.minutes_draft_due(d("2026-12-16")), d("2026-12-31"));
}

#[test]
fn notice_periods_are_configurable() {
    let cal = WorkingDayCalendar::new(CalendarRules {
        material_notice_working_days: 10,
        minutes_draft_working_days: 5,
        ..CalendarRules::default()
    });
    assert_eq!(cal.material_due(d("2026-11-26")), d("2026-11-12"));
    assert_eq!(cal.minutes_draft_due(d("2026-11-26")), d("2026-12-03"));
}

#[test]
fn adding_and_counting_agree_on_every_working_day_pair() {
    // For working days a <= b: add_working_days(a, between(a, b)) == b, and back again.
    let cal = WorkingDayCalendar::default();
    let days: Vec<NaiveDate> = d("2026-11-01")
        .iter_days()
        .take(90)
        .filter(|x| cal.is_working_day(*x))
        .collect();
    for a in &days {
        for b in days.iter().filter(|b| *b >= a) {
            let n = cal.working_days_between(*a, *b);
            assert_eq!(cal.add_working_days(*a, i64::from(n)), Some(*b), "{a}..{b}");
            assert_eq!(
                cal.add_working_days(*b, -i64::from(n)),
                Some(*a),
                "{b}..{a}"
            );
        }
    }
}
