//! Seats, substitutes and observers: one table per rule, one case per line.

mod common;

use common::*;
use rstest::rstest;
use styrebord_core::meeting::{Meeting, MeetingKind, MeetingStatus};
use styrebord_core::registration::{
    check_cancellation, check_registration, seat_holder, MeetingContext, NewRegistration,
    Registration, RegistrationKind, SeatHolder,
};

use MeetingStatus::{Cancelled, Held, Planned, Published};

const MEETING_DAY: &str = "2026-03-12";
const BEFORE: &str = "2026-03-01";

fn the_meeting(status: MeetingStatus) -> Meeting {
    meeting(1, MEETING_DAY, MeetingKind::Ordinary, status)
}

/// An active registration `n` for `org` at meeting `m`; person `p` when it has an account.
fn reg(n: u128, m: u128, o: &str, kind: RegistrationKind, p: Option<u128>) -> Registration {
    Registration {
        id: rid(n),
        meeting: mid(m),
        org: org(o),
        kind,
        person: p.map(pid),
        name: format!("Person {n}"),
        email: format!("r{n}@{}.dk", o.to_lowercase()),
        registered_by: pid(2),
    }
}

fn obs(n: u128, o: &str) -> Registration {
    reg(n, 1, o, RegistrationKind::Observer, None)
}

/// KL's substitute, person 11.
fn kl_sub() -> Registration {
    reg(50, 1, "KL", RegistrationKind::Substitute, Some(11))
}

fn new(o: &str, kind: RegistrationKind, email: &str) -> NewRegistration {
    NewRegistration {
        org: org(o),
        kind,
        person: None,
        name: "Ny Deltager".into(),
        email: email.into(),
    }
}

fn new_obs(o: &str) -> NewRegistration {
    new(o, RegistrationKind::Observer, "ny@example.dk")
}

fn new_sub(o: &str) -> NewRegistration {
    new(o, RegistrationKind::Substitute, "ny@example.dk")
}

fn check(
    status: MeetingStatus,
    existing: &[Registration],
    new: &NewRegistration,
    actor_no: u128,
    today: &str,
) -> Result<(), &'static str> {
    let m = the_meeting(status);
    let members = people();
    let ctx = MeetingContext {
        meeting: &m,
        members: &members,
        registrations: existing,
    };
    check_registration(&ctx, new, &actor(actor_no), d(today)).map_err(|r| r.code())
}

#[rstest]
#[case::member_brings_observer(Planned, vec![], new_obs("KL"), 10, BEFORE, Ok(()))]
#[case::second_observer(Planned, vec![obs(60, "KL")], new_obs("KL"), 10, BEFORE, Err("observer_limit_reached"))]
#[case::second_observer_even_by_secretariat(Planned, vec![obs(60, "KL")], new_obs("KL"), 2, BEFORE, Err("observer_limit_reached"))]
#[case::other_orgs_observer_does_not_count(Planned, vec![obs(60, "ATP")], new_obs("KL"), 10, BEFORE, Ok(()))]
#[case::other_meetings_observer_does_not_count(Planned, vec![reg(60, 2, "KL", RegistrationKind::Observer, None)], new_obs("KL"), 10, BEFORE, Ok(()))]
#[case::member_sends_substitute(Planned, vec![], new_sub("KL"), 10, BEFORE, Ok(()))]
#[case::secretariat_sends_substitute(Planned, vec![], new_sub("KL"), 2, BEFORE, Ok(()))]
#[case::second_substitute(Planned, vec![kl_sub()], new_sub("KL"), 2, BEFORE, Err("substitute_already_registered"))]
#[case::substitute_cannot_add_another(Planned, vec![kl_sub()], new_sub("KL"), 11, BEFORE, Err("substitute_already_registered"))]
#[case::member_gave_up_seat(Planned, vec![kl_sub()], new_obs("KL"), 10, BEFORE, Err("not_seat_holder"))]
#[case::substitute_holds_seat(Planned, vec![kl_sub()], new_obs("KL"), 11, BEFORE, Ok(()))]
#[case::unregistered_substitute(Planned, vec![], new_obs("KL"), 11, BEFORE, Err("not_seat_holder"))]
#[case::other_orgs_member(Planned, vec![], new_obs("KL"), 20, BEFORE, Err("not_seat_holder"))]
#[case::chair_for_own_org(Planned, vec![], new_obs("DIGST"), 1, BEFORE, Ok(()))]
#[case::chair_for_other_org(Planned, vec![], new_obs("KL"), 1, BEFORE, Err("not_seat_holder"))]
#[case::observer_cannot_register(Planned, vec![], new_obs("KL"), 12, BEFORE, Err("observer_cannot_register"))]
#[case::published_meeting(Published, vec![], new_obs("KL"), 10, BEFORE, Ok(()))]
#[case::on_the_meeting_day(Planned, vec![], new_obs("KL"), 10, MEETING_DAY, Ok(()))]
#[case::after_the_meeting_day(Planned, vec![], new_obs("KL"), 10, "2026-03-13", Err("meeting_closed_for_registration"))]
#[case::held_meeting(Held, vec![], new_obs("KL"), 10, BEFORE, Err("meeting_closed_for_registration"))]
#[case::cancelled_meeting(Cancelled, vec![], new_obs("KL"), 2, BEFORE, Err("meeting_closed_for_registration"))]
#[case::blank_name(Planned, vec![], NewRegistration { name: "  ".into(), ..new_obs("KL") }, 10, BEFORE, Err("registrant_name_missing"))]
#[case::bad_email(Planned, vec![], new("KL", RegistrationKind::Observer, "bo at kl"), 10, BEFORE, Err("registrant_email_invalid"))]
#[case::same_person_twice(Planned, vec![obs(60, "ATP")], new("KL", RegistrationKind::Observer, "R60@ATP.dk"), 10, BEFORE, Err("already_registered"))]
fn registering(
    #[case] status: MeetingStatus,
    #[case] existing: Vec<Registration>,
    #[case] new: NewRegistration,
    #[case] actor_no: u128,
    #[case] today: &str,
    #[case] expected: Result<(), &str>,
) {
    assert_eq!(check(status, &existing, &new, actor_no, today), expected);
}

