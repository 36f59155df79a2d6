//! The desk's "Portefølje og roadmap" (`Store::desk_portfolio`): the portfolio, the quarterly
//! status due and the roadmap with core's answers, read with this device's waiting desk acts
//! laid over the mirror — so an edit made offline shows at once, conflicts included.

mod common;

use chrono::NaiveDate;
use common::*;
use styrebord_core::org::Role;
use styrebord_core::portfolio::{
    Criticality, Integration, PortfolioSystem, Quarter, QuarterlyStatus, TrafficLight,
};
use styrebord_core::roadmap::{coordination_conflicts, DateRange, RoadmapItem, RoadmapKind};
use styrebord_core::write::Op;
use styrebord_core::{OrgId, RoadmapItemId, SystemId};
use styrebord_protocol::Entity;
use styrebord_store::{Store, WriteError};

fn code(s: &str) -> SystemId {
    SystemId::parse(s).unwrap()
}

fn system(c: &str, owner: &str, depends_on: &[&str]) -> PortfolioSystem {
    PortfolioSystem {
        code: code(c),
        name: format!("System {c}"),
        owner: OrgId::parse(owner).unwrap(),
        description: String::new(),
        criticality: Criticality::High,
        depends_on: depends_on.iter().map(|d| code(d)).collect(),
        critical_integrations: vec![],
        decided_at: None,
    }
}

fn status(c: &str, quarter: &str, light: TrafficLight) -> QuarterlyStatus {
    QuarterlyStatus {
        system: code(c),
        quarter: Quarter::parse(quarter).unwrap(),
        light,
        availability_percent: 99.9,
        major_incidents: 0,
        note: "Stabil drift.".into(),
    }
}

fn item(n: u128, c: &str, start: &str, end: &str) -> RoadmapItem {
    RoadmapItem {
        id: RoadmapItemId::from_uuid(id(900 + n)),
        system: code(c),
        title: format!("Ændring {n}"),
        kind: RoadmapKind::Change,
        window: DateRange {
            start: day(start),
            end: day(end),
        },
    }
}

fn today() -> NaiveDate {
    day(TODAY)
}

/// The fixture's committee, a three-system portfolio (NEMLOGIN depends on MITID) and MITID's
/// status for two quarters, pulled by a secretariat.
fn secretariat_store(dir: &std::path::Path) -> (Store, Fixture) {
    let f = fixture();
    let store = Store::open(&dir.join("store.sqlite3")).unwrap();
    store
        .set_me(&person(9, "KL", Role::Secretariat, "Sekretær Sørensen"))
        .unwrap();
    let mut bodies = f.bodies();
    bodies.extend([
        Entity::PortfolioSystem(system("MITID", "KL", &[])),
        Entity::PortfolioSystem(system("NEMLOGIN", "ATP", &["MITID"])),
        Entity::PortfolioSystem(system("DIGPOST", "ATP", &[])),
        Entity::QuarterlyStatus(status("MITID", "2026-Q3", TrafficLight::Green)),
        Entity::QuarterlyStatus(status("MITID", "2026-Q2", TrafficLight::Red)),
    ]);
    store.apply_page(&page(0, bodies)).unwrap();
    (store, f)
}

fn act(store: &Store, op: Op) {
    store.write_op(op, today()).unwrap();
}

