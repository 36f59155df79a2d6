//! The local store against real SQLite files: pages, outbox, local writes with the core rules,
//! views, search, blobs, private data, migrations, wipe.

mod common;

use std::collections::BTreeSet;

use common::*;
use styrebord_core::entity::EntityKind;
use styrebord_core::minutes::NewComment;
use styrebord_core::procedure::Response;
use styrebord_core::registration::{NewRegistration, RegistrationKind};
use styrebord_core::{OrgId, Refusal};
use styrebord_protocol::{Cursor, Entity, ErrorBody, MutationResult, Op};
use styrebord_store::{BlobState, OutboxState, SearchKind, Store, StoreError, WriteError};

fn observer(name: &str, email: &str) -> NewRegistration {
    NewRegistration {
        org: OrgId::parse("KL").unwrap(),
        kind: RegistrationKind::Observer,
        person: None,
        name: name.into(),
        email: email.into(),
    }
}

#[test]
fn a_page_and_its_cursor_apply_together_and_reapplying_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    assert_eq!(store.cursor().unwrap(), Some(Cursor { epoch: 1, seq: 12 }));
    // The same page again (a duplicated response): same data.
    store.apply_page(&f.page(0)).unwrap();
    assert_eq!(store.meeting_plan(Some(2026)).unwrap().len(), 2);
    assert_eq!(store.agenda(f.past_meeting.id).unwrap().len(), 2);
    // An older page (a reordered response) is refused and changes nothing.
    let mut old = page(0, vec![Entity::Meeting(f.meeting.clone())]);
    old.changes[0].body = Entity::Meeting(styrebord_core::meeting::Meeting {
        location: "Gammel".into(),
        ..f.meeting.clone()
    });
    assert!(matches!(
        store.apply_page(&old),
        Err(StoreError::CursorBackwards { .. })
    ));
    assert_eq!(
        store
            .meeting(f.meeting.id, day(TODAY))
            .unwrap()
            .unwrap()
            .summary
            .meeting
            .location,
        f.meeting.location
    );
    // Another epoch without a reset is refused.
    let mut other = f.page(12);
    other.cursor.epoch = 2;
    assert!(matches!(
        store.apply_page(&other),
        Err(StoreError::EpochMismatch { .. })
    ));
    assert_eq!(store.cursor().unwrap(), Some(Cursor { epoch: 1, seq: 12 }));
}

#[test]
fn an_older_change_never_overwrites_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let newer = styrebord_core::meeting::Meeting {
        location: "Ny adresse".into(),
        ..f.meeting.clone()
    };
    store
        .apply_page(&page(12, vec![Entity::Meeting(newer)]))
        .unwrap();
    // A page that overlaps (seq 6 again, inside a later cursor) keeps the newer row.
    let mut overlap = page(12, vec![Entity::Meeting(f.meeting.clone())]);
    overlap.changes[0].seq = 6;
    store.apply_page(&overlap).unwrap();
    assert_eq!(
        store
            .meeting(f.meeting.id, day(TODAY))
            .unwrap()
            .unwrap()
            .summary
            .meeting
            .location,
        "Ny adresse"
    );
}

#[test]
fn a_registration_is_checked_offline_shown_pending_and_queued_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let today = day(TODAY);
    let w = store
        .register(f.meeting.id, observer("Jens Ærbo", "jens@kl.dk"), today)
        .unwrap();
    assert_eq!(w.client_seq, 1);
    let regs = store.registrations(f.meeting.id).unwrap();
    assert_eq!(regs.len(), 1);
    assert!(regs[0].pending);
    assert_eq!(regs[0].registration.name, "Jens Ærbo");

    // The second observer is refused with the core rule's Danish message, and nothing is saved.
    let err = store
        .register(f.meeting.id, observer("Anne", "anne@kl.dk"), today)
        .unwrap_err();
    let WriteError::Refused(r) = &err else {
        panic!("{err:?}")
    };
    assert!(matches!(r, Refusal::ObserverLimitReached { .. }));
    assert!(
        err.body().message_da.contains("bisidder"),
        "{}",
        err.body().message_da
    );
    assert_eq!(store.outbox().unwrap().len(), 1);

    let push = store.outbox_to_push(100).unwrap();
    assert_eq!(push.len(), 1);
    assert!(matches!(push[0].op, Op::RegisterParticipant { .. }));
}

#[test]
fn a_write_survives_a_crash_right_after_its_commit() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let device;
    {
        let store = f.store(dir.path());
        device = store.device_id().unwrap();
        store
            .register(f.meeting.id, observer("Jens", "jens@kl.dk"), day(TODAY))
            .unwrap();
        // dropped without any shutdown: the "process" ends here
    }
    let store = Store::open(&dir.path().join("store.sqlite3")).unwrap();
    assert_eq!(store.device_id().unwrap(), device);
    assert_eq!(store.outbox_to_push(10).unwrap().len(), 1);
    let w = store
        .respond(f.procedure.id, Response::Agree, day(TODAY))
        .unwrap();
    assert_eq!(
        w.client_seq, 2,
        "the device sequence continues after a restart"
    );
}

