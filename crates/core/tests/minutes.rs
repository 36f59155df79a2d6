//! Who may comment on which minutes, until when.

mod common;

use common::*;
use rstest::rstest;
use styrebord_core::ids::{CommentRoundId, MinutesId};
use styrebord_core::meeting::{MeetingKind, MeetingStatus};
use styrebord_core::minutes::{
    check_comment, CommentRound, Decision, MinutesDraft, MinutesState, NewComment,
};
use styrebord_core::registration::{MeetingContext, Registration, RegistrationKind};
use styrebord_core::text::MAX_TEXT_CHARS;
use uuid::Uuid;

use MinutesState::{Approved, CommentRoundClosed, CommentRoundOpen, Draft};

const OPENS: &str = "2026-03-20";
const CLOSES: &str = "2026-04-03";

/// KL sent its substitute (person 11) to the meeting; ATP's member (20) attended.
fn registrations() -> Vec<Registration> {
    vec![Registration {
        id: rid(50),
        meeting: mid(1),
        org: org("KL"),
        kind: RegistrationKind::Substitute,
        person: Some(pid(11)),
        name: "Stedfortræder Søren".into(),
        email: "p11@kl.dk".into(),
        registered_by: pid(10),
    }]
}

fn comment(item: u128, text: &str) -> NewComment {
    NewComment {
        agenda_item: aid(item),
        text: text.into(),
    }
}

fn check(
    state: MinutesState,
    c: NewComment,
    actor_no: u128,
    today: &str,
) -> Result<(), &'static str> {
    let m = meeting(1, "2026-03-12", MeetingKind::Ordinary, MeetingStatus::Held);
    let members = people();
    let regs = registrations();
    let ctx = MeetingContext {
        meeting: &m,
        members: &members,
        registrations: &regs,
    };
    let minutes = MinutesId::from_uuid(Uuid::from_u128(7));
    let draft = MinutesDraft {
        id: minutes,
        meeting: mid(1),
        state,
        decisions: vec![
            Decision {
                agenda_item: aid(1),
                text: "Godkendt.".into(),
            },
            Decision {
                agenda_item: aid(2),
                text: "Taget til efterretning.".into(),
            },
        ],
    };
    let round = CommentRound {
        id: CommentRoundId::from_uuid(Uuid::from_u128(8)),
        minutes,
        opens: d(OPENS),
        closes: d(CLOSES),
    };
    check_comment(&ctx, &draft, Some(&round), &c, &actor(actor_no), d(today)).map_err(|r| r.code())
}

#[rstest]
#[case::seat_holding_member(CommentRoundOpen, comment(1, "Fint."), 20, "2026-03-25", Ok(()))]
#[case::substitute_who_held_the_seat(CommentRoundOpen, comment(1, "Fint."), 11, "2026-03-25", Ok(()))]
// The draft goes to comments "blandt medlemmerne": the member keeps the right to comment even
// when the substitute sat the meeting.
#[case::member_whose_substitute_attended(CommentRoundOpen, comment(1, "Fint."), 10, "2026-03-25", Ok(()))]
#[case::substitute_who_did_not_attend(
    CommentRoundOpen,
    comment(1, "Fint."),
    21,
    "2026-03-25",
    Err("not_seat_holder")
)]
#[case::chair(CommentRoundOpen, comment(2, "Fint."), 1, "2026-03-25", Ok(()))]
#[case::secretariat(CommentRoundOpen, comment(2, "Fint."), 2, "2026-03-25", Ok(()))]
#[case::observer_never(
    CommentRoundOpen,
    comment(1, "Fint."),
    12,
    "2026-03-25",
    Err("observer_cannot_comment")
)]
#[case::observer_never_even_when_closed(
    CommentRoundClosed,
    comment(1, "Fint."),
    12,
    "2026-03-25",
    Err("observer_cannot_comment")
)]
#[case::first_day(CommentRoundOpen, comment(1, "Fint."), 20, OPENS, Ok(()))]
#[case::last_day(CommentRoundOpen, comment(1, "Fint."), 20, CLOSES, Ok(()))]
#[case::day_after_close(
    CommentRoundOpen,
    comment(1, "Fint."),
    20,
    "2026-04-04",
    Err("comment_round_closed")
)]
#[case::day_before_open(
    CommentRoundOpen,
    comment(1, "Fint."),
    20,
    "2026-03-19",
    Err("comment_round_not_open")
)]
#[case::still_a_draft(Draft, comment(1, "Fint."), 20, "2026-03-25", Err("minutes_not_sent"))]
#[case::closed_early(
    CommentRoundClosed,
    comment(1, "Fint."),
    20,
    "2026-03-25",
    Err("comment_round_closed")
)]
#[case::approved(
    Approved,
    comment(1, "Fint."),
    2,
    "2026-03-25",
    Err("comment_round_closed")
)]
#[case::item_not_in_draft(
    CommentRoundOpen,
    comment(3, "Fint."),
    20,
    "2026-03-25",
    Err("agenda_item_not_in_minutes")
)]
#[case::empty(
    CommentRoundOpen,
    comment(1, ""),
    20,
    "2026-03-25",
    Err("comment_empty")
)]
#[case::blank(
    CommentRoundOpen,
    comment(1, " \n\t"),
    20,
    "2026-03-25",
    Err("comment_empty")
)]
#[case::longest(CommentRoundOpen, comment(1, &"æ".repeat(MAX_TEXT_CHARS)), 20, "2026-03-25", Ok(()))]
#[case::too_long(CommentRoundOpen, comment(1, &"æ".repeat(MAX_TEXT_CHARS + 1)), 20, "2026-03-25", Err("comment_too_long"))]
fn commenting(
    #[case] state: MinutesState,
    #[case] c: NewComment,
    #[case] actor_no: u128,
    #[case] today: &str,
    #[case] expected: Result<(), &str>,
) {
    assert_eq!(check(state, c, actor_no, today), expected);
}
