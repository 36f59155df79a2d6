//! The shared case list (`styrebord-cases`), through the member's store offline: the local copy
//! holds what the hub would have sent this person (the world's records they may see), and the
//! write is made with no hub at all. The answer must be what core decides — the same code and the
//! same Danish and English words. The secretariat's acts need the hub and are not made offline.

use styrebord_cases::{cases, cast, memory_world, person, reference, Case, Outcome};
use styrebord_core::OrgId;
use styrebord_protocol::{Change, ChangesPage, Cursor};
use styrebord_store::{Store, WriteError};

fn offline(case: &Case) -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("copy.sqlite3")).unwrap();
    let me = person(case.by);
    let c = cast(case.by);
    let visible = memory_world().visible_to(c.role, &OrgId::parse(c.org).unwrap());
    let changes: Vec<Change> = visible
        .into_iter()
        .enumerate()
        .map(|(i, body)| Change {
            seq: i as u64 + 1,
            body,
        })
        .collect();
    let page = ChangesPage {
        cursor: Cursor {
            epoch: 1,
            seq: changes.len() as u64,
        },
        changes,
        has_more: false,
    };
    store.apply_page(&page).unwrap();
    store.set_me(&me).unwrap();
    match store.write_op(case.op.clone(), case.on) {
        Ok(_) => Outcome::Applied,
        Err(WriteError::Refused(r)) => Outcome::Refused {
            code: r.code().to_owned(),
            message_da: r.message_da(),
            message_en: r.message_en(),
        },
        Err(e) => panic!("{}: {e}", case.name),
    }
}

#[test]
fn the_store_decides_every_members_case_offline_as_core_does() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for case in cases().into_iter().filter(|c| c.op.is_member_write()) {
        ran += 1;
        let got = offline(&case);
        let want = reference(&case);
        if got != want || !got.matches(case.expect) {
            failures.push(format!(
                "{} ({} on {}): store {got:?}, core {want:?}, list {:?}",
                case.name, case.by, case.on, case.expect
            ));
        }
    }
    assert!(ran >= 20, "only {ran} member cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