#[test]
fn results_settle_the_outbox_and_rejections_stay_until_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let today = day(TODAY);
    let reg = store
        .register(f.meeting.id, observer("Jens", "jens@kl.dk"), today)
        .unwrap();
    let new = NewComment {
        agenda_item: f.items[1].id,
        text: "Vi ønsker tilføjet en frist for planen.".into(),
    };
    let com = store.comment(f.minutes.draft.id, new, today).unwrap();
    store
        .mark_sent(&[reg.mutation_id, com.mutation_id])
        .unwrap();
    assert!(store
        .outbox()
        .unwrap()
        .iter()
        .all(|e| e.state == OutboxState::Sent));

    let results = vec![
        MutationResult::Applied {
            notices: vec![],
            mutation_id: reg.mutation_id,
            client_seq: 1,
            seq: 13,
        },
        MutationResult::Rejected {
            mutation_id: com.mutation_id,
            client_seq: 2,
            error: ErrorBody::new(
                "comment_round_closed",
                "Runden er lukket.",
                "The round is closed.",
            ),
        },
    ];
    let rec = store.record_results(&results).unwrap();
    assert_eq!((rec.applied, rec.rejected, rec.stale), (1, 1, 0));
    // A duplicated response changes nothing.
    assert_eq!(store.record_results(&results).unwrap().stale, 2);
    assert!(store.outbox_to_push(10).unwrap().is_empty());

    // Applied but not pulled yet: still shown (pending), from the outbox.
    let regs = store.registrations(f.meeting.id).unwrap();
    assert_eq!(regs.len(), 1);
    // The rejected comment is not shown as a comment, but stays in the outbox with its reason.
    assert!(store
        .minutes(f.past_meeting.id, today)
        .unwrap()
        .unwrap()
        .comments
        .is_empty());
    let rejected: Vec<_> = store
        .outbox()
        .unwrap()
        .into_iter()
        .filter(|e| e.state == OutboxState::Rejected)
        .collect();
    assert_eq!(
        rejected[0].error.as_ref().unwrap().message_da,
        "Runden er lukket."
    );
    assert_eq!(store.overview(today).unwrap().rejected_writes.len(), 1);

    // The pull brings the hub's row at seq 13: the overlay settles into the mirror.
    let Some(styrebord_store::outbox::OutboxEntry {
        op: Op::RegisterParticipant { registration, .. },
        ..
    }) = store
        .outbox()
        .unwrap()
        .into_iter()
        .find(|e| e.mutation_id == reg.mutation_id)
    else {
        panic!()
    };
    let hub_row = styrebord_core::registration::Registration {
        id: registration,
        meeting: f.meeting.id,
        org: OrgId::parse("KL").unwrap(),
        kind: RegistrationKind::Observer,
        person: None,
        name: "Jens".into(),
        email: "jens@kl.dk".into(),
        registered_by: f.me.id,
    };
    store
        .apply_page(&page(12, vec![Entity::Registration(hub_row)]))
        .unwrap();
    let regs = store.registrations(f.meeting.id).unwrap();
    assert_eq!(regs.len(), 1);
    assert!(!regs[0].pending);
    assert_eq!(
        store.outbox().unwrap().len(),
        1,
        "the applied row is settled and pruned"
    );

    assert!(store.dismiss_rejected(com.mutation_id).unwrap());
    assert!(!store.dismiss_rejected(com.mutation_id).unwrap());
    assert!(store.outbox().unwrap().is_empty());
}

#[test]
fn responses_overlay_the_procedure_and_an_objection_closes_it_offline() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let today = day(TODAY);
    store
        .respond(
            f.procedure.id,
            Response::Object("Vi mangler en konsekvensanalyse.".into()),
            today,
        )
        .unwrap();
    let view = store.procedure(f.procedure.id, today).unwrap().unwrap();
    assert!(view.pending && view.answered);
    assert!(matches!(
        view.outcome,
        styrebord_core::procedure::Outcome::MovedToMeeting { .. }
    ));
    let err = store
        .respond(f.procedure.id, Response::Agree, today)
        .unwrap_err();
    assert!(matches!(
        err,
        WriteError::Refused(Refusal::ProcedureClosedByObjection { .. })
    ));
    assert!(store
        .overview(today)
        .unwrap()
        .procedures_awaiting
        .is_empty());
}

#[test]
fn writes_need_the_thing_locally_and_a_signed_in_person() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = Store::open(&dir.path().join("s.sqlite3")).unwrap();
    store.apply_page(&f.page(0)).unwrap();
    let err = store
        .register(f.meeting.id, observer("J", "j@kl.dk"), day(TODAY))
        .unwrap_err();
    assert_eq!(err.body().code, "not_signed_in");
    store.set_me(&f.me).unwrap();
    let unknown = styrebord_core::MeetingId::from_uuid(id(999));
    assert_eq!(
        store
            .register(unknown, observer("J", "j@kl.dk"), day(TODAY))
            .unwrap_err()
            .body()
            .code,
        "meeting_not_found"
    );
}

#[test]
fn a_reset_clears_the_mirror_but_keeps_the_outbox_notes_and_read_status() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let w = store
        .register(f.meeting.id, observer("Jens", "jens@kl.dk"), day(TODAY))
        .unwrap();
    store.mark_sent(&[w.mutation_id]).unwrap();
    store
        .add_note(f.doc.id, Some(2), "Spørg til vinduet i uge 7")
        .unwrap();
    store.mark_read(f.doc.id, Some(3)).unwrap();

    store.reset_for_resync().unwrap();
    assert_eq!(store.cursor().unwrap(), None);
    assert!(store.is_resyncing().unwrap());
    assert!(store.meeting_plan(None).unwrap().is_empty());
    assert!(store.search("vinduer", 10).unwrap().hits.is_empty());
    let out = store.outbox_to_push(10).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].state,
        OutboxState::Pending,
        "an unanswered send is sent again"
    );
    assert_eq!(store.notes(f.doc.id).unwrap().len(), 1);
    assert_eq!(
        store.read_status(f.doc.id).unwrap().unwrap().last_page,
        Some(3)
    );

    let mut p = f.page(0);
    p.cursor.epoch = 2;
    store.apply_page(&p).unwrap();
    assert!(!store.is_resyncing().unwrap());
    assert_eq!(store.search("vinduer", 10).unwrap().hits.len(), 2);
}

