//! Property: over random interleavings of member writes (two devices), secretariat changes and
//! network faults, every write is applied exactly once or rejected with a reason, none is lost,
//! the cursor never moves backwards, and once activity stops the client's copy equals the hub's
//! view for that person.

mod common;

use std::collections::BTreeSet;

use common::*;
use proptest::prelude::*;
use styrebord_core::meeting::AgendaItemKind;
use styrebord_core::minutes::NewComment;
use styrebord_core::procedure::Response;
use styrebord_store::OutboxState;

#[derive(Debug, Clone)]
enum Action {
    Register {
        device: usize,
        name: u8,
    },
    Cancel {
        device: usize,
    },
    Comment {
        device: usize,
        text: u8,
    },
    Respond {
        device: usize,
        kind: u8,
    },
    SecretariatItem,
    SecretariatProcedure,
    Sync {
        device: usize,
        fault: Option<(u8, Fault)>,
    },
}

fn fault() -> impl Strategy<Value = Option<(u8, Fault)>> {
    prop_oneof![
        3 => Just(None),
        1 => Just(Some((0, Fault::Down))),
        1 => Just(Some((1, Fault::DropResponse))),
        1 => Just(Some((1, Fault::Duplicate))),
        1 => Just(Some((1, Fault::ReplayPrevious))),
        1 => Just(Some((2, Fault::Truncate(150)))),
        1 => Just(Some((2, Fault::DropResponse))),
        1 => Just(Some((2, Fault::Duplicate))),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    let dev = 0usize..2;
    prop_oneof![
        3 => (dev.clone(), 0u8..4).prop_map(|(device, name)| Action::Register { device, name }),
        1 => dev.clone().prop_map(|device| Action::Cancel { device }),
        2 => (dev.clone(), 0u8..3).prop_map(|(device, text)| Action::Comment { device, text }),
        2 => (dev.clone(), 0u8..3).prop_map(|(device, kind)| Action::Respond { device, kind }),
        1 => Just(Action::SecretariatItem),
        1 => Just(Action::SecretariatProcedure),
        4 => (dev, fault()).prop_map(|(device, fault)| Action::Sync { device, fault }),
    ]
}

fn run_case(actions: Vec<Action>) -> Result<(), TestCaseError> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let w = World::start().await;
        let clients = [w.client_for("laptop", &w.kl), w.client_for("tablet", &w.kl)];
        for (_, e) in &clients {
            e.sync_once(today()).await.unwrap();
        }
        let mut last_cursor = [
            clients[0].0.cursor().unwrap(),
            clients[1].0.cursor().unwrap(),
        ];
        let mut writes = [0usize; 2];
        for a in actions {
            match a {
                Action::Register { device, name } => {
                    if clients[device]
                        .0
                        .register(w.meeting, observer(&format!("Gæst {name}")), today())
                        .is_ok()
                    {
                        writes[device] += 1;
                    }
                }
                Action::Cancel { device } => {
                    let regs = clients[device].0.registrations(w.meeting).unwrap();
                    if let Some(r) = regs.first() {
                        if clients[device]
                            .0
                            .cancel_registration(w.meeting, r.registration.id, today())
                            .is_ok()
                        {
                            writes[device] += 1;
                        }
                    }
                }
                Action::Comment { device, text } => {
                    let new = NewComment {
                        agenda_item: w.past_item,
                        text: format!("Bemærkning nr. {text} om møderne"),
                    };
                    if clients[device].0.comment(w.minutes, new, today()).is_ok() {
                        writes[device] += 1;
                    }
                }
                Action::Respond { device, kind } => {
                    let response = match kind {
                        0 => Response::Agree,
                        1 => Response::Comment("Fint, men husk varsling.".into()),
                        _ => Response::Object("Vi gør indsigelse.".into()),
                    };
                    if clients[device]
                        .0
                        .respond(w.procedure, response, today())
                        .is_ok()
                    {
                        writes[device] += 1;
                    }
                }
                Action::SecretariatItem => {
                    styrebord_hub::admin::add_item(
                        &w.hub_store,
                        w.meeting,
                        "Nyt punkt",
                        AgendaItemKind::Discussion,
                        "",
                        &[],
                        today(),
                    )
                    .unwrap();
                    styrebord_hub::admin::publish_agenda(&w.hub_store, w.meeting, today()).unwrap();
                }
                Action::SecretariatProcedure => {
                    styrebord_hub::admin::new_procedure(
                        &w.hub_store,
                        "Ny sag",
                        "",
                        d("2026-03-30"),
                        today(),
                    )
                    .unwrap();
                }
                Action::Sync { device, fault } => {
                    if let Some((target, f)) = fault {
                        let path = ["/v1/", "/v1/mutations", "/v1/changes"][target as usize];
                        w.proxy.push(path, f);
                    }
                    let _ = clients[device].1.sync_once(today()).await;
                    let c = clients[device].0.cursor().unwrap();
                    prop_assert!(
                        c >= last_cursor[device],
                        "cursor moved back: {:?} -> {:?}",
                        last_cursor[device],
                        c
                    );
                    last_cursor[device] = c;
                }
            }
        }
        // Quiescence: no more faults, every device syncs until nothing changes.
        w.proxy.clear_script();
        w.proxy.set_default(Fault::Pass);
        for _ in 0..2 {
            for (_, e) in &clients {
                e.sync_once(today()).await.unwrap();
            }
        }
        let hub_regs: BTreeSet<_> = w
            .hub_registrations(w.meeting)
            .into_iter()
            .map(|r| r.id)
            .collect();
        let hub_comments: BTreeSet<_> = w.hub_comments().into_iter().map(|c| c.id).collect();
        let hub_proc = w.hub_procedure();
        let hub_items = w
            .hub_store
            .read(|c| {
                styrebord_hub::store::list_entities::<styrebord_core::meeting::AgendaItem>(
                    c,
                    styrebord_core::entity::EntityKind::AgendaItem,
                    Some(&w.meeting.to_string()),
                )
            })
            .unwrap()
            .len();
        let mut applied_total = 0usize;
        for (i, (store, _)) in clients.iter().enumerate() {
            let out = store.outbox().unwrap();
            // None lost: nothing waits; whatever is left was rejected, with a reason.
            for e in &out {
                prop_assert_eq!(
                    e.state,
                    OutboxState::Rejected,
                    "device {} write {:?} not settled",
                    i,
                    e
                );
                let err = e.error.as_ref().unwrap();
                prop_assert!(!err.code.is_empty() && !err.message_da.is_empty());
            }
            applied_total += writes[i] - out.len();
            // Convergence with the hub's view for this person.
            let regs: BTreeSet<_> = store
                .registrations(w.meeting)
                .unwrap()
                .into_iter()
                .map(|r| r.registration.id)
                .collect();
            prop_assert_eq!(&regs, &hub_regs);
            let comments: BTreeSet<_> = store
                .minutes(w.past, today())
                .unwrap()
                .unwrap()
                .comments
                .into_iter()
                .map(|c| c.comment.id)
                .collect();
            prop_assert_eq!(&comments, &hub_comments);
            let p = store.procedure(w.procedure, today()).unwrap().unwrap();
            prop_assert_eq!(&p.procedure, &hub_proc);
            prop_assert_eq!(store.agenda(w.meeting).unwrap().len(), hub_items);
        }
        // Exactly once: the hub recorded one mutation per applied or rejected write, no more.
        let hub_mutations: i64 = w
            .hub_store
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM mutations", [], |r| r.get(0))?))
            .unwrap();
        prop_assert_eq!(hub_mutations as usize, writes[0] + writes[1]);
        let _ = applied_total;
        Ok(())
    })
}

proptest! {
    // 24 cases in `make test` (≈6 s); a longer run: `PROPTEST_CASES=400 cargo test -p
    // styrebord-sync --test prop` (docs/BENCHMARKS.md, "Property test").
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24),
        max_shrink_iters: 64,
        failure_persistence: Some(Box::new(proptest::test_runner::FileFailurePersistence::Direct(
            "tests/proptest-regressions/prop.txt",
        ))),
        ..ProptestConfig::default()
    })]
    #[test]
    fn writes_apply_exactly_once_and_copies_converge(actions in proptest::collection::vec(action(), 1..14)) {
        run_case(actions)?;
    }
}
