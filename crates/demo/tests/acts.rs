//! The demo is reachable: every state it shows is what core's own decisions make of its script
//! of acts — nothing is written that a real committee's acts could not produce.

use std::sync::OnceLock;

use chrono::NaiveDate;
use styrebord_core::entity::Entity;
use styrebord_core::org::Role;
use styrebord_core::write::Facts;
use styrebord_core::OrgId;
use styrebord_demo::acts::{replay, script};
use styrebord_demo::{demo_dataset, DemoDataset};
use styrebord_pdf::Fonts;

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS
        .get_or_init(|| Fonts::from_system().expect("install fonts-liberation2 to run these tests"))
}

fn dataset(today: &str) -> DemoDataset {
    let today = NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("date");
    demo_dataset(today, fonts()).unwrap_or_else(|e| panic!("demo for {today}: {e}"))
}

fn json<T: serde::Serialize>(t: &T) -> String {
    serde_json::to_string(t).expect("json")
}

/// Sorted by their JSON, so two lists of the same things compare equal.
fn sorted<T: serde::Serialize>(items: impl IntoIterator<Item = T>) -> Vec<String> {
    let mut v: Vec<String> = items
        .into_iter()
        .map(|i| serde_json::to_string(&i).expect("json"))
        .collect();
    v.sort();
    v
}

fn check(today: &str) {
    let data = dataset(today);
    let memory = replay(&data).unwrap_or_else(|e| panic!("{today}: {e}"));
    let all = memory.visible_to(Role::Secretariat, &OrgId::parse("DIGST").expect("code"));
    let of = |pick: fn(&Entity) -> Option<String>| {
        let mut v: Vec<String> = all.iter().filter_map(pick).collect();
        v.sort();
        v
    };

    assert_eq!(
        of(|e| match e {
            Entity::Meeting(m) => Some(serde_json::to_string(m).unwrap()),
            _ => None,
        }),
        sorted(&data.meetings),
        "{today}: meetings"
    );
    assert_eq!(
        of(|e| match e {
            Entity::AgendaItem(a) => Some(serde_json::to_string(a).unwrap()),
            _ => None,
        }),
        sorted(&data.agenda_items),
        "{today}: agenda items"
    );
    // A document is kept in its newest version.
    let newest: Vec<_> = data
        .documents
        .iter()
        .map(|d| &d.document)
        .filter(|d| {
            !data
                .documents
                .iter()
                .any(|o| o.document.id == d.id && o.document.version > d.version)
        })
        .collect();
    assert_eq!(
        of(|e| match e {
            Entity::Document(d) => Some(serde_json::to_string(d).unwrap()),
            _ => None,
        }),
        sorted(newest),
        "{today}: documents"
    );
    assert_eq!(
        of(|e| match e {
            Entity::Registration(r) => Some(serde_json::to_string(r).unwrap()),
            _ => None,
        }),
        sorted(&data.registrations),
        "{today}: registrations"
    );
    for dm in &data.minutes {
        let m = memory
            .minutes(dm.draft.id)
            .expect("facts")
            .unwrap_or_else(|| panic!("{today}: minutes {} not made", dm.draft.id));
        assert_eq!(
            json(&m.draft),
            json(&dm.draft),
            "{today}: minutes text and state"
        );
        assert_eq!(m.round.as_ref(), Some(&dm.round), "{today}: comment round");
        assert_eq!(
            m.draft_decisions, dm.draft_decisions,
            "{today}: text as sent"
        );
        assert_eq!(m.sent_on, Some(dm.round.opens), "{today}: sent");
        assert_eq!(
            m.approval.map(|a| a.meeting),
            dm.approved_at,
            "{today}: approving meeting"
        );
    }
    assert_eq!(
        of(|e| match e {
            Entity::MinutesComment(c) => Some(serde_json::to_string(c).unwrap()),
            _ => None,
        }),
        sorted(data.minutes.iter().flat_map(|m| &m.comments)),
        "{today}: comments"
    );
    assert_eq!(
        of(|e| match e {
            Entity::WrittenProcedure(p) => Some(serde_json::to_string(p).unwrap()),
            _ => None,
        }),
        sorted(&data.written_procedures),
        "{today}: written procedures"
    );
    assert_eq!(
        of(|e| match e {
            Entity::Escalation(x) => Some(serde_json::to_string(x).unwrap()),
            _ => None,
        }),
        sorted(&data.escalations),
        "{today}: escalations"
    );
    assert_eq!(
        of(|e| match e {
            Entity::PortfolioSystem(s) => Some(serde_json::to_string(s).unwrap()),
            _ => None,
        }),
        sorted(&data.systems),
        "{today}: systems"
    );
    assert_eq!(
        of(|e| match e {
            Entity::QuarterlyStatus(s) => Some(serde_json::to_string(s).unwrap()),
            _ => None,
        }),
        sorted(&data.statuses),
        "{today}: quarterly statuses"
    );
    assert_eq!(
        of(|e| match e {
            Entity::RoadmapItem(r) => Some(serde_json::to_string(r).unwrap()),
            _ => None,
        }),
        sorted(&data.roadmap),
        "{today}: roadmap"
    );
    // Held meetings have their attendance.
    let attended = of(|e| match e {
        Entity::Attendance(a) => Some(a.meeting.to_string()),
        _ => None,
    });
    let held = data
        .meetings
        .iter()
        .filter(|m| m.status == styrebord_core::meeting::MeetingStatus::Held)
        .count();
    assert_eq!(attended.len(), held, "{today}: attendance of held meetings");
}

#[test]
fn every_demo_state_is_reached_by_real_acts() {
    // Around year ends, Easter, the summer holiday and Christmas, and an ordinary day.
    for today in [
        "2026-11-26",
        "2026-06-15",
        "2027-01-04",
        "2026-03-30",
        "2026-12-21",
    ] {
        check(today);
    }
}

#[test]
fn the_script_is_chronological_and_acts_as_the_right_people() {
    let data = dataset("2026-11-26");
    let acts = script(&data).expect("script");
    assert!(acts.windows(2).all(|w| w[0].on <= w[1].on));
    assert!(
        acts.iter().all(|a| a.on <= data.today),
        "nothing happens after today"
    );
    // Members' writes are the members' own; everything else the secretariat's.
    for a in &acts {
        assert_eq!(a.by.is_some(), a.op.is_member_write(), "{:?}", a.op.name());
    }
}