#[test]
fn search_folds_case_keeps_danish_letters_and_finds_prefixes() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    // "møde" finds "mødet" (agenda title) and "møder" (description), whatever the case.
    let hits = store.search("Møde", 10).unwrap().hits;
    let ids: Vec<_> = hits.iter().map(|h| h.id.clone()).collect();
    assert!(ids.contains(&f.items[0].id.to_string()), "{hits:?}");
    assert!(ids.contains(&f.items[1].id.to_string()), "{hits:?}");
    // Each agenda item hit says which meeting it belongs to, by date.
    let item_hit = hits
        .iter()
        .find(|h| h.id == f.items[0].id.to_string())
        .unwrap();
    let its_meeting = store
        .meeting_plan(None)
        .unwrap()
        .into_iter()
        .find(|m| m.meeting.id == f.items[0].meeting)
        .unwrap()
        .meeting;
    assert_eq!(
        item_hit.meeting_date.as_deref(),
        Some(its_meeting.date.to_string().as_str())
    );
    // Decisions are searchable, with a marked snippet.
    let hits = store.search("efterretning", 10).unwrap().hits;
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, SearchKind::Decision);
    assert!(
        hits[0].snippet.contains("\u{2}efterretning\u{3}"),
        "{:?}",
        hits[0].snippet
    );
    // æ, ø, å are letters of their own: "far" does not find "får", "o" does not find "ø".
    assert!(store.search("far", 10).unwrap().hits.is_empty());
    assert_eq!(store.search("får", 10).unwrap().hits.len(), 1);
    assert!(store.search("Oberg", 10).unwrap().hits.is_empty());
    // FTS syntax typed by a person is just text.
    assert!(store.search("\"NEAR(", 10).unwrap().hits.len() <= 10);
    assert!(store.search("*", 10).unwrap().hits.is_empty());

    // Material text arrives with the blob; the title ranks above a body mention.
    assert_eq!(store.search("konsekvensanalyse", 10).unwrap().hits.len(), 0);
    let pages = vec![
        "Side et om drift.".to_string(),
        "Konsekvensanalyse af vinduerne.".to_string(),
    ];
    store
        .blob_available(f.doc.sha256.as_str(), Some(&pages))
        .unwrap();
    let hits = store.search("konsekvensanalyse", 10).unwrap().hits;
    assert_eq!((hits[0].kind, hits[0].page), (SearchKind::Material, 2));
    let hits = store.search("vinduer", 10).unwrap().hits;
    assert!(hits.len() >= 2);
}

#[test]
fn a_document_is_one_hit_at_the_page_of_its_best_passage() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let filler = |n: usize| vec!["tekst"; n].join(" ");
    let pages = vec![
        format!("Side et om drift. {}", filler(40)),
        format!(
            "{} Drift og frist for udrulning. {}",
            filler(30),
            filler(30)
        ),
        format!("Drift igen. {}", filler(40)),
    ];
    store
        .blob_available(f.doc.sha256.as_str(), Some(&pages))
        .unwrap();
    // "drift" is on every page and in the title: one hit for the document, not one per page.
    let hits: Vec<_> = store
        .search("drift", 20)
        .unwrap()
        .hits
        .into_iter()
        .filter(|h| h.kind == SearchKind::Material)
        .collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].title, "Bilag 1: Vinduer for \u{2}drift\u{3}");
    // Both words are together only on page 2: that is where the snippet (and the reader) goes.
    let hits = store.search("drift frist", 20).unwrap().hits;
    assert_eq!(
        (hits[0].kind, hits[0].page),
        (SearchKind::Material, 2),
        "{hits:?}"
    );
    assert!(
        hits[0]
            .snippet
            .contains("\u{2}Drift\u{3} og \u{2}frist\u{3}"),
        "{:?}",
        hits[0].snippet
    );
    assert!(hits[0].snippet.starts_with('…') && hits[0].snippet.ends_with('…'));
}

/// A first sync indexes a new document without looking its text up (its blob was queued in the
/// same transaction, so it has none yet): the row must be what the general path writes.
#[test]
fn a_new_document_is_indexed_like_one_whose_blob_was_already_known() {
    use styrebord_core::ids::DocumentId;
    use styrebord_core::meeting::Document;
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let a = Document {
        id: DocumentId::from_uuid(id(900)),
        sha256: sha(77),
        title: "Særskilt leverandørnotat".into(),
        ..f.doc.clone()
    };
    // The same blob: known by the time `b` arrives, so `b` is indexed the general way.
    let b = Document {
        id: DocumentId::from_uuid(id(901)),
        ..a.clone()
    };
    let applied = store
        .apply_page(&page(40, vec![Entity::Document(a)]))
        .unwrap();
    assert_eq!(applied.new_blobs, 1);
    let applied = store
        .apply_page(&page(41, vec![Entity::Document(b)]))
        .unwrap();
    assert_eq!(applied.new_blobs, 0);
    let hits = store.search("leverandørnotat", 20).unwrap().hits;
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!(
        hits[0].rank, hits[1].rank,
        "the same indexed text: {hits:?}"
    );
    // Its text, once known, is found for both.
    let pages = vec!["Her står xylofonkontrakten".to_owned()];
    store
        .blob_available(sha(77).as_str(), Some(&pages))
        .unwrap();
    let hits = store.search("xylofonkontrakten", 20).unwrap().hits;
    assert_eq!(hits.len(), 2, "{hits:?}");
}

#[test]
fn a_minutes_hit_names_the_decision_that_matched() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    // In the text of the second decision.
    let hits = store.search("plan før", 20).unwrap().hits;
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(
        (hits[0].kind, hits[0].page, hits[0].id.clone()),
        (SearchKind::Decision, 2, f.minutes.draft.id.to_string())
    );
    assert_eq!(hits[0].title, "Driftsstatus for MitID og NemLog-in");
    // Only in an agenda item title: the decision under that title, its text as snippet.
    let hits: Vec<_> = store
        .search("godkendelse", 20)
        .unwrap()
        .hits
        .into_iter()
        .filter(|h| h.kind == SearchKind::Decision)
        .collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].page, 1);
    assert_eq!(hits[0].title, "\u{2}Godkendelse\u{3} af referat fra mødet");
    assert_eq!(hits[0].snippet, "Referatet blev godkendt uden bemærkninger");
}

