//! A hub newer than the app: changes the app cannot read are set aside and counted, the member
//! is told to update, and after an update the feed is read again over the copy.

mod common;

use common::*;
use styrebord_protocol::{ChangesPage, Cursor, UnreadableChange};
use styrebord_store::{Store, StoreError};

/// The fixture's whole page as a hub newer than this app would send it: the written procedure
/// under a kind this version has never heard of.
fn newer_hubs_page(f: &Fixture) -> (ChangesPage, Vec<UnreadableChange>) {
    let json = serde_json::to_string(&f.page(0)).unwrap();
    let newer = json.replace(r#""kind":"written_procedure""#, r#""kind":"written_case""#);
    assert_ne!(json, newer, "the fixture has a written procedure to rename");
    ChangesPage::from_json_tolerant(newer.as_bytes()).unwrap()
}

fn at(seq: u64) -> Cursor {
    Cursor { epoch: 1, seq }
}

/// A store on version 0.1.0 that has applied the newer hub's page.
fn store_behind_a_newer_hub(dir: &std::path::Path, f: &Fixture) -> Store {
    let store = Store::open(&dir.join("store.sqlite3")).unwrap();
    store.set_me(&f.me).unwrap();
    assert!(!store.replay_if_updated("0.1.0").unwrap());
    let (page, unreadable) = newer_hubs_page(f);
    store
        .apply_page_with_unreadable(&page, &unreadable)
        .unwrap();
    store
}

/// [`store_behind_a_newer_hub`], updated to 0.2.0: its replay has started.
fn replaying_store(dir: &std::path::Path, f: &Fixture) -> Store {
    let store = store_behind_a_newer_hub(dir, f);
    assert!(store.replay_if_updated("0.2.0").unwrap());
    store
}

#[test]
fn what_this_version_cannot_read_is_set_aside_and_the_member_told_to_update() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let (page, unreadable) = newer_hubs_page(&f);
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].kind, "written_case");
    let store = store_behind_a_newer_hub(dir.path(), &f);

    // Everything else arrived, and the cursor moved past the page.
    assert_eq!(store.cursor().unwrap(), Some(page.cursor));
    assert!(store.meeting(f.meeting.id, day(TODAY)).unwrap().is_some());
    assert!(store.procedures(day(TODAY)).unwrap().is_empty());
    let status = store.sync_status().unwrap();
    assert!(!status.resyncing);
    let outdated = status.app_outdated.expect("the member is told");
    assert_eq!(outdated.code, "app_outdated");
    assert!(
        outdated.message_da.contains("1 oplysning") && outdated.message_da.contains("written_case"),
        "{}",
        outdated.message_da
    );
    assert!(outdated.message_en.contains("Update Styrebord"));

    // Another page with more of the same adds to the count; the kind is named once.
    let json = serde_json::to_string(&common::page(
        page.cursor.seq,
        vec![styrebord_protocol::Entity::WrittenProcedure(
            f.procedure.clone(),
        )],
    ))
    .unwrap()
    .replace("written_procedure", "written_case");
    let (more, unreadable) = ChangesPage::from_json_tolerant(json.as_bytes()).unwrap();
    store
        .apply_page_with_unreadable(&more, &unreadable)
        .unwrap();
    let outdated = store.sync_status().unwrap().app_outdated.unwrap();
    assert!(
        outdated.message_da.contains("2 oplysninger")
            && outdated.message_da.matches("written_case").count() == 1,
        "{}",
        outdated.message_da
    );
}

#[test]
fn after_an_update_the_feed_is_read_again_over_the_copy() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = store_behind_a_newer_hub(dir.path(), &f);
    let head = store.cursor().unwrap().unwrap();

    // The same version again: nothing to catch up, and the member is still told.
    assert!(!store.replay_if_updated("0.1.0").unwrap());
    assert_eq!(store.next_pull().unwrap(), Some(head));
    assert!(store.sync_status().unwrap().app_outdated.is_some());

    // The updated app reads the feed from its start, and the copy stays whole meanwhile: the
    // cursor stays, nothing is cleared and it is not called incomplete.
    assert!(store.replay_if_updated("0.2.0").unwrap());
    assert!(store.is_replaying().unwrap());
    assert_eq!(
        store.next_pull().unwrap(),
        Some(at(0)),
        "the start of the same log"
    );
    assert_eq!(store.cursor().unwrap(), Some(head));
    let status = store.sync_status().unwrap();
    assert!(!status.resyncing);
    assert!(
        status.app_outdated.is_none(),
        "the old version's notice is gone"
    );
    assert!(store.meeting(f.meeting.id, day(TODAY)).unwrap().is_some());

    // The new version reads what the old one set aside.
    store.apply_page(&f.page(0)).unwrap();
    assert_eq!(store.procedures(day(TODAY)).unwrap().len(), 1);
    assert!(!store.is_replaying().unwrap());
    assert_eq!(store.cursor().unwrap(), Some(head));
    assert_eq!(store.next_pull().unwrap(), Some(head));
    assert!(!store.replay_if_updated("0.2.0").unwrap());
}

