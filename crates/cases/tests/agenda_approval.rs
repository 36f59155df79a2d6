//! The chair approves an agenda as it stands, so every change to its items before it goes out
//! takes the approval back: the secretariat's edits, and the items the rules add themselves —
//! the approval of minutes sent for comments, and a written case a member objected to.

use styrebord_cases::{actor, d, id, item_id, meeting_id, memory_world, procedure_id};
use styrebord_core::entity::Entity;
use styrebord_core::meeting::{AgendaItem, AgendaItemKind};
use styrebord_core::minutes::Decision as DecisionText;
use styrebord_core::procedure::Response;
use styrebord_core::write::{decide, Decision, Facts, Memory, Notice, Op};
use styrebord_core::{AgendaItemId, MinutesId, OrgId};

fn act(memory: &mut Memory, by: &str, on: &str, op: Op) -> Decision {
    let decision = decide(memory, &actor(by), &op, d(on))
        .unwrap_or_else(|e| panic!("{} by {by} on {on}: {e}", op.name()));
    memory.apply_all(&decision.changes);
    decision
}

/// March's meeting held, so June's is the next one.
fn march_held(memory: &mut Memory) {
    act(
        memory,
        "secretariat",
        "2026-03-12",
        Op::MarkMeetingHeld {
            meeting: meeting_id("march"),
            attendance: vec![],
        },
    );
}

/// KL objects to the world's written procedure on 16 March: the case goes to June.
fn kl_objects(memory: &mut Memory) -> Decision {
    act(
        memory,
        "kl_member",
        "2026-03-16",
        Op::RespondProcedure {
            procedure: procedure_id(),
            org: OrgId::parse("KL").expect("org"),
            response: Response::Object("Vinduet rammer Udbetaling Danmark.".into()),
        },
    )
}

/// June's agenda with one item, approved by the chair on 13 March (March's meeting is held).
fn june_approved() -> Memory {
    let mut memory = memory_world();
    march_held(&mut memory);
    act(
        &mut memory,
        "secretariat",
        "2026-03-13",
        Op::UpsertAgendaItem {
            item: AgendaItem {
                presenter: None,
                id: item_id("june/roadmap"),
                meeting: meeting_id("june"),
                number: 0,
                title: "Køreplan for 2. halvår".into(),
                description: String::new(),
                kind: AgendaItemKind::Decision,
                systems: vec![],
                escalation: None,
                procedure: None,
            },
        },
    );
    act(
        &mut memory,
        "chair",
        "2026-03-13",
        Op::ApproveAgenda {
            meeting: meeting_id("june"),
        },
    );
    assert_eq!(approved_on(&memory), Some(d("2026-03-13")));
    memory
}

fn approved_on(memory: &Memory) -> Option<chrono::NaiveDate> {
    let june = memory.meeting(meeting_id("june")).expect("facts");
    june.expect("June is planned").agenda_approved_on
}

fn june_items(memory: &Memory) -> Vec<AgendaItemId> {
    let items = memory.agenda_items(meeting_id("june")).expect("facts");
    items.into_iter().map(|i| i.id).collect()
}

fn cleared_notice(decision: &Decision) -> bool {
    decision.notices.contains(&Notice::AgendaApprovalCleared {
        meeting_date: d("2026-06-11"),
    })
}

#[test]
fn the_approval_of_minutes_put_on_an_approved_agenda_takes_the_approval_back() {
    let mut memory = june_approved();
    let minutes = MinutesId::from_uuid(id("minutes/march"));
    act(
        &mut memory,
        "secretariat",
        "2026-03-16",
        Op::DraftMinutes {
            meeting: meeting_id("march"),
            minutes,
            decisions: vec![DecisionText {
                agenda_item: item_id("status"),
                text: "Styregruppen tog driftsstatus til efterretning.".into(),
            }],
        },
    );
    let before = june_items(&memory);
    let decision = act(
        &mut memory,
        "secretariat",
        "2026-03-16",
        Op::SendMinutesForComments {
            minutes,
            closes: d("2026-03-30"),
        },
    );
    assert_eq!(
        june_items(&memory).len(),
        before.len() + 1,
        "the item added"
    );
    assert_eq!(approved_on(&memory), None, "the chair approves again");
    assert!(cleared_notice(&decision), "{:?}", decision.notices);
    // The chair approves the agenda as it now stands, and it goes out approved.
    act(
        &mut memory,
        "chair",
        "2026-03-17",
        Op::ApproveAgenda {
            meeting: meeting_id("june"),
        },
    );
    let published = act(
        &mut memory,
        "secretariat",
        "2026-05-20",
        Op::PublishAgenda {
            meeting: meeting_id("june"),
        },
    );
    assert!(
        !published
            .notices
            .iter()
            .any(|n| matches!(n, Notice::AgendaNotApproved { .. })),
        "{:?}",
        published.notices
    );
}

#[test]
fn a_written_case_objected_to_onto_an_approved_agenda_takes_the_approval_back() {
    let mut memory = june_approved();
    let before = june_items(&memory);
    let decision = kl_objects(&mut memory);
    assert_eq!(
        june_items(&memory).len(),
        before.len() + 1,
        "the case added"
    );
    assert_eq!(approved_on(&memory), None, "the chair approves again");
    // The member who objected is told where the case went, not about the chair's approval.
    assert!(!cleared_notice(&decision), "{:?}", decision.notices);
    assert!(decision
        .notices
        .iter()
        .any(|n| matches!(n, Notice::CaseMovedToMeeting { .. })));
    // The meeting's change reaches everyone, as the approval itself did.
    assert!(decision.changes.iter().any(|c| matches!(
        &c.entity,
        Entity::Meeting(m) if m.id == meeting_id("june") && m.agenda_approved_on.is_none()
    )));
}

#[test]
fn an_agenda_the_chair_has_not_approved_has_nothing_to_take_back() {
    let mut memory = memory_world();
    march_held(&mut memory);
    assert_eq!(approved_on(&memory), None);
    let decision = kl_objects(&mut memory);
    assert_eq!(june_items(&memory).len(), 1, "the case is on June's agenda");
    assert!(
        !decision
            .changes
            .iter()
            .any(|c| matches!(&c.entity, Entity::Meeting(_))),
        "{:?}",
        decision.changes
    );
}