/// `n` agenda items on the fixture's meeting, each with `description`.
fn agenda_items(
    f: &Fixture,
    first: u128,
    n: u128,
    description: impl Fn(u128) -> String,
) -> Vec<Entity> {
    (first..first + n)
        .map(|i| {
            Entity::AgendaItem(styrebord_core::meeting::AgendaItem {
                id: styrebord_core::AgendaItemId::from_uuid(id(10_000 + i)),
                description: description(i),
                number: 9,
                title: format!("Punkt {i}"),
                ..f.items[2].clone()
            })
        })
        .collect()
}

#[test]
fn a_prefix_finds_the_same_things_whether_or_not_it_is_looked_up_as_words() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    // "drifts" stands for four indexed words (so is looked up and replaced by them), "drif"
    // for five (stays a prefix); case, æøå and a word seen once in a title all count.
    let texts = [
        "drift af løsningen",
        "driftsstatus for kvartalet",
        "DRIFTSPLAN og frist",
        "driftsrisiko",
        "Driftsøkonomi og fristen",
        "frister uden ordet",
        "ingen af dem",
    ];
    store
        .apply_page(&page(
            100,
            agenda_items(&f, 0, texts.len() as u128, |i| texts[i as usize].to_owned()),
        ))
        .unwrap();
    // The rule: every typed term starts a word of the item's title or description.
    let expected = |q: &str| -> BTreeSet<String> {
        let terms: Vec<String> = q.split(' ').map(str::to_lowercase).collect();
        agenda_items(&f, 0, texts.len() as u128, |i| texts[i as usize].to_owned())
            .into_iter()
            .filter_map(|e| match e {
                Entity::AgendaItem(a) => {
                    let text = format!("{} {}", a.title, a.description).to_lowercase();
                    let words: Vec<&str> = text.split([' ', '.']).collect();
                    terms
                        .iter()
                        .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
                        .then(|| a.id.to_string())
                }
                _ => None,
            })
            .collect()
    };
    let ours = expected("");
    assert_eq!(ours.len(), texts.len());
    for q in [
        "drifts",
        "Drifts",
        "drif",
        "drift",
        "driftsø",
        "drifts frist",
        "drift frist",
        "fristen",
        "driftsplan",
        "punkt drifts",
        "driftsx",
    ] {
        // (The fixture's own items and minutes may match too; only these are compared.)
        let found: BTreeSet<String> = store
            .search(q, 100)
            .unwrap()
            .hits
            .into_iter()
            .map(|h| h.id)
            .filter(|id| ours.contains(id))
            .collect();
        assert_eq!(found, expected(q), "{q}");
    }
    // And a prefix replaced by its words is still marked as typed.
    let hits = store.search("drifts", 20).unwrap().hits;
    let status = hits
        .iter()
        .find(|h| h.snippet.contains("for kvartalet"))
        .expect("the driftsstatus item");
    assert!(
        status.snippet.contains("\u{2}driftsstatus\u{3}"),
        "{status:?}"
    );
}

#[test]
fn very_common_words_rank_the_newest_matches_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let bound = styrebord_store::search::RANKED_MATCHES as u128;
    // The oldest item says "kapacitet" most often, so ranks best while it is among the ranked.
    let mut bodies = agenda_items(&f, 0, 1, |_| "kapacitet kapacitet kapacitet".into());
    bodies.extend(agenda_items(&f, 1, bound - 1, |i| {
        format!("kapacitet og punkt{i}")
    }));
    store.apply_page(&page(100, bodies)).unwrap();
    let r = store.search("kapacitet", 10).unwrap();
    assert_eq!(
        r.newest_only, None,
        "exactly the bound: every match is ranked"
    );
    assert_eq!(
        r.hits[0].id,
        styrebord_core::AgendaItemId::from_uuid(id(10_000)).to_string()
    );

    // One more match: the oldest falls outside the newest `bound`, and the answer says so.
    store
        .apply_page(&page(
            100 + bound as u64,
            agenda_items(&f, bound, 1, |_| "kapacitet".into()),
        ))
        .unwrap();
    let r = store.search("kapacitet", 10).unwrap();
    assert_eq!(r.newest_only, Some(styrebord_store::search::RANKED_MATCHES));
    assert_eq!(r.hits.len(), 10);
    assert!(r
        .hits
        .iter()
        .all(|h| h.id != styrebord_core::AgendaItemId::from_uuid(id(10_000)).to_string()));
    // A rarer word among them is still ranked exactly.
    let r = store.search("punkt1999", 10).unwrap();
    assert_eq!((r.newest_only, r.hits.len()), (None, 1));
}

#[test]
fn tidying_the_search_index_merges_it_and_changes_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    // Forty transactions that each index something: forty small segments.
    for i in 0..40u128 {
        let text = format!("kapacitet runde{i} drift");
        store
            .apply_page(&page(
                100 + i as u64,
                agenda_items(&f, i, 1, |_| text.clone()),
            ))
            .unwrap();
    }
    let answers = |store: &Store| -> Vec<Vec<(String, u32, String)>> {
        ["kapacitet", "drift", "runde3", "møde"]
            .iter()
            .map(|q| {
                store
                    .search(q, 50)
                    .unwrap()
                    .hits
                    .into_iter()
                    .map(|h| (h.id, h.page, h.snippet))
                    .collect()
            })
            .collect()
    };
    let before = answers(&store);
    assert_eq!(before[0].len(), 40);
    let mut steps = 0;
    while store.tidy_search().unwrap() {
        steps += 1;
        assert!(steps < 100, "tidying ends");
    }
    assert!(steps >= 1, "there was something to merge");
    assert!(!store.tidy_search().unwrap(), "a merged index stays merged");
    assert_eq!(answers(&store), before);
}