#[test]
fn a_replay_in_pages_keeps_its_own_place_and_never_moves_the_cursor_back() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = store_behind_a_newer_hub(dir.path(), &f);
    // The copy has read further since: the cursor is at 40.
    let later = ChangesPage {
        changes: vec![],
        cursor: at(40),
        has_more: false,
    };
    store.apply_page(&later).unwrap();
    assert!(store.replay_if_updated("0.2.0").unwrap());

    let bodies = f.bodies();
    let first = ChangesPage {
        has_more: true,
        cursor: at(5),
        ..common::page(0, bodies[..5].to_vec())
    };
    store.apply_page(&first).unwrap();
    assert_eq!(store.next_pull().unwrap(), Some(at(5)));
    assert_eq!(store.cursor().unwrap(), Some(at(40)), "the cursor stays");

    // A stale answer behind the replay's place is refused, as behind a cursor.
    let stale = ChangesPage {
        has_more: true,
        cursor: at(3),
        ..common::page(0, bodies[..3].to_vec())
    };
    assert!(matches!(
        store.apply_page(&stale),
        Err(StoreError::CursorBackwards { .. })
    ));

    // The last page ends the replay at the hub's head.
    let rest = ChangesPage {
        cursor: at(41),
        ..common::page(5, bodies[5..].to_vec())
    };
    store.apply_page(&rest).unwrap();
    assert!(!store.is_replaying().unwrap());
    assert_eq!(store.cursor().unwrap(), Some(at(41)));
    assert_eq!(store.procedures(day(TODAY)).unwrap().len(), 1);
}

#[test]
fn a_copy_never_synced_or_from_before_versions_were_kept_is_not_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    // Synced before versions were recorded: this version is recorded, nothing replayed.
    let store = f.store(dir.path());
    assert!(!store.replay_if_updated("0.1.0").unwrap());
    assert!(!store.is_replaying().unwrap());
    assert!(store.replay_if_updated("0.2.0").unwrap());

    // Never synced: the first sync reads everything anyway.
    let fresh = Store::open(&dir.path().join("fresh.sqlite3")).unwrap();
    assert!(!fresh.replay_if_updated("0.1.0").unwrap());
    assert!(!fresh.replay_if_updated("0.2.0").unwrap());
    assert!(!fresh.is_replaying().unwrap());
    assert_eq!(fresh.next_pull().unwrap(), None);
}

#[test]
fn a_reset_during_a_replay_ends_it() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = replaying_store(dir.path(), &f);
    store.reset_for_resync().unwrap();
    assert!(!store.is_replaying().unwrap());
    assert!(store.is_resyncing().unwrap());
    assert_eq!(store.next_pull().unwrap(), None);
}

#[test]
fn a_hub_restored_during_a_replay_moves_the_replays_place_to_its_log() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = replaying_store(dir.path(), &f);
    let head = store.cursor().unwrap().unwrap();
    let bodies = f.bodies();
    store
        .apply_page(&ChangesPage {
            has_more: true,
            cursor: at(5),
            ..common::page(0, bodies[..5].to_vec())
        })
        .unwrap();
    // The restored hub's log continues this one under epoch 7.
    store.continue_restored_log(7).unwrap();
    let moved = |seq| Cursor { epoch: 7, seq };
    assert_eq!(store.next_pull().unwrap(), Some(moved(5)));
    assert_eq!(store.cursor().unwrap(), Some(moved(head.seq)));
    let mut rest = common::page(5, bodies[5..].to_vec());
    rest.cursor = moved(head.seq);
    store.apply_page(&rest).unwrap();
    assert!(!store.is_replaying().unwrap());
    assert_eq!(store.procedures(day(TODAY)).unwrap().len(), 1);
}