#[rstest]
#[case::kl_member(vec![], "KL", Some(SeatHolder::Member { person: pid(10) }))]
#[case::kl_substitute(vec![kl_sub()], "KL", Some(SeatHolder::Substitute { registration: rid(50), person: Some(pid(11)), name: "Person 50".into() }))]
#[case::observer_takes_no_seat(vec![obs(60, "KL")], "KL", Some(SeatHolder::Member { person: pid(10) }))]
#[case::substitute_of_other_meeting(vec![reg(50, 2, "KL", RegistrationKind::Substitute, Some(11))], "KL", Some(SeatHolder::Member { person: pid(10) }))]
#[case::chair_holds_digst_seat(vec![], "DIGST", Some(SeatHolder::Member { person: pid(1) }))]
#[case::no_member(vec![], "KOMBIT", None)]
fn seat_holders(
    #[case] registrations: Vec<Registration>,
    #[case] o: &str,
    #[case] expected: Option<SeatHolder>,
) {
    assert_eq!(
        seat_holder(&org(o), mid(1), &people(), &registrations),
        expected
    );
}

fn check_cancel(status: MeetingStatus, id: u128, actor_no: u128) -> Result<(), &'static str> {
    let m = the_meeting(status);
    let members = people();
    let existing = vec![kl_sub(), obs(60, "KL"), obs(61, "ATP")];
    let ctx = MeetingContext {
        meeting: &m,
        members: &members,
        registrations: &existing,
    };
    check_cancellation(&ctx, rid(id), &actor(actor_no), d(BEFORE)).map_err(|r| r.code())
}

#[rstest]
#[case::member_withdraws_substitute(Planned, 50, 10, Ok(()))]
#[case::substitute_withdraws_self(Planned, 50, 11, Ok(()))]
#[case::substitute_cancels_observer(Planned, 60, 11, Ok(()))]
#[case::member_cancels_observer(Planned, 60, 10, Ok(()))]
#[case::secretariat(Planned, 61, 2, Ok(()))]
#[case::other_orgs_member(Planned, 60, 20, Err("not_seat_holder"))]
#[case::other_orgs_substitute(Planned, 60, 21, Err("not_seat_holder"))]
#[case::observer(Planned, 60, 12, Err("observer_cannot_register"))]
#[case::unknown(Planned, 99, 2, Err("registration_not_found"))]
#[case::held(Held, 60, 2, Err("meeting_closed_for_registration"))]
fn cancelling(
    #[case] status: MeetingStatus,
    #[case] id: u128,
    #[case] actor_no: u128,
    #[case] expected: Result<(), &str>,
) {
    assert_eq!(check_cancel(status, id, actor_no), expected);
}

#[test]
fn refusal_names_the_org_and_date() {
    let existing = vec![obs(60, "KL")];
    let m = the_meeting(Planned);
    let members = people();
    let ctx = MeetingContext {
        meeting: &m,
        members: &members,
        registrations: &existing,
    };
    let refusal = check_registration(&ctx, &new_obs("KL"), &actor(10), d(BEFORE))
        .expect_err("second observer");
    assert!(refusal
        .message_da()
        .starts_with("KL har allerede tilmeldt en bisidder til mødet den 12. marts 2026."));
}