#[test]
fn committed_pages_reach_the_database_file_by_the_background_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let file = dir.path().join("store.sqlite3");
    let before = std::fs::metadata(&file).unwrap().len();
    let filler = "drift og vedligehold af den fællesoffentlige infrastruktur ".repeat(20);
    store
        .apply_page(&page(
            100,
            agenda_items(&f, 0, 2_000, |i| format!("{i} {filler}")),
        ))
        .unwrap();
    // No commit follows, and the WAL (a few MB) is far below the writer's own checkpoint
    // threshold: only the checkpoint thread can copy the pages into the database file.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::metadata(&file).unwrap().len() < before + 2_000_000 {
        assert!(
            std::time::Instant::now() < deadline,
            "the database file stayed at {} bytes",
            std::fs::metadata(&file).unwrap().len()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(
        store.search("fællesoffentlige", 10).unwrap().newest_only,
        None
    );
}

#[test]
fn one_letter_is_a_whole_word_and_two_letters_a_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    // "i" is a word of three texts; every hit is for the word, none for "ikke" or "indsats".
    let hits = store.search("i", 20).unwrap().hits;
    assert_eq!(hits.len(), 3, "{hits:?}");
    for h in &hits {
        let marked = format!("{}{}", h.title, h.snippet);
        assert!(marked.contains("\u{2}i\u{3}"), "{h:?}");
        assert!(!marked.contains("\u{2}ikke"), "{h:?}");
    }
    assert!(store.search("v", 20).unwrap().hits.is_empty());
    assert!(!store.search("ve", 20).unwrap().hits.is_empty());
}

#[test]
fn blobs_move_through_their_states_and_upcoming_material_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let old_doc = styrebord_core::meeting::Document {
        id: styrebord_core::DocumentId::from_uuid(id(301)),
        meeting: Some(f.past_meeting.id),
        agenda_item: None,
        sha256: sha(0x01),
        ..f.doc.clone()
    };
    store
        .apply_page(&page(12, vec![Entity::Document(old_doc)]))
        .unwrap();
    let now = chrono::Utc::now();
    let next = store.blobs_to_fetch(day(TODAY), now, 10).unwrap();
    assert_eq!(next.len(), 2);
    assert_eq!(
        next[0].sha256,
        f.doc.sha256.as_str(),
        "upcoming meeting first"
    );
    assert_eq!(next[0].title.as_deref(), Some("Bilag 1: Vinduer for drift"));

    let sha = f.doc.sha256.as_str();
    store.blob_downloading(sha, 100).unwrap();
    assert_eq!(
        store.blob(sha).unwrap().unwrap().state,
        BlobState::Downloading
    );
    store
        .blob_failed(sha, "sha256 mismatch", now + chrono::Duration::seconds(60))
        .unwrap();
    let b = store.blob(sha).unwrap().unwrap();
    assert_eq!(
        (b.state, b.attempts, b.bytes_done),
        (BlobState::Failed, 1, 0)
    );
    assert_eq!(
        store.blobs_to_fetch(day(TODAY), now, 10).unwrap().len(),
        1,
        "not before its retry time"
    );
    assert_eq!(
        store
            .blobs_to_fetch(day(TODAY), now + chrono::Duration::seconds(61), 10)
            .unwrap()
            .len(),
        2
    );
    store.blob_available(sha, None).unwrap();
    assert_eq!(
        store.document(f.doc.id).unwrap().unwrap().blob,
        Some(BlobState::Available)
    );
    let c = store.blob_counts().unwrap();
    assert_eq!((c.available, c.queued), (1, 1));
}

#[test]
fn notes_and_read_status_are_private_and_editable() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let n = store
        .add_note(f.doc.id, None, "Hele bilaget: læs før mødet")
        .unwrap();
    store.add_note(f.doc.id, Some(1), "Side 1").unwrap();
    assert!(store.update_note(&n.id, "Opdateret").unwrap());
    let notes = store.notes(f.doc.id).unwrap();
    assert_eq!(
        notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(),
        ["Opdateret", "Side 1"]
    );
    assert!(store.delete_note(&notes[1].id).unwrap());
    store.mark_read(f.doc.id, None).unwrap();
    let d = store.document(f.doc.id).unwrap().unwrap();
    assert!(d.read);
    assert_eq!(d.notes, 1);
    store.mark_unread(f.doc.id).unwrap();
    assert!(!store.document(f.doc.id).unwrap().unwrap().read);
}

#[test]
fn views_cover_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let today = day(TODAY);
    let o = store.overview(today).unwrap();
    assert_eq!(o.next_meeting.unwrap().meeting.id, f.meeting.id);
    assert_eq!(o.procedures_awaiting.len(), 1);
    assert_eq!(o.open_comment_rounds.len(), 1);
    assert_eq!(o.unread_documents, 1);
    assert!(!o.sync.resyncing);
    let m = store.meeting(f.meeting.id, day(TODAY)).unwrap().unwrap();
    assert_eq!(m.summary.material_due, day("2026-11-18"));
    assert_eq!(m.agenda[0].documents.len(), 1);
    assert_eq!(m.seats.len(), 2);
    assert!(m.seats.iter().all(|s| s.holder.is_some()));
    let minutes = store.minutes(f.past_meeting.id, today).unwrap().unwrap();
    assert!(minutes.round_open);
    assert_eq!(store.organisations().unwrap().len(), 2);
    assert_eq!(store.persons().unwrap().len(), 2);
    assert!(store.portfolio().unwrap().is_empty());
    assert!(store.roadmap().unwrap().items.is_empty());
    assert_eq!(store.documents(None).unwrap().len(), 1);
}

