//! The demo dataset obeys core's rules, for several values of "today".

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use styrebord_core::calendar::Timeliness;
use styrebord_core::escalation::check_ready_for_pstg;
use styrebord_core::meeting::{MeetingKind, MeetingStatus};
use styrebord_core::minutes::MinutesState;
use styrebord_core::org::Role;
use styrebord_core::plan::{annual_plan_check, material_timeliness};
use styrebord_core::portfolio::missing_statuses;
use styrebord_core::procedure::{outcome, Outcome};
use styrebord_core::roadmap::coordination_conflicts;
use styrebord_demo::{demo_dataset, DemoDataset, MISSING_IN_LATEST};
use styrebord_pdf::{extract_text, Fonts};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS
        .get_or_init(|| Fonts::from_system().expect("install fonts-liberation2 to run these tests"))
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

/// Dates around year ends, Easter, the summer holiday and Christmas, and an ordinary day.
const TODAYS: &[&str] = &[
    "2026-11-26",
    "2026-06-15",
    "2027-01-04",
    "2026-03-30",
    "2026-07-01",
    "2026-12-21",
    "2028-02-29",
];

fn dataset(today: &str) -> DemoDataset {
    demo_dataset(date(today), fonts()).unwrap_or_else(|e| panic!("demo for {today}: {e}"))
}

/// Built once and shared by the tests (generation takes a while in a debug build).
fn for_each_today(check: impl Fn(&DemoDataset)) {
    static ALL: OnceLock<Vec<DemoDataset>> = OnceLock::new();
    for d in ALL.get_or_init(|| TODAYS.iter().map(|t| dataset(t)).collect()) {
        check(d);
    }
}

#[test]
fn deterministic_for_a_given_today() {
    let a = dataset("2026-11-26");
    let b = dataset("2026-11-26");
    assert_eq!(a, b);
    assert_ne!(
        a,
        dataset("2026-11-27"),
        "a different day moves the deadlines"
    );
}

#[test]
fn thirteen_organisations_one_member_each() {
    for_each_today(|d| {
        assert_eq!(d.composition.organisations.len(), 13);
        for o in &d.composition.organisations {
            let members: Vec<_> = d
                .people
                .iter()
                .filter(|p| p.org == o.code && p.role.is_appointed_member())
                .collect();
            assert_eq!(members.len(), 1, "{}", o.code);
            assert!(members[0].email.contains('@'));
        }
        let chair: Vec<_> = d.people.iter().filter(|p| p.role == Role::Chair).collect();
        assert_eq!(chair.len(), 1);
        assert_eq!(chair[0].org, d.composition.chair);
        assert!(d
            .people
            .iter()
            .any(|p| p.role == Role::Secretariat && p.org == d.composition.secretariat));
        assert_eq!(
            d.people.iter().filter(|p| p.role == Role::Observer).count(),
            1
        );
        let ids: BTreeSet<_> = d.people.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), d.people.len());
    });
}

#[test]
fn every_year_has_four_ordinary_meetings_around_today() {
    for_each_today(|d| {
        let years: BTreeSet<i32> = d.meetings.iter().map(|m| m.date.year()).collect();
        for year in years {
            let warning =
                annual_plan_check(year, &d.meetings, d.composition.ordinary_meetings_per_year);
            assert_eq!(warning, None, "{} (today {})", year, d.today);
        }
        let ordinary: Vec<_> = d
            .meetings
            .iter()
            .filter(|m| m.kind == MeetingKind::Ordinary)
            .collect();
        let held = ordinary
            .iter()
            .filter(|m| m.status == MeetingStatus::Held)
            .count();
        assert!(held >= 2, "two past meetings (today {})", d.today);
        assert!(ordinary
            .iter()
            .all(|m| (m.status == MeetingStatus::Held) == (m.date < d.today)));
        let upcoming = d.upcoming_meeting().expect("an upcoming meeting");
        let days = (upcoming.date - d.today).num_days();
        // 2–4 weeks, or up to 6 when the summer or Christmas holidays are in the way.
        assert!(
            (14..=42).contains(&days),
            "upcoming in {days} days (today {})",
            d.today
        );
        assert!(ordinary
            .iter()
            .any(|m| m.status == MeetingStatus::Planned && m.date > upcoming.date));
        assert!(
            d.meetings.windows(2).all(|w| w[0].date <= w[1].date),
            "sorted"
        );
        assert!(d.meetings.iter().all(|m| !m.location.is_empty()));
    });
}