fn refusal(store: &Store, op: Op) -> String {
    match store.write_op(op, today()) {
        Err(WriteError::Refused(r)) => r.code().to_owned(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_desk_reads_the_portfolio_with_cores_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (store, f) = secretariat_store(dir.path());
    let desk = store.desk_portfolio(today()).unwrap();

    let codes: Vec<&str> = desk.systems.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["DIGPOST", "MITID", "NEMLOGIN"]);
    let orgs: Vec<&str> = desk.organisations.iter().map(|o| o.code.as_str()).collect();
    assert_eq!(orgs, ["ATP", "KL"]);
    // 2 November 2026: the third quarter's status is due, and only its statuses are shown.
    assert_eq!(desk.quarter.to_string(), "2026-Q3");
    assert_eq!(
        desk.statuses,
        [status("MITID", "2026-Q3", TrafficLight::Green)]
    );
    assert_eq!(desk.missing, [code("DIGPOST"), code("NEMLOGIN")]);
    assert!(desk.roadmap.is_empty() && desk.conflicts.is_empty());
    // Only the held meeting can have decided to admit a system.
    let held: Vec<_> = desk.held_meetings.iter().map(|m| m.id).collect();
    assert_eq!(held, [f.past_meeting.id]);
}

#[test]
fn the_desks_waiting_acts_show_before_they_reach_the_hub() {
    let dir = tempfile::tempdir().unwrap();
    let (store, f) = secretariat_store(dir.path());

    // Two changes on systems that depend on each other, in overlapping windows: a conflict.
    act(
        &store,
        Op::UpsertRoadmapItem {
            item: item(1, "MITID", "2027-03-01", "2027-03-10"),
        },
    );
    act(
        &store,
        Op::UpsertRoadmapItem {
            item: item(2, "NEMLOGIN", "2027-03-08", "2027-03-20"),
        },
    );
    let desk = store.desk_portfolio(today()).unwrap();
    assert_eq!(desk.roadmap.len(), 2);
    assert_eq!(desk.conflicts.len(), 1);
    assert_eq!(desk.conflicts[0].systems, (code("MITID"), code("NEMLOGIN")));
    assert_eq!(
        desk.conflicts[0].overlap,
        DateRange {
            start: day("2027-03-08"),
            end: day("2027-03-10")
        }
    );

    // Moving an item out of the window clears the conflict (the edit replaces, not adds).
    act(
        &store,
        Op::UpsertRoadmapItem {
            item: item(2, "NEMLOGIN", "2027-04-01", "2027-04-05"),
        },
    );
    let desk = store.desk_portfolio(today()).unwrap();
    assert_eq!(desk.roadmap.len(), 2);
    assert!(desk.conflicts.is_empty());

    // A critical integration couples DIGPOST to MITID; its change now overlaps MITID's.
    let mut digpost = system("DIGPOST", "ATP", &[]);
    digpost.critical_integrations = vec![Integration {
        to: code("MITID"),
        description: "Login".into(),
    }];
    act(
        &store,
        Op::UpsertSystem {
            system: digpost.clone(),
        },
    );
    act(
        &store,
        Op::UpsertRoadmapItem {
            item: item(3, "DIGPOST", "2027-03-05", "2027-03-06"),
        },
    );
    let desk = store.desk_portfolio(today()).unwrap();
    let shown = desk
        .systems
        .iter()
        .find(|s| s.code == digpost.code)
        .unwrap();
    assert_eq!(shown, &digpost);
    assert_eq!(desk.systems.len(), 3, "an edit does not add a system");
    assert_eq!(
        desk.conflicts,
        coordination_conflicts(&desk.roadmap, &desk.systems)
    );
    assert_eq!(desk.conflicts.len(), 1);
    assert_eq!(desk.conflicts[0].systems, (code("MITID"), code("DIGPOST")));

    // A status recorded for the quarter takes its system off the missing list.
    act(
        &store,
        Op::RecordQuarterlyStatus {
            status: status("NEMLOGIN", "2026-Q3", TrafficLight::Yellow),
        },
    );
    let desk = store.desk_portfolio(today()).unwrap();
    assert_eq!(desk.missing, [code("DIGPOST")]);
    assert_eq!(desk.statuses.len(), 2);

    // A system admitted by the held meeting's decision joins the portfolio and owes a status.
    act(
        &store,
        Op::AdmitSystem {
            system: system("BORGERDK", "KL", &["MITID"]),
            decided_at: f.past_meeting.id,
        },
    );
    let desk = store.desk_portfolio(today()).unwrap();
    let admitted = desk
        .systems
        .iter()
        .find(|s| s.code == code("BORGERDK"))
        .unwrap();
    assert_eq!(admitted.decided_at, Some(f.past_meeting.id));
    assert_eq!(desk.missing, [code("BORGERDK"), code("DIGPOST")]);

    // All of it is still waiting for the hub.
    assert_eq!(store.sync_status().unwrap().pending_writes, 7);
}

#[test]
fn the_desk_gets_cores_refusals_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, f) = secretariat_store(dir.path());
    let before = store.desk_portfolio(today()).unwrap();

    // A new system needs a meeting's decision, and that meeting must have been held.
    assert_eq!(
        refusal(
            &store,
            Op::UpsertSystem {
                system: system("BORGERDK", "KL", &[])
            }
        ),
        "system_needs_decision"
    );
    assert_eq!(
        refusal(
            &store,
            Op::AdmitSystem {
                system: system("BORGERDK", "KL", &[]),
                decided_at: f.meeting.id,
            }
        ),
        "decision_meeting_not_held"
    );
    // Dependencies only on systems in the portfolio; windows that end after they start.
    assert_eq!(
        refusal(
            &store,
            Op::UpsertSystem {
                system: system("MITID", "KL", &["NOSUCH"])
            }
        ),
        "system_not_in_portfolio"
    );
    assert_eq!(
        refusal(
            &store,
            Op::UpsertRoadmapItem {
                item: item(1, "MITID", "2027-03-10", "2027-03-01")
            }
        ),
        "date_range_inverted"
    );

    assert_eq!(store.desk_portfolio(today()).unwrap(), before);
    assert_eq!(store.sync_status().unwrap().pending_writes, 0);
}