#[test]
fn an_escalation_is_kept_and_shown_on_its_agenda_item() {
    use styrebord_core::escalation::{Escalation, EscalationState, ForumApproval};
    use styrebord_core::EscalationId;
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let escalation = Escalation {
        id: EscalationId::from_uuid(id(600)),
        case: "Forlænget parallel drift af den gamle signeringsløsning".into(),
        agenda_item: Some(f.items[2].id),
        systems: vec![],
        needs_funds: true,
        economic_forum_approval: Some(ForumApproval {
            approved_on: day("2026-11-03"),
            reference: "Økonomiforums referat, punkt 4".into(),
        }),
        state: EscalationState::ReadyForPstg,
    };
    let item = styrebord_core::meeting::AgendaItem {
        escalation: Some(escalation.id),
        ..f.items[2].clone()
    };
    let p = page(
        12,
        vec![
            Entity::AgendaItem(item),
            Entity::Escalation(escalation.clone()),
        ],
    );
    store.apply_page(&p).unwrap();
    // Applying the same page again is harmless.
    store.apply_page(&p).unwrap();
    let m = store.meeting(f.meeting.id, day(TODAY)).unwrap().unwrap();
    assert_eq!(m.agenda.len(), 1);
    assert_eq!(m.agenda[0].escalation.as_ref(), Some(&escalation));
    assert_eq!(m.agenda[0].documents.len(), 1);
    let past = store
        .meeting(f.past_meeting.id, day(TODAY))
        .unwrap()
        .unwrap();
    assert!(past.agenda.iter().all(|a| a.escalation.is_none()));

    // A newer state replaces it; a reset clears it with the rest of the mirror.
    let sent = Escalation {
        state: EscalationState::SentToPstg,
        ..escalation.clone()
    };
    store
        .apply_page(&page(14, vec![Entity::Escalation(sent)]))
        .unwrap();
    let m = store.meeting(f.meeting.id, day(TODAY)).unwrap().unwrap();
    assert_eq!(
        m.agenda[0].escalation.as_ref().map(|e| e.state),
        Some(EscalationState::SentToPstg)
    );
    store.reset_for_resync().unwrap();
    assert!(store.meeting(f.meeting.id, day(TODAY)).unwrap().is_none());
}

#[test]
fn seats_name_the_holder_and_the_observer() {
    use styrebord_core::registration::Registration;
    use styrebord_core::{PersonId, RegistrationId};
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let reg = |n: u128, org: &str, kind: RegistrationKind, name: &str| Registration {
        id: RegistrationId::from_uuid(id(n)),
        meeting: f.meeting.id,
        org: OrgId::parse(org).unwrap(),
        kind,
        person: None,
        name: name.into(),
        email: format!("r{n}@example.dk"),
        registered_by: PersonId::from_uuid(id(2)),
    };
    // Before any registration: the appointed members hold the seats, no observers.
    let m = store.meeting(f.meeting.id, day(TODAY)).unwrap().unwrap();
    let seat = |m: &styrebord_store::views::MeetingView, org: &str| {
        m.seats
            .iter()
            .find(|s| s.org.code.as_str() == org)
            .cloned()
            .unwrap()
    };
    assert_eq!(seat(&m, "KL").holder_name.as_deref(), Some("Søren Ærø"));
    assert_eq!(seat(&m, "ATP").holder_name.as_deref(), Some("Åse Øberg"));
    assert!(m.seats.iter().all(|s| s.observer.is_none()));

    // ATP sends a substitute with an observer; KL an observer.
    store
        .apply_page(&page(
            12,
            vec![
                Entity::Registration(reg(
                    700,
                    "ATP",
                    RegistrationKind::Substitute,
                    "Bo Stedfortræder",
                )),
                Entity::Registration(reg(701, "ATP", RegistrationKind::Observer, "Åge Bisidder")),
                Entity::Registration(reg(702, "KL", RegistrationKind::Observer, "Ea Ørsted")),
            ],
        ))
        .unwrap();
    let m = store.meeting(f.meeting.id, day(TODAY)).unwrap().unwrap();
    let atp = seat(&m, "ATP");
    assert!(matches!(
        atp.holder,
        Some(styrebord_core::registration::SeatHolder::Substitute { .. })
    ));
    assert_eq!(atp.holder_name.as_deref(), Some("Bo Stedfortræder"));
    assert_eq!(atp.observer.as_deref(), Some("Åge Bisidder"));
    let kl = seat(&m, "KL");
    assert_eq!(kl.holder_name.as_deref(), Some("Søren Ærø"));
    assert_eq!(kl.observer.as_deref(), Some("Ea Ørsted"));
    // Another meeting's registrations do not count.
    let past = store
        .meeting(f.past_meeting.id, day(TODAY))
        .unwrap()
        .unwrap();
    assert!(past.seats.iter().all(|s| s.observer.is_none()));
    assert_eq!(seat(&past, "ATP").holder_name.as_deref(), Some("Åse Øberg"));
}

#[test]
fn wipe_keeps_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let device = store.device_id().unwrap();
    store
        .register(f.meeting.id, observer("Jens", "jens@kl.dk"), day(TODAY))
        .unwrap();
    store.add_note(f.doc.id, None, "privat").unwrap();
    store.wipe().unwrap();
    assert_eq!(store.cursor().unwrap(), None);
    assert_eq!(store.me().unwrap(), None);
    assert!(store.outbox().unwrap().is_empty());
    assert!(store.notes(f.doc.id).unwrap().is_empty());
    assert!(store.meeting_plan(None).unwrap().is_empty());
    assert!(store.search("møde", 10).unwrap().hits.is_empty());
    assert!(store.blobs().unwrap().is_empty());
    assert_ne!(
        store.device_id().unwrap(),
        device,
        "a new device after a wipe"
    );
}

