//! Escalation to PSTG through the secretariat's commands, seen over HTTP by a member: the case
//! follows its agenda item's visibility, and the economic forum comes before PSTG.

mod common;

use common::{d, World, TODAY};
use serde_json::Value;
use styrebord_core::meeting::AgendaItemKind;
use styrebord_core::SystemId;
use styrebord_hub::{admin, HubError};

/// The member's latest view of escalation `id`, if they can see it.
async fn seen_by(w: &World, token: &str, id: &str) -> Option<Value> {
    w.all_changes(token)
        .await
        .into_iter()
        .rfind(|c| c["kind"] == "escalation" && c["body"]["id"] == id)
        .map(|c| c["body"].clone())
}

fn refusal_code<T: std::fmt::Debug>(result: Result<T, HubError>) -> &'static str {
    match result {
        Err(HubError::Refused(r)) => r.code(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_case_on_an_unpublished_agenda_is_the_secretariats_until_the_agenda_is_published() {
    let w = World::start().await;
    let mitid = SystemId::parse("MITID").unwrap();
    // The June meeting (m2) is planned: its agenda is not published yet.
    let item = admin::add_item(
        &w.store,
        w.m2,
        "Midler til redundant drift af MitID",
        AgendaItemKind::Decision,
        "",
        std::slice::from_ref(&mitid),
        d(TODAY),
    )
    .unwrap();
    let id = admin::escalate(
        &w.store,
        item,
        "Redundant drift af MitID i 2027",
        true,
        d(TODAY),
    )
    .unwrap();
    let key = id.to_string();

    assert!(seen_by(&w, &w.kl_member.token, &key).await.is_none());
    let sec = seen_by(&w, &w.sec.token, &key)
        .await
        .expect("the secretariat sees it");
    assert_eq!(sec["state"], "proposed");
    assert_eq!(sec["systems"][0], "MITID");

    // Funds are needed: PSTG only after the economic forum, and a refusal stores nothing.
    let before = w.changes_count();
    assert_eq!(
        refusal_code(admin::ready_for_pstg(&w.store, id, d(TODAY))),
        "economic_forum_approval_missing"
    );
    assert_eq!(
        refusal_code(admin::sent_to_pstg(&w.store, id, d(TODAY))),
        "escalation_not_ready"
    );
    assert_eq!(w.changes_count(), before);
    admin::record_forum_approval(
        &w.store,
        id,
        d("2026-03-01"),
        "MitID-økonomiforum, referat 1. marts 2026, pkt. 3",
        d(TODAY),
    )
    .unwrap();
    admin::ready_for_pstg(&w.store, id, d(TODAY)).unwrap();
    assert_eq!(
        refusal_code(admin::ready_for_pstg(&w.store, id, d(TODAY))),
        "escalation_not_proposed"
    );
    admin::sent_to_pstg(&w.store, id, d(TODAY)).unwrap();
    assert!(seen_by(&w, &w.kl_member.token, &key).await.is_none());

    // Publishing the agenda shows the case, in its latest state, with its item.
    admin::publish_agenda(&w.store, w.m2, d(TODAY)).unwrap();
    let member = seen_by(&w, &w.kl_obs.token, &key).await.expect("published");
    assert_eq!(member["state"], "sent_to_pstg");
    assert_eq!(
        member["economic_forum_approval"]["reference"],
        "MitID-økonomiforum, referat 1. marts 2026, pkt. 3"
    );
    let feed = w.all_changes(&w.kl_member.token).await;
    let shown_item = feed
        .iter()
        .rfind(|c| c["kind"] == "agenda_item" && c["body"]["id"] == item.to_string())
        .expect("the item");
    assert_eq!(shown_item["body"]["escalation"], key.as_str());
}

#[tokio::test]
async fn a_case_on_a_published_agenda_is_seen_at_once_and_bad_input_is_refused() {
    let w = World::start().await;
    let id = admin::escalate(
        &w.store,
        w.m1_item,
        "Forlænget parallel drift",
        false,
        d(TODAY),
    )
    .unwrap();
    let seen = seen_by(&w, &w.dr_member.token, &id.to_string()).await;
    assert_eq!(seen.expect("published meeting")["state"], "proposed");
    // No funds needed: ready without the forum.
    admin::ready_for_pstg(&w.store, id, d(TODAY)).unwrap();

    let before = w.changes_count();
    let today = d(TODAY);
    assert_eq!(
        refusal_code(admin::escalate(&w.store, w.m1_item, "Igen", false, today)),
        "escalation_already_on_item"
    );
    assert_eq!(
        refusal_code(admin::escalate(&w.store, w.m0_item, "  ", false, today)),
        "case_missing"
    );
    assert_eq!(
        refusal_code(admin::record_forum_approval(
            &w.store,
            id,
            d("2026-03-01"),
            " ",
            today
        )),
        "forum_reference_missing"
    );
    let unknown = SystemId::parse("NOPE").unwrap();
    assert_eq!(
        refusal_code(admin::add_item(
            &w.store,
            w.m1,
            "Punkt",
            AgendaItemKind::Orientation,
            "",
            &[unknown],
            today
        )),
        "system_not_in_portfolio"
    );
    assert_eq!(w.changes_count(), before);
}
