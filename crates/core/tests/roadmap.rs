//! Coordination conflicts on the roadmap.

mod common;

use common::*;
use rstest::rstest;
use styrebord_core::ids::RoadmapItemId;
use styrebord_core::portfolio::{Criticality, PortfolioSystem};
use styrebord_core::roadmap::{coordination_conflicts, DateRange, RoadmapItem, RoadmapKind};
use uuid::Uuid;

fn system(code: &str, depends_on: &[&str]) -> PortfolioSystem {
    PortfolioSystem {
        decided_at: None,
        code: sys(code),
        name: code.into(),
        owner: org("DIGST"),
        description: String::new(),
        criticality: Criticality::High,
        depends_on: depends_on.iter().map(|c| sys(c)).collect(),
        critical_integrations: vec![],
    }
}

/// CPR <- MITID <- NEMLOGIN; LONE stands alone.
fn portfolio() -> Vec<PortfolioSystem> {
    vec![
        system("CPR", &[]),
        system("MITID", &["CPR"]),
        system("NEMLOGIN", &["MITID"]),
        system("LONE", &[]),
    ]
}

fn item_id(n: u128) -> RoadmapItemId {
    RoadmapItemId::from_uuid(Uuid::from_u128(n))
}

fn item(n: u128, code: &str, start: &str, end: &str) -> RoadmapItem {
    RoadmapItem {
        id: item_id(n),
        system: sys(code),
        title: format!("Ændring {n}"),
        kind: RoadmapKind::Change,
        window: DateRange {
            start: d(start),
            end: d(end),
        },
    }
}

/// (a, b, system a, system b, overlap start, overlap end) — as data, easy to read in a table.
type Row = (
    u128,
    u128,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn check(items: Vec<RoadmapItem>, expected: &[Row]) {
    let got: Vec<(u128, u128, String, String, String, String)> =
        coordination_conflicts(&items, &portfolio())
            .into_iter()
            .map(|c| {
                let n = |id: RoadmapItemId| id.as_uuid().as_u128();
                (
                    n(c.a),
                    n(c.b),
                    c.systems.0.to_string(),
                    c.systems.1.to_string(),
                    c.overlap.start.to_string(),
                    c.overlap.end.to_string(),
                )
            })
            .collect();
    let expected: Vec<_> = expected
        .iter()
        .map(|(a, b, sa, sb, s, e)| {
            (
                *a,
                *b,
                sa.to_string(),
                sb.to_string(),
                s.to_string(),
                e.to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected);
}

#[rstest]
#[case::direct_dependency_overlap(
    vec![item(1, "MITID", "2026-05-01", "2026-05-10"), item(2, "CPR", "2026-05-08", "2026-05-20")],
    &[(1, 2, "MITID", "CPR", "2026-05-08", "2026-05-10")])]
#[case::dependency_starting_first(
    vec![item(1, "CPR", "2026-05-01", "2026-05-10"), item(2, "NEMLOGIN", "2026-05-08", "2026-05-20")],
    &[(1, 2, "CPR", "NEMLOGIN", "2026-05-08", "2026-05-10")])]
#[case::transitive_dependency(
    vec![item(1, "NEMLOGIN", "2026-05-01", "2026-05-10"), item(2, "CPR", "2026-05-05", "2026-05-06")],
    &[(1, 2, "NEMLOGIN", "CPR", "2026-05-05", "2026-05-06")])]
#[case::one_day_touch_counts(
    vec![item(1, "MITID", "2026-05-01", "2026-05-10"), item(2, "CPR", "2026-05-10", "2026-05-20")],
    &[(1, 2, "MITID", "CPR", "2026-05-10", "2026-05-10")])]
#[case::adjacent_windows_do_not(
    vec![item(1, "MITID", "2026-05-01", "2026-05-10"), item(2, "CPR", "2026-05-11", "2026-05-20")],
    &[])]
#[case::same_system_is_not_a_conflict(
    vec![item(1, "MITID", "2026-05-01", "2026-05-10"), item(2, "MITID", "2026-05-05", "2026-05-20")],
    &[])]
#[case::unrelated_systems(
    vec![item(1, "MITID", "2026-05-01", "2026-05-10"), item(2, "LONE", "2026-05-05", "2026-05-20")],
    &[])]
#[case::inverted_window_overlaps_nothing(
    vec![item(1, "MITID", "2026-05-10", "2026-05-01"), item(2, "CPR", "2026-05-01", "2026-05-20")],
    &[])]
#[case::ordered_by_overlap_start_each_pair_once(
    vec![
        item(3, "NEMLOGIN", "2026-06-01", "2026-06-30"),
        item(1, "CPR", "2026-06-20", "2026-06-25"),
        item(2, "MITID", "2026-06-10", "2026-06-21"),
    ],
    &[
        (3, 2, "NEMLOGIN", "MITID", "2026-06-10", "2026-06-21"),
        (3, 1, "NEMLOGIN", "CPR", "2026-06-20", "2026-06-25"),
        (2, 1, "MITID", "CPR", "2026-06-20", "2026-06-21"),
    ])]
fn conflicts(#[case] items: Vec<RoadmapItem>, #[case] expected: &[Row]) {
    check(items, expected);
}

#[test]
fn input_order_does_not_matter() {
    let items = vec![
        item(3, "NEMLOGIN", "2026-06-01", "2026-06-30"),
        item(1, "CPR", "2026-06-20", "2026-06-25"),
        item(2, "MITID", "2026-06-10", "2026-06-21"),
        item(4, "CPR", "2026-06-01", "2026-06-02"),
    ];
    let forward = coordination_conflicts(&items, &portfolio());
    let mut reversed = items.clone();
    reversed.reverse();
    assert_eq!(coordination_conflicts(&reversed, &portfolio()), forward);
    assert_eq!(forward.len(), 4);
}

#[test]
fn dependency_cycle_terminates() {
    let systems = vec![system("A", &["B"]), system("B", &["A"])];
    let items = vec![
        item(1, "A", "2026-01-01", "2026-01-31"),
        item(2, "B", "2026-01-15", "2026-02-15"),
    ];
    assert_eq!(coordination_conflicts(&items, &systems).len(), 1);
}

/// The rules name critical integrations beside dependencies: two systems with a critical
/// integration between them are coordinated too, whichever side lists it.
#[rstest]
#[case::listed_by_the_first(0)]
#[case::listed_by_the_second(1)]
fn a_critical_integration_couples_two_systems(#[case] listed_by: usize) {
    use styrebord_core::portfolio::Integration;
    let mut systems = vec![system("LONE", &[]), system("DIGITALPOST", &[])];
    let (from, to) = if listed_by == 0 { (0, 1) } else { (1, 0) };
    let target = systems[to].code.clone();
    systems[from].critical_integrations.push(Integration {
        to: target,
        description: "Forsendelse af breve".into(),
    });
    let items = vec![
        item(1, "LONE", "2026-09-01", "2026-09-10"),
        item(2, "DIGITALPOST", "2026-09-05", "2026-09-20"),
    ];
    let conflicts = coordination_conflicts(&items, &systems);
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].overlap.start, d("2026-09-05"));
    // Without the integration they are unrelated.
    let unrelated = vec![system("LONE", &[]), system("DIGITALPOST", &[])];
    assert!(coordination_conflicts(&items, &unrelated).is_empty());
}