#[test]
fn a_database_made_by_schema_2_migrates_its_mirror_and_search_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.sqlite3");
    let f = fixture();
    {
        // Schema 2 with its mirror and per-page search rows, as the previous release wrote them.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v2 = rusqlite_migration::Migrations::from_slice(&styrebord_store::db::MIGRATIONS[..2]);
        v2.to_latest(&mut conn).unwrap();
        let item = &f.items[2];
        conn.execute(
            "INSERT INTO entities (kind, id, meeting, num, seq, body) VALUES ('agenda_item', ?1, ?2, 1, 5, ?3)",
            rusqlite::params![item.id.to_string(), item.meeting.to_string(), serde_json::to_string(item).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO entities (kind, id, meeting, sha256, num, seq, body) VALUES ('document', ?1, ?2, ?3, 1, 6, ?4)",
            rusqlite::params![f.doc.id.to_string(), f.doc.meeting.unwrap().to_string(), f.doc.sha256.as_str(), serde_json::to_string(&f.doc).unwrap()],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO blobs (sha256, size, mime, state, text, updated_at) VALUES (?1, 1234, 'application/pdf', 'available', ?2, 'x')",
            rusqlite::params![f.doc.sha256.as_str(), r#"["Side et.","Konsekvensanalyse af vinduerne."]"#],
        )
        .unwrap();
        conn.execute_batch(
            "INSERT INTO search_rows (rowid, kind, ref, page) VALUES (1, 'agenda_item', 'x', 0);
             INSERT INTO search (rowid, title, body) VALUES (1, 'gammel', 'række');
             INSERT INTO meta (key, value) VALUES ('cursor', '1.6');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.cursor().unwrap(), Some(Cursor { epoch: 1, seq: 6 }));
    assert!(
        store.search("gammel", 10).unwrap().hits.is_empty(),
        "old rows are gone"
    );
    let hits = store.search("konsekvensanalyse", 10).unwrap().hits;
    assert_eq!(
        (hits.len(), hits[0].kind, hits[0].page),
        (1, SearchKind::Material, 2),
        "{hits:?}"
    );
    let hits = store.search("samtidig", 10).unwrap().hits;
    assert_eq!(hits[0].id, f.items[2].id.to_string());
    // The re-index ran once: applying on top of it works, and re-opening changes nothing.
    store.apply_page(&f.page(6)).unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.search("konsekvensanalyse", 10).unwrap().hits.len(), 1);
}

#[test]
fn a_database_made_by_schema_1_migrates_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let v1 = rusqlite_migration::Migrations::from_slice(&styrebord_store::db::MIGRATIONS[..1]);
        v1.to_latest(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO meta (key, value) VALUES ('cursor', '1.42'), ('next_client_seq', '7');
             INSERT INTO outbox (client_seq, mutation_id, kind, op, effect, state, created_at, updated_at)
             VALUES (6, '01900000-0000-7000-8000-000000000006', 'publish_agenda',
                     '{\"type\":\"publish_agenda\",\"meeting\":\"01900000-0000-7000-8000-000000000064\"}',
                     '{\"type\":\"cancel\",\"meeting\":\"01900000-0000-7000-8000-000000000064\",\"registration\":\"01900000-0000-7000-8000-000000000065\"}',
                     'pending', 'x', 'x');",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.cursor().unwrap(), Some(Cursor { epoch: 1, seq: 42 }));
    let out = store.outbox_to_push(10).unwrap();
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].client_seq, 6);
    // Schema 2's tables are there.
    let doc = styrebord_core::DocumentId::from_uuid(id(300));
    store.add_note(doc, None, "ny").unwrap();
    // Re-opening a current database is a no-op.
    drop(store);
    Store::open(&path).unwrap();
}

#[test]
fn the_decision_log_lists_every_decision_newest_meeting_first_with_the_owners_concerned() {
    use styrebord_core::minutes::{Decision, MinutesDraft, MinutesState};
    use styrebord_core::portfolio::{Criticality, PortfolioSystem};
    use styrebord_core::{AgendaItemId, MinutesId, SystemId};
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let system = |code: &str, owner: &str| {
        Entity::PortfolioSystem(PortfolioSystem {
            decided_at: None,
            code: SystemId::parse(code).unwrap(),
            name: code.into(),
            owner: OrgId::parse(owner).unwrap(),
            description: String::new(),
            criticality: Criticality::High,
            depends_on: vec![],
            critical_integrations: vec![],
        })
    };
    // The newer meeting's item concerns two systems of one owner and one of another.
    let item = styrebord_core::meeting::AgendaItem {
        systems: ["MITID", "NEMLOGIN", "CPR"]
            .map(|s| SystemId::parse(s).unwrap())
            .to_vec(),
        ..f.items[2].clone()
    };
    let newer = styrebord_protocol::Minutes {
        sent_on: None,
        approved_on: None,
        approval: None,
        draft: MinutesDraft {
            id: MinutesId::from_uuid(id(410)),
            meeting: f.meeting.id,
            state: MinutesState::Draft,
            decisions: vec![
                Decision {
                    agenda_item: AgendaItemId::from_uuid(id(9_999)),
                    text: "Under et punkt, der ikke er synkroniseret.".into(),
                },
                Decision {
                    agenda_item: item.id,
                    text: "Vinduerne samles i uge 11.".into(),
                },
            ],
        },
        round: None,
        draft_decisions: None,
    };
    store
        .apply_page(&page(
            20,
            vec![
                system("MITID", "DIGST"),
                system("NEMLOGIN", "DIGST"),
                system("CPR", "CPR"),
                Entity::AgendaItem(item),
                Entity::Minutes(newer),
            ],
        ))
        .unwrap();

    let log = store.decision_log().unwrap();
    let lines: Vec<(Option<chrono::NaiveDate>, u32, &str, &str)> = log
        .iter()
        .map(|e| (e.meeting_date, e.number, e.title.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                Some(f.meeting.date),
                0,
                "",
                "Under et punkt, der ikke er synkroniseret."
            ),
            (
                Some(f.meeting.date),
                1,
                "Vedligeholdelsesvinduer i 2027",
                "Vinduerne samles i uge 11."
            ),
            (
                Some(f.past_meeting.date),
                1,
                "Godkendelse af referat fra mødet",
                "Referatet blev godkendt uden bemærkninger."
            ),
            (
                Some(f.past_meeting.date),
                2,
                "Driftsstatus for MitID og NemLog-in",
                "Styregruppen tog orienteringen til efterretning og bad om en plan før næste møde."
            ),
        ]
    );
    let windows = &log[1];
    assert_eq!(
        windows.orgs,
        [OrgId::parse("DIGST").unwrap(), OrgId::parse("CPR").unwrap()]
    );
    assert_eq!(windows.systems.len(), 3);
    assert_eq!(windows.state, MinutesState::Draft);
    assert_eq!(log[2].state, MinutesState::CommentRoundOpen);
    assert_eq!(log[2].minutes, f.minutes.draft.id);
    assert!(log[0].orgs.is_empty() && log[0].systems.is_empty());
}