#[test]
fn each_meeting_has_three_to_six_numbered_items() {
    for_each_today(|d| {
        for m in &d.meetings {
            // A meeting still only planned has its draft agenda; the approval of the previous
            // minutes joins it when those are sent for comments.
            let fewest = if m.status == MeetingStatus::Planned {
                2
            } else {
                3
            };
            let numbers: Vec<u32> = d
                .agenda_items
                .iter()
                .filter(|i| i.meeting == m.id)
                .map(|i| i.number)
                .collect();
            assert!(
                (fewest..=6).contains(&numbers.len()),
                "{} has {} items",
                m.date,
                numbers.len()
            );
            assert_eq!(numbers, (1..=numbers.len() as u32).collect::<Vec<_>>());
        }
    });
}

#[test]
fn minutes_are_approved_at_the_next_ordinary_meeting() {
    for_each_today(|d| {
        let by_meeting: BTreeMap<_, _> = d.minutes.iter().map(|m| (m.draft.meeting, m)).collect();
        for m in d
            .meetings
            .iter()
            .filter(|m| m.status == MeetingStatus::Held)
        {
            let minutes = by_meeting.get(&m.id).expect("held meetings have minutes");
            for item in d.agenda_items.iter().filter(|i| i.meeting == m.id) {
                assert!(minutes.draft.covers(item.id), "a decision per item");
            }
            assert!(
                minutes.round.opens <= d.calendar().minutes_draft_due(m.date),
                "draft in time"
            );
            let approver = d
                .meetings
                .iter()
                .find(|x| Some(x.id) == minutes.approved_at)
                .expect("approver");
            let title = format!(
                "Godkendelse af referat fra mødet den {}",
                styrebord_core::text::long_date_da(m.date)
            );
            assert!(
                d.agenda_items
                    .iter()
                    .any(|i| i.meeting == approver.id && i.title == title),
                "{title}"
            );
        }
        let approved = d
            .minutes
            .iter()
            .filter(|m| m.draft.state == MinutesState::Approved)
            .count();
        assert!(approved >= 1, "today {}", d.today);
        assert!(d
            .minutes
            .iter()
            .any(|m| m.draft.state == MinutesState::CommentRoundOpen));
        assert!(d.minutes.iter().filter(|m| !m.comments.is_empty()).count() >= 2);
        for c in d.minutes.iter().flat_map(|m| &m.comments) {
            assert!(c.written_on <= d.today);
        }
    });
}

#[test]
fn approved_minutes_keep_the_draft_text_when_a_comment_changed_it() {
    for_each_today(|d| {
        let amended: Vec<_> = d
            .minutes
            .iter()
            .filter(|m| m.draft_decisions.is_some())
            .collect();
        assert!(!amended.is_empty(), "today {}", d.today);
        for m in amended {
            assert_eq!(m.draft.state, MinutesState::Approved);
            let sent = m.draft_decisions.as_ref().unwrap();
            assert_eq!(sent.len(), m.draft.decisions.len());
            let changed: Vec<_> = sent
                .iter()
                .zip(&m.draft.decisions)
                .filter(|(a, b)| {
                    assert_eq!(a.agenda_item, b.agenda_item, "same items in the same order");
                    a.text != b.text
                })
                .collect();
            assert!((1..=2).contains(&changed.len()), "{changed:?}");
            // Each change incorporates a comment made on that item.
            for (a, _) in changed {
                assert!(m.comments.iter().any(|c| c.agenda_item == a.agenda_item));
            }
        }
        for m in d
            .minutes
            .iter()
            .filter(|m| m.draft.state != MinutesState::Approved)
        {
            assert!(m.draft_decisions.is_none());
        }
    });
}

