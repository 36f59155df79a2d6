//! Written procedures: who may respond until when, and the outcome.

mod common;

use common::*;
use rstest::rstest;
use styrebord_core::ids::{OrgId, WrittenProcedureId};
use styrebord_core::procedure::{
    check_response, outcome, record_response, Outcome, ProcedureResponse, Response,
    WrittenProcedure,
};
use uuid::Uuid;

const DEADLINE: &str = "2026-05-05";

fn answered(o: &str, response: Response) -> ProcedureResponse {
    ProcedureResponse {
        org: org(o),
        by: pid(99),
        response,
        given_on: d("2026-04-28"),
    }
}

fn procedure(responses: Vec<ProcedureResponse>) -> WrittenProcedure {
    WrittenProcedure {
        ended: None,
        id: WrittenProcedureId::from_uuid(Uuid::from_u128(3)),
        title: "Ny SLA for MitID".into(),
        description: "Indstilling om ny servicemålsætning.".into(),
        deadline: d(DEADLINE),
        responses,
    }
}

fn agree(o: &str) -> ProcedureResponse {
    answered(o, Response::Agree)
}

fn object(o: &str) -> ProcedureResponse {
    answered(o, Response::Object("Uafklaret økonomi.".into()))
}

fn objected_by(orgs: &[&str]) -> Outcome {
    Outcome::MovedToMeeting {
        objected_by: orgs.iter().map(|o| org(o)).collect::<Vec<OrgId>>(),
    }
}

#[rstest]
#[case::nobody_yet_before_deadline(vec![], "2026-05-01", Outcome::Open)]
#[case::on_the_deadline(vec![agree("KL")], DEADLINE, Outcome::Open)]
#[case::silence_is_consent(vec![], "2026-05-06", Outcome::Adopted)]
#[case::agreement_and_comments(vec![agree("KL"), answered("ATP", Response::Comment("OK".into()))], "2026-05-06", Outcome::Adopted)]
#[case::one_objection_moves_at_once(vec![agree("KL"), object("ATP")], "2026-05-01", objected_by(&["ATP"]))]
#[case::objection_still_moves_after_deadline(vec![object("ATP")], "2026-06-01", objected_by(&["ATP"]))]
#[case::two_objections(vec![object("KL"), object("ATP")], "2026-05-01", objected_by(&["KL", "ATP"]))]
fn outcomes(
    #[case] responses: Vec<ProcedureResponse>,
    #[case] today: &str,
    #[case] expected: Outcome,
) {
    assert_eq!(outcome(&procedure(responses), d(today)), expected);
}

fn check(
    existing: Vec<ProcedureResponse>,
    for_org: &str,
    response: Response,
    actor_no: u128,
    today: &str,
) -> Result<(), &'static str> {
    check_response(
        &procedure(existing),
        &org(for_org),
        &response,
        &actor(actor_no),
        d(today),
    )
    .map_err(|r| r.code())
}

#[rstest]
#[case::member_agrees(vec![], "KL", Response::Agree, 10, "2026-05-01", Ok(()))]
#[case::substitute_objects(vec![], "KL", Response::Object("Nej.".into()), 11, "2026-05-01", Ok(()))]
#[case::chair_for_own_org(vec![], "DIGST", Response::Agree, 1, "2026-05-01", Ok(()))]
#[case::secretariat_on_behalf(vec![], "KL", Response::Agree, 2, "2026-05-01", Ok(()))]
#[case::on_the_deadline(vec![], "KL", Response::Agree, 10, DEADLINE, Ok(()))]
#[case::after_the_deadline(vec![], "KL", Response::Agree, 10, "2026-05-06", Err("procedure_deadline_passed"))]
#[case::secretariat_after_deadline(vec![], "KL", Response::Agree, 2, "2026-05-06", Err("procedure_deadline_passed"))]
#[case::observer(vec![], "KL", Response::Agree, 12, "2026-05-01", Err("observer_cannot_respond"))]
#[case::for_another_org(vec![], "ATP", Response::Agree, 10, "2026-05-01", Err("not_org_representative"))]
#[case::change_of_mind_allowed(vec![agree("KL")], "KL", Response::Comment("Dog en bemærkning.".into()), 10, "2026-05-01", Ok(()))]
#[case::after_an_objection(vec![object("ATP")], "KL", Response::Agree, 10, "2026-05-01", Err("procedure_closed_by_objection"))]
#[case::empty_objection(vec![], "KL", Response::Object(" ".into()), 10, "2026-05-01", Err("comment_empty"))]
#[case::empty_comment(vec![], "KL", Response::Comment(String::new()), 10, "2026-05-01", Err("comment_empty"))]
#[case::over_long_comment(vec![], "KL", Response::Comment("x".repeat(4001)), 10, "2026-05-01", Err("comment_too_long"))]
fn responding(
    #[case] existing: Vec<ProcedureResponse>,
    #[case] for_org: &str,
    #[case] response: Response,
    #[case] actor_no: u128,
    #[case] today: &str,
    #[case] expected: Result<(), &str>,
) {
    assert_eq!(
        check(existing, for_org, response, actor_no, today),
        expected
    );
}

#[test]
fn a_later_response_replaces_the_orgs_earlier_one() {
    let mut p = procedure(vec![agree("KL"), agree("ATP")]);
    let comment = Response::Comment("Med forbehold.".into());
    record_response(
        &mut p,
        &org("KL"),
        comment.clone(),
        &actor(10),
        d("2026-05-02"),
    )
    .expect("allowed before the deadline");
    let kl: Vec<_> = p.responses.iter().filter(|r| r.org == org("KL")).collect();
    assert_eq!(kl.len(), 1);
    assert_eq!(kl[0].response, comment);
    assert_eq!(kl[0].by, pid(10));
    assert_eq!(kl[0].given_on, d("2026-05-02"));
    assert_eq!(p.responses.len(), 2);
}

#[test]
fn a_refused_response_changes_nothing() {
    let mut p = procedure(vec![agree("KL")]);
    let before = p.clone();
    let refused = record_response(
        &mut p,
        &org("KL"),
        Response::Agree,
        &actor(12),
        d("2026-05-01"),
    );
    assert_eq!(
        refused.map_err(|r| r.code()),
        Err("observer_cannot_respond")
    );
    assert_eq!(p, before);
}

#[test]
fn response_serde_shape() {
    let json = serde_json::to_string(&Response::Object("Nej".into())).expect("serialize");
    assert_eq!(json, r#"{"kind":"object","text":"Nej"}"#);
    let agree: Response = serde_json::from_str(r#"{"kind":"agree"}"#).expect("deserialize");
    assert_eq!(agree, Response::Agree);
}
