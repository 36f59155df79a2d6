//! Compacting the change log: superseded changes go, and every reader — a new device, or one
//! part-way through the log — still ends with the same view, over HTTP, without a reset.

mod common;

use std::collections::BTreeMap;

use common::{d, World, TODAY};
use reqwest::StatusCode;
use serde_json::Value;
use styrebord_hub::admin;

/// Follows the feed from `since` to its end: the latest body per (kind, id), the number of
/// changes read, and the final cursor.
async fn follow(
    w: &World,
    token: &str,
    since: Option<&str>,
) -> (BTreeMap<String, Value>, usize, String) {
    let mut latest = BTreeMap::new();
    let mut read = 0;
    let mut cursor = since.map(str::to_owned);
    loop {
        let path = match &cursor {
            Some(c) => format!("/v1/changes?since={c}&limit=50"),
            None => "/v1/changes?limit=50".to_owned(),
        };
        let (status, page) = w.get_json(&path, token).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        for c in page["changes"].as_array().unwrap() {
            read += 1;
            let body = &c["body"];
            // Things are named by id, organisations and systems by code, minutes by their draft,
            // attendance by its meeting; the committee is one.
            let id = [
                &body["id"],
                &body["code"],
                &body["draft"]["id"],
                &body["meeting"],
            ]
            .into_iter()
            .find_map(|v| v.as_str())
            .or((c["kind"] == "committee").then_some("committee"))
            .unwrap_or_else(|| panic!("no id in {body}"));
            latest.insert(
                format!("{}/{id}", c["kind"].as_str().unwrap()),
                c["body"].clone(),
            );
        }
        cursor = Some(page["cursor"].as_str().unwrap().to_owned());
        if page["has_more"] != true {
            return (latest, read, cursor.unwrap());
        }
    }
}

#[tokio::test]
async fn compaction_keeps_every_readers_view_and_needs_no_reset() {
    let w = World::start().await;
    let (_, _, midway) = follow(&w, &w.kl_member.token, None).await;
    // Changes after the midway cursor, several of them superseding earlier ones: publishing
    // announces the June agenda again, and the comment round is closed then approved.
    admin::publish_agenda(&w.store, w.m2, d(TODAY)).unwrap();
    admin::publish_agenda(&w.store, w.m1, d(TODAY)).unwrap();
    admin::close_comments(&w.store, w.m0, d(TODAY)).unwrap();
    admin::approve_minutes(&w.store, w.m0, w.m1, vec![], d("2026-03-12")).unwrap();

    let readers = [&w.kl_member.token, &w.kl_obs.token, &w.sec.token];
    let mut before = Vec::new();
    for token in readers {
        before.push((
            follow(&w, token, None).await,
            follow(&w, token, Some(&midway)).await,
        ));
    }
    let rows = w.changes_count();
    let (removed, remaining) = admin::compact_log(&w.store).unwrap();
    assert!(removed > 0, "the scenario supersedes changes");
    assert_eq!(remaining as i64, rows - removed as i64);
    assert_eq!(w.changes_count(), remaining as i64);

    for (token, ((fresh, fresh_read, head), (mid, _, mid_head))) in readers.into_iter().zip(before)
    {
        let (fresh_after, fresh_read_after, head_after) = follow(&w, token, None).await;
        assert_eq!(fresh_after, fresh, "a new device sees the same");
        assert_eq!(
            fresh_read_after,
            fresh_after.len(),
            "one change per thing after compaction"
        );
        assert!(fresh_read_after < fresh_read);
        assert_eq!(head_after, head, "the head does not move");
        let (mid_after, _, mid_head_after) = follow(&w, token, Some(&midway)).await;
        assert_eq!(
            mid_after, mid,
            "a reader part-way through sees the same, with no 410"
        );
        assert_eq!(mid_head_after, mid_head);
    }
    assert_eq!(
        admin::compact_log(&w.store).unwrap().0,
        0,
        "nothing left to remove"
    );
}

/// An item moved from a published meeting to one not yet published is hidden from members: they
/// are told to drop it, and compacting the log keeps every reader's view — a new device never
/// sees it, a device that had it is told to drop it — with no reset.
#[tokio::test]
async fn a_record_hidden_from_members_is_withdrawn_and_stays_withdrawn_after_compaction() {
    let w = World::start().await;
    let member = &w.kl_member.token;
    let key = format!("agenda_item/{}", w.m1_item);
    let (before, _, midway) = follow(&w, member, None).await;
    assert!(before.contains_key(&key), "the member sees the March item");

    // The secretariat moves it to June, whose agenda is not published.
    let item: styrebord_core::meeting::AgendaItem = w
        .store
        .read(|c| {
            styrebord_hub::store::get_entity(
                c,
                styrebord_core::entity::EntityKind::AgendaItem,
                &w.m1_item.to_string(),
            )
        })
        .unwrap()
        .unwrap();
    let moved = styrebord_core::meeting::AgendaItem {
        meeting: w.m2,
        ..item
    };
    admin::act(
        &w.store,
        &styrebord_core::write::Op::UpsertAgendaItem { item: moved },
        d(TODAY),
    )
    .unwrap();

    let (mid, _, _) = follow(&w, member, Some(&midway)).await;
    assert!(
        mid.contains_key(&format!("withdrawn/{}", w.m1_item)),
        "the member is told to drop it"
    );
    assert!(!mid.contains_key(&key), "and is not sent its new state");

    admin::compact_log(&w.store).unwrap();
    let (fresh, _, _) = follow(&w, member, None).await;
    assert!(!fresh.contains_key(&key), "a new device never sees it");
    let (mid_after, _, _) = follow(&w, member, Some(&midway)).await;
    assert!(
        mid_after.contains_key(&format!("withdrawn/{}", w.m1_item))
            && !mid_after.contains_key(&key),
        "a device that had it is still told to drop it"
    );
    // The secretariat still has it, on June's agenda.
    let (sec, _, _) = follow(&w, &w.sec.token, None).await;
    assert_eq!(sec[&key]["meeting"], w.m2.to_string());
}