#[test]
fn documents_are_real_pdfs_with_their_title_inside() {
    let d = dataset("2026-11-26");
    assert!(d.documents.len() >= 10);
    let _ = &d;
    for doc in &d.documents {
        use sha2::Digest;
        let hex: String = sha2::Sha256::digest(&doc.bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(doc.document.sha256.as_str(), hex);
        assert_eq!(doc.document.size_bytes, doc.bytes.len() as u64);
        assert_eq!(doc.document.mime, "application/pdf");
        assert!(doc.document.published_on <= d.today);
        let pages = extract_text(&doc.bytes).expect("extractable");
        assert!(
            (1..=4).contains(&pages.len()),
            "{}: {} pages",
            doc.document.title,
            pages.len()
        );
        let text = pages
            .join(" ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            text.contains(&doc.document.title),
            "{} not in its text",
            doc.document.title
        );
        assert!(
            text.split_whitespace().count() > 80,
            "{} has real prose",
            doc.document.title
        );
    }
    let v2 = d
        .documents
        .iter()
        .find(|x| x.document.version == 2)
        .expect("a version 2");
    let v1 = d
        .documents
        .iter()
        .find(|x| x.document.id == v2.document.id && x.document.version == 1)
        .expect("its version 1");
    assert_ne!(v1.document.sha256, v2.document.sha256);
    assert!(v1.document.published_on <= v2.document.published_on);
    let all_text: String = d
        .documents
        .iter()
        .flat_map(|x| extract_text(&x.bytes).unwrap_or_default())
        .collect();
    for word in [
        "Økonomiforum",
        "Driftsstyregruppen",
        "«",
        "–",
        "æ",
        "ø",
        "å",
    ] {
        assert!(all_text.contains(word), "{word}");
    }
}

#[test]
fn material_is_on_time_for_ordinary_meetings() {
    for_each_today(|d| {
        let cal = d.calendar();
        let docs: Vec<_> = d.documents.iter().map(|x| x.document.clone()).collect();
        let upcoming = d.upcoming_meeting().expect("upcoming");
        assert_eq!(
            material_timeliness(&cal, upcoming, &docs),
            Some(Timeliness::OnTime),
            "today {}",
            d.today
        );
        assert!(
            docs.iter()
                .filter(|x| x.meeting == Some(upcoming.id))
                .count()
                >= 4
        );
        for m in d
            .meetings
            .iter()
            .filter(|m| m.kind == MeetingKind::Ordinary)
        {
            let t = material_timeliness(&cal, m, &docs);
            match m.status {
                MeetingStatus::Planned => assert_eq!(t, None),
                _ => assert_eq!(t, Some(Timeliness::OnTime), "{}", m.date),
            }
        }
        // The extraordinary meeting was called at short notice: its material is late.
        let extra = d
            .meetings
            .iter()
            .find(|m| m.kind == MeetingKind::Extra)
            .expect("extra");
        assert!(matches!(
            material_timeliness(&cal, extra, &docs),
            Some(Timeliness::Late { .. })
        ));
    });
}

#[test]
fn portfolio_graph_has_no_dangling_references() {
    let d = dataset("2026-11-26");
    assert!((15..=20).contains(&d.systems.len()));
    let codes: BTreeSet<_> = d.systems.iter().map(|s| s.code.clone()).collect();
    assert_eq!(codes.len(), d.systems.len(), "unique codes");
    for s in &d.systems {
        assert!(
            d.composition.organisation(&s.owner).is_some(),
            "{} owner",
            s.code
        );
        for dep in &s.depends_on {
            assert!(codes.contains(dep), "{} -> {dep}", s.code);
            assert_ne!(dep, &s.code);
        }
        for i in &s.critical_integrations {
            assert!(codes.contains(&i.to), "{} integrates {}", s.code, i.to);
        }
    }
    for r in &d.roadmap {
        assert!(codes.contains(&r.system));
    }
    for i in &d.agenda_items {
        assert!(i.systems.iter().all(|s| codes.contains(s)), "{}", i.title);
    }
    let borger = d
        .systems
        .iter()
        .find(|s| s.code.as_str() == "BORGER-DK")
        .expect("borger.dk");
    let upstream = styrebord_core::portfolio::depends_on_transitively(&borger.code, &d.systems);
    assert!(
        upstream.iter().any(|c| c.as_str() == "MITID"),
        "borger.dk -> NemLog-in -> MitID"
    );
}

#[test]
fn one_system_lacks_status_in_the_latest_quarter() {
    for_each_today(|d| {
        let latest = d.latest_status_quarter();
        let missing = missing_statuses(&d.systems, &d.statuses, latest);
        assert_eq!(
            missing.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            [MISSING_IN_LATEST]
        );
        let quarters: BTreeSet<_> = d.statuses.iter().map(|s| s.quarter).collect();
        assert!(quarters.len() >= 4);
        assert_eq!(quarters.last(), Some(&latest));
        for q in quarters.iter().filter(|q| **q != latest) {
            assert!(missing_statuses(&d.systems, &d.statuses, *q).is_empty());
        }
        assert!(d.statuses.iter().any(
            |s| s.quarter == latest && s.light == styrebord_core::portfolio::TrafficLight::Red
        ));
        assert!(d
            .statuses
            .iter()
            .all(|s| (90.0..=100.0).contains(&s.availability_percent)));
    });
}

#[test]
fn the_roadmap_has_a_coordination_conflict() {
    for_each_today(|d| {
        let conflicts = coordination_conflicts(&d.roadmap, &d.systems);
        assert!(conflicts.len() >= 2, "{conflicts:?}");
        let pairs: BTreeSet<(&str, &str)> = conflicts
            .iter()
            .map(|c| (c.systems.0.as_str(), c.systems.1.as_str()))
            .collect();
        assert!(pairs.contains(&("NEMLOG-IN", "MITID")), "{pairs:?}");
        assert!(!pairs
            .iter()
            .any(|p| *p == ("FMK", "DATAFORDELER") || *p == ("DATAFORDELER", "FMK")));
        assert!(d.roadmap.iter().all(|r| r.window.start <= r.window.end));
    });
}

#[test]
fn escalation_is_ready_for_pstg_with_forum_approval() {
    for_each_today(|d| {
        assert_eq!(d.escalations.len(), 1);
        let e = &d.escalations[0];
        assert!(e.needs_funds && e.economic_forum_approval.is_some());
        assert_eq!(check_ready_for_pstg(e), Ok(()));
        let item = d
            .agenda_items
            .iter()
            .find(|i| Some(i.id) == e.agenda_item)
            .expect("on the agenda");
        assert_eq!(item.escalation, Some(e.id));
        assert_eq!(Some(item.meeting), d.upcoming_meeting().map(|m| m.id));
    });
}

#[test]
fn written_procedures_one_open_one_adopted() {
    for_each_today(|d| {
        let outcomes: Vec<Outcome> = d
            .written_procedures
            .iter()
            .map(|p| outcome(p, d.today))
            .collect();
        assert_eq!(
            outcomes,
            [Outcome::Open, Outcome::Adopted],
            "today {}",
            d.today
        );
        let open = &d.written_procedures[0];
        assert!(open.deadline > d.today && open.responses.len() >= 3);
        assert!(open.responses.iter().all(|r| r.given_on <= d.today));
    });
}

#[test]
fn registrations_a_substitute_and_an_observer_for_the_upcoming_meeting() {
    for_each_today(|d| {
        let upcoming = d.upcoming_meeting().expect("upcoming");
        let regs: Vec<_> = d
            .registrations
            .iter()
            .filter(|r| r.meeting == upcoming.id)
            .collect();
        assert_eq!(regs.len(), 2);
        let observer = d
            .people
            .iter()
            .find(|p| p.role == Role::Observer)
            .expect("observer");
        assert!(regs.iter().any(|r| r.person == Some(observer.id)));
    });
}
