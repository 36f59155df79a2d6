//! Readiness of an escalation for PSTG, sending it and closing it.

use chrono::NaiveDate;
use rstest::rstest;
use styrebord_core::escalation::{
    check_ready_for_pstg, close, mark_ready_for_pstg, mark_sent_to_pstg, Escalation,
    EscalationState, ForumApproval,
};
use styrebord_core::ids::EscalationId;
use uuid::Uuid;

use EscalationState::{Closed, Proposed, ReadyForPstg, SentToPstg};

fn approval(reference: &str) -> Option<ForumApproval> {
    Some(ForumApproval {
        approved_on: NaiveDate::from_ymd_opt(2026, 2, 3).unwrap_or_default(),
        reference: reference.into(),
    })
}

fn case(needs_funds: bool, approval: Option<ForumApproval>, state: EscalationState) -> Escalation {
    Escalation {
        id: EscalationId::from_uuid(Uuid::from_u128(1)),
        case: "Midler til redundant drift af MitID".into(),
        agenda_item: None,
        systems: vec![],
        needs_funds,
        economic_forum_approval: approval,
        state,
    }
}

#[rstest]
#[case::no_funds_needed(false, None, Proposed, Ok(()))]
#[case::funds_without_approval(true, None, Proposed, Err("economic_forum_approval_missing"))]
#[case::funds_with_blank_reference(
    true,
    approval("  "),
    Proposed,
    Err("economic_forum_approval_missing")
)]
#[case::funds_with_approval(true, approval("MitID-styregruppen, referat 3. feb. 2026"), Proposed, Ok(()))]
#[case::already_ready(false, None, ReadyForPstg, Err("escalation_not_proposed"))]
#[case::already_sent(true, approval("ref"), SentToPstg, Err("escalation_not_proposed"))]
#[case::closed(false, None, Closed, Err("escalation_not_proposed"))]
fn readiness(
    #[case] needs_funds: bool,
    #[case] approval: Option<ForumApproval>,
    #[case] state: EscalationState,
    #[case] expected: Result<(), &str>,
) {
    let e = case(needs_funds, approval, state);
    assert_eq!(check_ready_for_pstg(&e).map_err(|r| r.code()), expected);
}

#[test]
fn marking_changes_state_only_when_allowed() {
    let mut refused = case(true, None, Proposed);
    assert!(mark_ready_for_pstg(&mut refused).is_err());
    assert_eq!(refused.state, Proposed);

    let mut ok = case(true, approval("ref"), Proposed);
    assert!(mark_ready_for_pstg(&mut ok).is_ok());
    assert_eq!(ok.state, ReadyForPstg);
}

#[rstest]
#[case::proposed(Proposed, Err("escalation_not_ready"))]
#[case::ready(ReadyForPstg, Ok(SentToPstg))]
#[case::already_sent(SentToPstg, Err("escalation_not_ready"))]
#[case::closed(Closed, Err("escalation_not_ready"))]
fn only_a_ready_case_is_sent(
    #[case] state: EscalationState,
    #[case] expected: Result<EscalationState, &str>,
) {
    let mut e = case(false, None, state);
    let result = mark_sent_to_pstg(&mut e)
        .map(|()| e.state)
        .map_err(|r| r.code());
    assert_eq!(result, expected);
    if expected.is_err() {
        assert_eq!(e.state, state, "a refusal changes nothing");
    }
}

#[rstest]
#[case::withdrawn_while_proposed(Proposed, Ok(Closed))]
#[case::withdrawn_when_ready(ReadyForPstg, Ok(Closed))]
#[case::dealt_with_by_pstg(SentToPstg, Ok(Closed))]
#[case::already_closed(Closed, Err("escalation_closed"))]
fn any_open_case_may_close(
    #[case] state: EscalationState,
    #[case] expected: Result<EscalationState, &str>,
) {
    let mut e = case(true, None, state);
    let result = close(&mut e).map(|()| e.state).map_err(|r| r.code());
    assert_eq!(result, expected);
}