#[test]
fn whats_new_names_the_newest_unread_documents_first() {
    use styrebord_core::meeting::Document;
    use styrebord_core::DocumentId;
    use styrebord_store::views::NEWEST_UNREAD_SHOWN;
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    // Seven more, published on 1–7 November; the fixture's own was published 10 November.
    let docs: Vec<Document> = (1..=7u8)
        .map(|n| Document {
            id: DocumentId::from_uuid(id(3_000 + u128::from(n))),
            title: format!("Bilag {n}"),
            sha256: sha(n),
            published_on: day(&format!("2026-11-0{n}")),
            ..f.doc.clone()
        })
        .collect();
    store
        .apply_page(&page(
            20,
            docs.iter().cloned().map(Entity::Document).collect(),
        ))
        .unwrap();
    // Read: the newest of all, and one in the middle.
    store.mark_read(f.doc.id, None).unwrap();
    store.mark_read(docs[4].id, Some(1)).unwrap();

    let o = store.overview(day(TODAY)).unwrap();
    assert_eq!(o.unread_documents, 6);
    let titles: Vec<&str> = o
        .newest_unread
        .iter()
        .map(|d| d.document.title.as_str())
        .collect();
    assert_eq!(NEWEST_UNREAD_SHOWN, 5);
    assert_eq!(
        titles,
        ["Bilag 7", "Bilag 6", "Bilag 4", "Bilag 3", "Bilag 2"]
    );
    assert!(o.newest_unread.iter().all(|d| !d.read));
}

#[test]
fn a_record_withdrawn_from_the_reader_is_dropped_with_its_search_row() {
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let item = f.items[2].clone();
    assert!(store
        .agenda(f.meeting.id)
        .unwrap()
        .iter()
        .any(|i| i.id == item.id));
    assert!(!store.search("koordinering", 10).unwrap().hits.is_empty());
    // The hub took the item back (moved to a meeting not yet published): it says so once.
    let seq = store.cursor().unwrap().unwrap().seq;
    store
        .apply_page(&page(
            seq,
            vec![Entity::Withdrawn {
                of: EntityKind::AgendaItem,
                id: item.id.to_string(),
            }],
        ))
        .unwrap();
    assert!(store
        .agenda(f.meeting.id)
        .unwrap()
        .iter()
        .all(|i| i.id != item.id));
    assert!(store.search("koordinering", 10).unwrap().hits.is_empty());
}

#[test]
fn a_new_version_is_unread_again_and_says_what_changed() {
    use styrebord_core::meeting::Document;
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    store.mark_read(f.doc.id, Some(4)).unwrap();
    assert!(store.document(f.doc.id).unwrap().unwrap().read);
    // The same version again (a replayed page) keeps it read.
    store
        .apply_page(&page(30, vec![Entity::Document(f.doc.clone())]))
        .unwrap();
    assert!(store.document(f.doc.id).unwrap().unwrap().read);

    let v2 = Document {
        version: f.doc.version + 1,
        sha256: sha(42),
        change_note: Some("Tabel 2 rettet: tilgængelighed for NemLog-in".into()),
        ..f.doc.clone()
    };
    store
        .apply_page(&page(31, vec![Entity::Document(v2)]))
        .unwrap();
    let d = store.document(f.doc.id).unwrap().unwrap();
    assert!(!d.read, "a new version is unread again");
    assert_eq!(d.document.version, f.doc.version + 1);
    assert_eq!(
        d.document.change_note.as_deref(),
        Some("Tabel 2 rettet: tilgængelighed for NemLog-in")
    );
}

#[test]
fn a_reminder_shows_while_its_procedure_still_awaits_the_member() {
    use styrebord_core::entity::{Reminder, ReminderAbout};
    use styrebord_core::ids::ReminderId;
    use styrebord_core::procedure::{ProcedureResponse, Response};
    let dir = tempfile::tempdir().unwrap();
    let f = fixture();
    let store = f.store(dir.path());
    let reminder = Reminder {
        id: ReminderId::from_uuid(id(900)),
        org: f.me.org.clone(),
        about: ReminderAbout::Procedure(f.procedure.id),
        title: format!("Skriftlig procedure: {}", f.procedure.title),
        deadline: f.procedure.deadline,
        sent_on: day("2026-11-01"),
    };
    store
        .apply_page(&page(40, vec![Entity::Reminder(reminder.clone())]))
        .unwrap();
    let o = store.overview(day(TODAY)).unwrap();
    assert_eq!(o.reminders, [reminder]);
    // Once KL has answered, the reminder has done its job.
    let mut answered = f.procedure.clone();
    answered.responses.push(ProcedureResponse {
        org: f.me.org.clone(),
        by: f.me.id,
        response: Response::Agree,
        given_on: day(TODAY),
    });
    store
        .apply_page(&page(41, vec![Entity::WrittenProcedure(answered)]))
        .unwrap();
    assert!(store.overview(day(TODAY)).unwrap().reminders.is_empty());
}
