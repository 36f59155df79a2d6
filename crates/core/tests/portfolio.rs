//! Dependency impact and quarterly status.

mod common;

use std::collections::BTreeSet;

use common::*;
use rstest::rstest;
use styrebord_core::ids::SystemId;
use styrebord_core::portfolio::{
    depends_on_transitively, impact_of, missing_statuses, Criticality, PortfolioSystem, Quarter,
    QuarterlyStatus, TrafficLight,
};

fn system(code: &str, depends_on: &[&str]) -> PortfolioSystem {
    PortfolioSystem {
        decided_at: None,
        code: sys(code),
        name: code.to_lowercase(),
        owner: org("DIGST"),
        description: String::new(),
        criticality: Criticality::High,
        depends_on: depends_on.iter().map(|c| sys(c)).collect(),
        critical_integrations: vec![],
    }
}

/// CPR <- MITID <- NEMLOGIN <- BORGERDK, NEMLOGIN <- DIGIPOST; a cycle A <-> B <- C;
/// and a self-loop S.
fn portfolio() -> Vec<PortfolioSystem> {
    vec![
        system("CPR", &[]),
        system("MITID", &["CPR"]),
        system("NEMLOGIN", &["MITID"]),
        system("BORGERDK", &["NEMLOGIN"]),
        system("DIGIPOST", &["NEMLOGIN", "CPR"]),
        system("A", &["B"]),
        system("B", &["A"]),
        system("C", &["B"]),
        system("S", &["S"]),
        system("LONE", &[]),
    ]
}

fn set(codes: &[&str]) -> BTreeSet<SystemId> {
    codes.iter().map(|c| sys(c)).collect()
}

#[rstest]
#[case::root_affects_all_above("CPR", &["MITID", "NEMLOGIN", "BORGERDK", "DIGIPOST"])]
#[case::middle("NEMLOGIN", &["BORGERDK", "DIGIPOST"])]
#[case::leaf("BORGERDK", &[])]
#[case::cycle_without_self("A", &["B", "C"])]
#[case::cycle_other_side("B", &["A", "C"])]
#[case::self_loop_excluded("S", &[])]
#[case::unrelated("LONE", &[])]
#[case::unknown_system("NOPE", &[])]
fn impact(#[case] of: &str, #[case] expected: &[&str]) {
    assert_eq!(impact_of(&sys(of), &portfolio()), set(expected));
}

#[rstest]
#[case::chain("BORGERDK", &["NEMLOGIN", "MITID", "CPR"])]
#[case::two_paths_once("DIGIPOST", &["NEMLOGIN", "MITID", "CPR"])]
#[case::root("CPR", &[])]
#[case::cycle("C", &["A", "B"])]
#[case::cycle_member("A", &["B"])]
#[case::self_loop("S", &[])]
fn forward(#[case] of: &str, #[case] expected: &[&str]) {
    assert_eq!(
        depends_on_transitively(&sys(of), &portfolio()),
        set(expected)
    );
}

#[test]
fn long_chains_do_not_overflow() {
    let codes: Vec<String> = (0..20_000).map(|n| format!("S{n}")).collect();
    let systems: Vec<PortfolioSystem> = codes
        .iter()
        .enumerate()
        .map(|(n, c)| match n.checked_sub(1).and_then(|p| codes.get(p)) {
            Some(prev) => system(c, &[prev.as_str()]),
            None => system(c, &[]),
        })
        .collect();
    assert_eq!(impact_of(&sys("S0"), &systems).len(), 19_999);
}

fn status(code: &str, quarter: &str) -> QuarterlyStatus {
    QuarterlyStatus {
        system: sys(code),
        quarter: Quarter::parse(quarter).unwrap_or_else(|e| panic!("{e}")),
        light: TrafficLight::Green,
        availability_percent: 99.9,
        major_incidents: 0,
        note: String::new(),
    }
}

#[rstest]
#[case::none_reported(vec![], &["BORGERDK", "CPR", "MITID"])]
#[case::one_missing(vec![status("CPR", "2026-Q3"), status("MITID", "2026-Q3")], &["BORGERDK"])]
#[case::other_quarter_does_not_count(vec![status("CPR", "2026-Q2"), status("MITID", "2026-Q3"), status("BORGERDK", "2025-Q3")], &["BORGERDK", "CPR"])]
#[case::all_reported(vec![status("CPR", "2026-Q3"), status("MITID", "2026-Q3"), status("BORGERDK", "2026-Q3")], &[])]
#[case::status_for_unknown_system_ignored(vec![status("OLD", "2026-Q3")], &["BORGERDK", "CPR", "MITID"])]
fn missing(#[case] statuses: Vec<QuarterlyStatus>, #[case] expected: &[&str]) {
    let systems = vec![
        system("MITID", &[]),
        system("CPR", &[]),
        system("BORGERDK", &[]),
    ];
    let q = Quarter::new(2026, 3).unwrap_or_else(|| panic!("quarter"));
    let expected: Vec<SystemId> = expected.iter().map(|c| sys(c)).collect();
    assert_eq!(missing_statuses(&systems, &statuses, q), expected);
}

#[rstest]
#[case("2026-Q3", Some((2026, 3)))]
#[case("2026-Q1", Some((2026, 1)))]
#[case(" 2027-Q4 ", Some((2027, 4)))]
#[case("2026-Q0", None)]
#[case("2026-Q5", None)]
#[case("2026Q3", None)]
#[case("2026-q3", None)]
#[case("Q3-2026", None)]
#[case("", None)]
fn quarter_parse(#[case] text: &str, #[case] expected: Option<(i32, u8)>) {
    assert_eq!(
        Quarter::parse(text).ok().map(|q| (q.year(), q.q())),
        expected
    );
}

#[rstest]
#[case("2026-01-01", "2026-Q1")]
#[case("2026-03-31", "2026-Q1")]
#[case("2026-04-01", "2026-Q2")]
#[case("2026-09-30", "2026-Q3")]
#[case("2026-12-31", "2026-Q4")]
fn quarter_of_date(#[case] date: &str, #[case] expected: &str) {
    assert_eq!(Quarter::of(d(date)).to_string(), expected);
}

#[test]
fn quarter_serde_and_order() {
    let q: Quarter = serde_json::from_str("\"2026-Q3\"").expect("deserialize");
    assert_eq!(serde_json::to_string(&q).expect("serialize"), "\"2026-Q3\"");
    assert!(serde_json::from_str::<Quarter>("\"2026-Q9\"").is_err());
    assert!(Quarter::parse("2026-Q4").ok() < Quarter::parse("2027-Q1").ok());
}
