//! The outbox history: settled writes kept for a restored hub, sent again in order under their
//! own ids, and — when even the history is too short for the hub — renumbered as a new device.

mod common;

use common::*;
use styrebord_core::minutes::NewComment;
use styrebord_protocol::MutationResult;
use styrebord_store::OutboxState;

fn comment(n: usize) -> NewComment {
    let f = fixture();
    NewComment {
        agenda_item: f.items[1].id,
        text: format!("Bemærkning nr. {n} til punktet."),
    }
}

#[test]
fn settled_writes_are_kept_and_sent_again_in_order_then_renumbered_as_a_new_device() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let writes: Vec<_> = (0..3)
        .map(|n| {
            store
                .comment(f.minutes.draft.id, comment(n), day(TODAY))
                .unwrap()
        })
        .collect();
    // The hub applied the first two and refused the third; the member dismisses the refusal.
    let cursor = store.cursor().unwrap().unwrap();
    let results: Vec<MutationResult> = writes
        .iter()
        .enumerate()
        .map(|(i, w)| match i {
            2 => MutationResult::Rejected {
                mutation_id: w.mutation_id,
                client_seq: w.client_seq,
                error: styrebord_protocol::ErrorBody::new(
                    "comment_round_closed",
                    "Lukket.",
                    "Closed.",
                ),
            },
            _ => MutationResult::Applied {
                mutation_id: w.mutation_id,
                client_seq: w.client_seq,
                seq: cursor.seq, // already in the mirror: settled at once
                notices: vec![],
            },
        })
        .collect();
    store.record_results(&results).unwrap();
    assert!(store.dismiss_rejected(writes[2].mutation_id).unwrap());
    assert!(store.outbox().unwrap().is_empty(), "all settled");
    let history = store.outbox_history().unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| (h.client_seq, h.state))
            .collect::<Vec<_>>(),
        vec![
            (1, OutboxState::Applied),
            (2, OutboxState::Applied),
            (3, OutboxState::Rejected)
        ]
    );

    // The hub is found restored: every write goes out again, in order, under its own id.
    assert_eq!(store.resend_history().unwrap(), 3);
    let again = store.outbox_to_push(100).unwrap();
    assert_eq!(
        again
            .iter()
            .map(|e| (e.mutation_id, e.client_seq))
            .collect::<Vec<_>>(),
        writes
            .iter()
            .map(|w| (w.mutation_id, w.client_seq))
            .collect::<Vec<_>>()
    );
    assert!(store.outbox_history().unwrap().is_empty());
    let notice = store
        .sync_status()
        .unwrap()
        .notice
        .expect("the member is told");
    assert_eq!(notice.code, "hub_restored");
    assert!(notice.message_en.contains("3 latest changes"), "{notice:?}");

    // Refused again, the once-dismissed refusal is filed away, not shown anew.
    let w = &writes[2];
    store
        .record_results(&[MutationResult::Rejected {
            mutation_id: w.mutation_id,
            client_seq: w.client_seq,
            error: styrebord_protocol::ErrorBody::new("comment_round_closed", "Lukket.", "Closed."),
        }])
        .unwrap();
    assert!(store
        .outbox()
        .unwrap()
        .iter()
        .all(|e| e.state != OutboxState::Rejected));

    // The hub lacks even older writes: the waiting ones go on as a new device, from 1.
    let device = store.device_id().unwrap();
    let next = store
        .comment(f.minutes.draft.id, comment(9), day(TODAY))
        .unwrap();
    assert_eq!(next.client_seq, 4);
    assert_eq!(store.restart_device_sequence().unwrap(), 3);
    assert_ne!(store.device_id().unwrap(), device);
    let renumbered = store.outbox_to_push(100).unwrap();
    assert_eq!(
        renumbered.iter().map(|e| e.client_seq).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(renumbered[2].mutation_id, next.mutation_id);
    let after = store
        .comment(f.minutes.draft.id, comment(10), day(TODAY))
        .unwrap();
    assert_eq!(after.client_seq, 4);
}
