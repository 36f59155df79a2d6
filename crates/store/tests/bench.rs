//! Benchmarks (ignored by default). Run:
//! `cargo test --release -p styrebord-store --test bench -- --ignored --nocapture --test-threads=1`

mod common;

use std::time::Instant;

use common::*;
use styrebord_core::meeting::{AgendaItem, AgendaItemKind, Document};
use styrebord_core::registration::{Registration, RegistrationKind};
use styrebord_core::*;
use styrebord_protocol::{Change, ChangeBody, ChangesPage, Cursor};
use styrebord_store::Store;

const WORDS: &[&str] = &[
    "møde",
    "driftsstatus",
    "vedligeholdelse",
    "vindue",
    "leverandør",
    "hændelse",
    "kvartal",
    "styregruppen",
    "beslutning",
    "referat",
    "økonomi",
    "afhængighed",
    "nedetid",
    "sikkerhed",
    "tilgængelighed",
    "portefølje",
    "MitID",
    "NemLog-in",
    "Digital",
    "Post",
    "kommune",
    "region",
    "ændring",
    "udrulning",
    "test",
    "frist",
    "indsigelse",
    "godkendelse",
    "risiko",
    "plan",
];

fn text(seed: u64, words: usize) -> String {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..words)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            WORDS[(x % WORDS.len() as u64) as usize]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn change(i: u64, meeting: MeetingId) -> ChangeBody {
    let u = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | u128::from(i) << 8);
    match i % 4 {
        0 => ChangeBody::AgendaItem(AgendaItem {
            id: AgendaItemId::from_uuid(u),
            meeting,
            number: (i % 20) as u32,
            title: text(i, 5),
            description: text(i + 1, 30),
            kind: AgendaItemKind::Decision,
            systems: vec![],
            escalation: None,
        }),
        1 => ChangeBody::Document(Document {
            id: DocumentId::from_uuid(u),
            meeting: Some(meeting),
            agenda_item: None,
            title: text(i, 4),
            sha256: styrebord_core::meeting::Sha256::parse(&format!("{i:064x}")).unwrap(),
            size_bytes: 1_600_000,
            mime: "application/pdf".into(),
            version: 1,
            published_on: day("2026-03-01"),
        }),
        _ => ChangeBody::Registration(Registration {
            id: RegistrationId::from_uuid(u),
            meeting,
            org: OrgId::parse("KL").unwrap(),
            kind: RegistrationKind::Observer,
            person: None,
            name: text(i, 2),
            email: format!("p{i}@kl.dk"),
            registered_by: PersonId::from_uuid(u),
        }),
    }
}

#[test]
#[ignore]
fn bench_changes_applied_per_second() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let meeting = MeetingId::from_uuid(id(1));
    let total = 200_000u64;
    let pages: Vec<ChangesPage> = (0..total / 1000)
        .map(|p| ChangesPage {
            changes: (p * 1000..(p + 1) * 1000)
                .map(|i| Change {
                    seq: i + 1,
                    body: change(i, meeting),
                })
                .collect(),
            cursor: Cursor {
                epoch: 1,
                seq: (p + 1) * 1000,
            },
            has_more: true,
        })
        .collect();
    let t = Instant::now();
    for page in &pages {
        store.apply_page(page).unwrap();
    }
    let s = t.elapsed().as_secs_f64();
    println!("BENCH apply: {total} changes (1/4 agenda items with FTS, 1/4 documents, 1/2 registrations) in pages of 1000: {s:.2} s = {:.0} changes/s", total as f64 / s);
    // Registrations only (no FTS): the common kind of change.
    let pages: Vec<ChangesPage> = (0..100u64)
        .map(|p| ChangesPage {
            changes: (p * 1000..(p + 1) * 1000)
                .map(|i| Change {
                    seq: total + i + 1,
                    body: change(i * 4 + 2 + 1_000_000, meeting),
                })
                .collect(),
            cursor: Cursor {
                epoch: 1,
                seq: total + (p + 1) * 1000,
            },
            has_more: true,
        })
        .collect();
    let t = Instant::now();
    for page in &pages {
        store.apply_page(page).unwrap();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "BENCH apply: 100000 registrations (no FTS) in pages of 1000: {s:.2} s = {:.0} changes/s",
        100_000.0 / s
    );
}

#[test]
#[ignore]
fn bench_search_over_10000_documents() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let meeting = MeetingId::from_uuid(id(1));
    let docs: Vec<ChangeBody> = (0..10_000u64).map(|i| change(i * 4 + 1, meeting)).collect();
    store.apply_page(&page(0, docs.clone())).unwrap();
    for (i, d) in docs.iter().enumerate() {
        let ChangeBody::Document(d) = d else {
            unreachable!()
        };
        // Each document: 4 pages of ~250 words.
        let pages: Vec<String> = (0..4).map(|p| text((i * 4 + p) as u64, 250)).collect();
        store
            .blob_available(d.sha256.as_str(), Some(&pages))
            .unwrap();
    }
    let queries = [
        "møde",
        "driftsstatus",
        "ændring frist",
        "økonomi risiko plan",
        "Mit",
        "nedetid",
        "godkend",
        "leverandør hændelse",
        "zzz",
        "indsigelse",
    ];
    let mut times = Vec::new();
    let mut hits = 0;
    for round in 0..30 {
        for q in queries {
            let t = Instant::now();
            hits += store.search(q, 20).unwrap().len();
            if round > 0 {
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
        }
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "BENCH search: 10000 documents x 4 pages x 250 words, {} queries (top 20, snippets): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms ({hits} hits)",
        times.len(),
        p(0.5),
        p(0.95),
        times[times.len() - 1]
    );
}
