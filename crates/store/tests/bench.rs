//! Benchmarks (ignored by default; measured figures, not tests). Run:
//! `cargo test --release -p styrebord-store --test bench -- --ignored --nocapture --test-threads=1`
//! Figures and how to read them: docs/BENCHMARKS.md ("Client: local store and sync").

mod common;

use std::time::Instant;

use common::*;
use styrebord_core::meeting::{AgendaItem, AgendaItemKind, Document};
use styrebord_core::registration::{Registration, RegistrationKind};
use styrebord_core::*;
use styrebord_protocol::{Change, ChangesPage, Cursor, Entity};
use styrebord_store::Store;

/// CPU time in seconds from `clock_gettime` (no dependency for two clock reads; Linux 64-bit,
/// where `struct timespec` is two 64-bit fields and these clock ids are fixed).
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn cpu_clock(clock: i32) -> f64 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
    }
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid timespec for the call to write.
    let rc = unsafe { clock_gettime(clock, &mut t) };
    assert_eq!(rc, 0, "clock_gettime({clock})");
    t.sec as f64 + t.nsec as f64 / 1e9
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn cpu_clock(_clock: i32) -> f64 {
    f64::NAN
}

/// CPU time of the whole process (the store's checkpointer thread included).
fn process_cpu() -> f64 {
    cpu_clock(2) // CLOCK_PROCESS_CPUTIME_ID
}

/// CPU time of the calling thread (precise to the microsecond, unlike /proc's 10 ms ticks).
fn thread_cpu() -> f64 {
    cpu_clock(3) // CLOCK_THREAD_CPUTIME_ID
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "-".into())
}

/// The machine-readable line `make bench` gathers (scripts/bench/run.py):
/// figure, goal, min, median, max, unit, wall s, CPU s, 1-minute load average.
fn bench_line(figure: &str, goal: &str, values: [f64; 3], unit: &str, wall: f64, cpu: f64) {
    let v = |x: f64| {
        if x.is_finite() {
            format!("{x:.3}")
        } else {
            "-".into()
        }
    };
    println!(
        "BENCH\t{figure}\t{goal}\t{}\t{}\t{}\t{unit}\t{wall:.2}\t{}\t{}",
        v(values[0]),
        v(values[1]),
        v(values[2]),
        v(cpu),
        loadavg()
    );
}

/// Min, median and max.
fn spread(v: &[f64]) -> [f64; 3] {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    [v[0], v[v.len() / 2], v[v.len() - 1]]
}

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

fn change(i: u64, meeting: MeetingId) -> Entity {
    let u = uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0000 | u128::from(i) << 8);
    match i % 4 {
        0 => Entity::AgendaItem(AgendaItem {
            presenter: None,
            procedure: None,
            id: AgendaItemId::from_uuid(u),
            meeting,
            number: (i % 20) as u32,
            title: text(i, 5),
            description: text(i + 1, 30),
            kind: AgendaItemKind::Decision,
            systems: vec![],
            escalation: None,
        }),
        1 => Entity::Document(Document {
            change_note: None,
            procedure: None,
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
        _ => Entity::Registration(Registration {
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

/// 200,000 mixed changes in pages of 1000, as ChangesPages.
fn mixed_pages(meeting: MeetingId, total: u64) -> Vec<ChangesPage> {
    (0..total / 1000)
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
        .collect()
}

/// Rounds of the apply benchmark, each on a fresh store.
const APPLY_ROUNDS: usize = 3;

#[test]
#[ignore]
fn bench_changes_applied_per_second() {
    let meeting = MeetingId::from_uuid(id(1));
    let total = 200_000u64;
    let pages = mixed_pages(meeting, total);
    let (mut rates, mut cpu_rates, mut reg_rates) = (Vec::new(), Vec::new(), Vec::new());
    let (mut wall_all, mut cpu_all) = (0.0, 0.0);
    for round in 0..APPLY_ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
        let (t, c) = (Instant::now(), process_cpu());
        for page in &pages {
            store.apply_page(page).unwrap();
        }
        let (s, cpu) = (t.elapsed().as_secs_f64(), process_cpu() - c);
        wall_all += s;
        cpu_all += cpu;
        rates.push(total as f64 / s);
        cpu_rates.push(total as f64 / cpu);
        println!(
            "BENCH apply: round {}: {total} changes (1/4 agenda items with FTS, 1/4 documents, 1/2 registrations) in pages of 1000: {s:.2} s = {:.0} changes/s; CPU {cpu:.2} s = {:.0} changes per CPU second; load {}",
            round + 1,
            total as f64 / s,
            total as f64 / cpu,
            loadavg()
        );
        // Registrations only (no FTS): the common kind of change.
        let reg: Vec<ChangesPage> = (0..100u64)
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
        let (t, c) = (Instant::now(), process_cpu());
        for page in &reg {
            store.apply_page(page).unwrap();
        }
        let (s, cpu) = (t.elapsed().as_secs_f64(), process_cpu() - c);
        reg_rates.push(100_000.0 / s);
        println!(
            "BENCH apply: round {}: 100000 registrations (no FTS) in pages of 1000: {s:.2} s = {:.0} changes/s; CPU {cpu:.2} s = {:.0} changes per CPU second",
            round + 1,
            100_000.0 / s,
            100_000.0 / cpu
        );
    }
    bench_line(
        "apply, mixed changes (wall)",
        ">= 100000",
        spread(&rates),
        "changes/s",
        wall_all,
        cpu_all,
    );
    bench_line(
        "apply, mixed changes per CPU second",
        ">= 100000",
        spread(&cpu_rates),
        "changes/CPU-s",
        wall_all,
        cpu_all,
    );
    bench_line(
        "apply, registrations only (wall)",
        ">= 100000",
        spread(&reg_rates),
        "changes/s",
        wall_all,
        cpu_all,
    );
}

/// What the engine does per page: parse the hub's JSON, then apply it.
#[test]
#[ignore]
fn bench_changes_parsed_and_applied_per_second() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("b.sqlite3")).unwrap();
    let meeting = MeetingId::from_uuid(id(1));
    let total = 200_000u64;
    let pages: Vec<Vec<u8>> = mixed_pages(meeting, total)
        .iter()
        .map(|p| serde_json::to_vec(p).unwrap())
        .collect();
    let (t, c) = (Instant::now(), process_cpu());
    let mut parse = 0.0;
    for json in &pages {
        let tp = Instant::now();
        let page: ChangesPage = serde_json::from_slice(json).unwrap();
        parse += tp.elapsed().as_secs_f64();
        store.apply_page(&page).unwrap();
    }
    let (s, cpu) = (t.elapsed().as_secs_f64(), process_cpu() - c);
    println!("BENCH apply from JSON: {total} changes (mixed as above) parsed and applied: {s:.2} s = {:.0} changes/s (JSON parsing {parse:.2} s of it); CPU {cpu:.2} s = {:.0} changes per CPU second", total as f64 / s, total as f64 / cpu);
    let rate = total as f64 / s;
    bench_line(
        "apply from the hub's JSON, mixed changes (wall)",
        "-",
        [f64::NAN, rate, f64::NAN],
        "changes/s",
        s,
        cpu,
    );
    // The same pages again (a replayed answer after a lost cursor): nothing changes.
    let (t, c) = (Instant::now(), process_cpu());
    for json in &pages {
        let mut page: ChangesPage = serde_json::from_slice(json).unwrap();
        page.cursor.seq += total;
        store.apply_page(&page).unwrap();
    }
    let (s, cpu) = (t.elapsed().as_secs_f64(), process_cpu() - c);
    println!(
        "BENCH apply from JSON: the same {total} changes again (unchanged rows): {s:.2} s = {:.0} changes/s; CPU {cpu:.2} s",
        total as f64 / s
    );
}

/// A Danish-looking vocabulary: the most frequent words of committee prose first, then
/// `n` generated words (stems from Danish syllables with Danish endings), deterministic.
fn vocabulary(n: usize) -> Vec<String> {
    const TOP: &[&str] = &[
        "og",
        "i",
        "at",
        "det",
        "er",
        "en",
        "til",
        "på",
        "af",
        "for",
        "med",
        "som",
        "de",
        "den",
        "ikke",
        "om",
        "et",
        "der",
        "har",
        "vil",
        "kan",
        "skal",
        "fra",
        "ved",
        "blev",
        "møde",
        "styregruppen",
        "drift",
        "status",
        "beslutning",
        "leverandør",
        "system",
        "kvartal",
        "frist",
        "referat",
        "økonomi",
        "risiko",
        "plan",
        "ændring",
        "MitID",
        "NemLog-in",
        "Digital",
        "Post",
        "kommune",
        "region",
        "udrulning",
        "vedligeholdelse",
        "hændelse",
        "nedetid",
        "sikkerhed",
        "tilgængelighed",
        "portefølje",
        "indsigelse",
        "godkendelse",
        "driftsstatus",
        "afhængighed",
        "vindue",
        "test",
    ];
    const ONSET: &[&str] = &[
        "b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "bl", "br",
        "dr", "fl", "fr", "gr", "kl", "kr", "pl", "pr", "sk", "sl", "sp", "st", "tr", "sv",
    ];
    const VOWEL: &[&str] = &["a", "e", "i", "o", "u", "y", "æ", "ø", "å", "ei", "ø", "e"];
    const CODA: &[&str] = &[
        "", "n", "r", "l", "s", "d", "g", "k", "t", "nd", "ng", "st", "rt",
    ];
    const END: &[&str] = &[
        "", "", "e", "en", "er", "et", "erne", "ing", "ingen", "hed", "heden", "else", "lig",
        "lige", "ning", "skab", "isk",
    ];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |m: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as usize
    };
    let mut seen: std::collections::HashSet<String> = TOP.iter().map(|w| w.to_string()).collect();
    let mut words: Vec<String> = TOP.iter().map(|w| w.to_string()).collect();
    while words.len() < TOP.len() + n {
        let syllables = 1 + next(3);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(ONSET[next(ONSET.len())]);
            w.push_str(VOWEL[next(VOWEL.len())]);
            w.push_str(CODA[next(CODA.len())]);
        }
        w.push_str(END[next(END.len())]);
        if w.chars().count() >= 3 && seen.insert(w.clone()) {
            words.push(w);
        }
    }
    words
}

/// Draws words with a Zipf distribution (exponent 1): the word of rank r has weight 1/r.
struct Zipf {
    words: Vec<String>,
    cumulative: Vec<f64>,
    x: u64,
}

impl Zipf {
    fn new(words: Vec<String>, seed: u64) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|r| {
                total += 1.0 / r as f64;
                total
            })
            .collect();
        Zipf {
            words,
            cumulative,
            x: seed | 1,
        }
    }

    fn word(&mut self) -> &str {
        self.x ^= self.x << 13;
        self.x ^= self.x >> 7;
        self.x ^= self.x << 17;
        let total = *self.cumulative.last().unwrap();
        let u = (self.x >> 11) as f64 / (1u64 << 53) as f64 * total;
        let i = self.cumulative.partition_point(|c| *c < u);
        &self.words[i.min(self.words.len() - 1)]
    }

    fn text(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = self.word().to_owned();
            s.push_str(&w);
        }
        s
    }
}

/// 10,000 documents (4 pages x 250 words each) indexed in a fresh store; `text(doc, page)` and
/// `title(doc)` give the words.
fn search_store(
    dir: &std::path::Path,
    mut title: impl FnMut(usize) -> String,
    mut text: impl FnMut(usize, usize) -> String,
) -> Store {
    let store = Store::open(&dir.join("b.sqlite3")).unwrap();
    let meeting = MeetingId::from_uuid(id(1));
    let docs: Vec<Entity> = (0..10_000u64)
        .map(|i| match change(i * 4 + 1, meeting) {
            Entity::Document(mut d) => {
                d.title = title(i as usize);
                Entity::Document(d)
            }
            _ => unreachable!(),
        })
        .collect();
    store.apply_page(&page(0, docs.clone())).unwrap();
    for (i, d) in docs.iter().enumerate() {
        let Entity::Document(d) = d else {
            unreachable!()
        };
        let pages: Vec<String> = (0..4).map(|p| text(i, p)).collect();
        store
            .blob_available(d.sha256.as_str(), Some(&pages))
            .unwrap();
    }
    // What the sync engine does after a round that indexed something.
    let t = Instant::now();
    let mut steps = 0;
    while store.tidy_search().unwrap() {
        steps += 1;
    }
    println!(
        "BENCH search: tidy_search merged the index in {steps} steps, {:.2} s",
        t.elapsed().as_secs_f64()
    );
    store
}

/// Times each query 30 times (after one warm-up round); prints p50/p95/max per group, wall and
/// the thread's CPU time per query (load stretches wall time, not CPU time).
fn time_queries(store: &Store, label: &str, groups: &[(&str, Vec<String>)]) {
    let (mut all, mut all_cpu, mut wall_sum, mut cpu_sum) = (Vec::new(), Vec::new(), 0.0, 0.0);
    for (group, queries) in groups {
        let (mut times, mut cpus) = (Vec::new(), Vec::new());
        let mut hits = 0;
        for round in 0..31 {
            for q in queries {
                let (t, c) = (Instant::now(), thread_cpu());
                hits += store.search(q, 20).unwrap().hits.len();
                if round > 0 {
                    times.push(t.elapsed().as_secs_f64() * 1000.0);
                    cpus.push((thread_cpu() - c) * 1000.0);
                }
            }
        }
        let matching: Vec<i64> = queries.iter().map(|q| matches(store, q)).collect();
        let (wall, cpu) = (times.iter().sum::<f64>(), cpus.iter().sum::<f64>());
        let (p, pc) = (percentiles(&mut times), percentiles(&mut cpus));
        println!(
            "BENCH search [{label}] {group}: {} runs of {queries:?} (matching documents {matching:?}): p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; CPU p50 {:.2} ms, p95 {:.2} ms ({hits} hits; load {})",
            times.len(),
            p[0],
            p[1],
            p[2],
            pc[0],
            pc[1],
            loadavg()
        );
        bench_line(
            &format!("search p95, {group} [{label}]"),
            if group.starts_with("worst") {
                "-"
            } else {
                "< 10"
            },
            [f64::NAN, p[1], f64::NAN],
            "ms",
            wall / 1000.0,
            cpu / 1000.0,
        );
        // The same per class in the thread's CPU time, which the machine's load does not
        // stretch (the goal is per class; wall p95 on a loaded machine is mostly waiting).
        bench_line(
            &format!("search p95 CPU per query, {group} [{label}]"),
            "-",
            [f64::NAN, pc[1], f64::NAN],
            "ms",
            wall / 1000.0,
            cpu / 1000.0,
        );
        if !group.starts_with("worst") {
            all.extend(times);
            all_cpu.extend(cpus);
            wall_sum += wall;
            cpu_sum += cpu;
        }
    }
    if all.is_empty() {
        return;
    }
    let (p, pc) = (percentiles(&mut all), percentiles(&mut all_cpu));
    println!(
        "BENCH search [{label}] all but worst case: {} runs: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; CPU p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        all.len(),
        p[0],
        p[1],
        p[2],
        pc[0],
        pc[1],
        pc[2]
    );
    bench_line(
        &format!("search p95, every class but the worst case [{label}]"),
        "< 10",
        [f64::NAN, p[1], f64::NAN],
        "ms",
        wall_sum / 1000.0,
        cpu_sum / 1000.0,
    );
    bench_line(
        &format!("search p95 CPU per query, every class but the worst case [{label}]"),
        "-",
        [f64::NAN, pc[1], f64::NAN],
        "ms",
        wall_sum / 1000.0,
        cpu_sum / 1000.0,
    );
}

/// p50, p95 and max of `v` (sorted in place).
fn percentiles(v: &mut [f64]) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    let p = |q: f64| v[((v.len() as f64 * q) as usize).min(v.len() - 1)];
    [p(0.5), p(0.95), v[v.len() - 1]]
}

/// How many search rows (documents) a query matches, for reading the figures.
fn matches(store: &Store, q: &str) -> i64 {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let Some(fts) = styrebord_store::search::fts_query(q) else {
        return 0;
    };
    conn.query_row(
        "SELECT COUNT(*) FROM search WHERE search MATCH ?1",
        [fts],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
#[ignore]
fn bench_search_over_10000_documents() {
    // Realistic: ~6,000 Danish-looking words, Zipf-distributed.
    let dir = tempfile::tempdir().unwrap();
    let words = vocabulary(6_000);
    let mut z = Zipf::new(words.clone(), 42);
    let mut zt = Zipf::new(words.clone(), 7);
    let t = Instant::now();
    let store = search_store(dir.path(), |_| zt.text(6), |_, _| z.text(250));
    println!(
        "BENCH search: indexed 10000 documents x 4 pages x 250 words in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let w = |r: usize| words[r].clone();
    let groups = [
        (
            "frequent topic words (rank 25-60)",
            vec![w(25), w(27), w(30), w(33), w(39), w(45), w(54)],
        ),
        (
            "mid-frequency words (rank 100-1000)",
            vec![w(100), w(250), w(500), w(1000)],
        ),
        ("rare words (rank 3000-6000)", vec![w(3000), w(6000)]),
        (
            "two and three words",
            vec![
                format!("{} {}", w(27), w(300)),
                format!("{} {} {}", w(33), w(34), w(35)),
                format!("{} {}", w(200), w(700)),
            ],
        ),
        (
            "prefixes as typed (3-4 letters)",
            vec![
                "mød".into(),
                "drif".into(),
                "lev".into(),
                "Mit".into(),
                w(400).chars().take(4).collect(),
            ],
        ),
        ("nothing found", vec!["zzxq".into()]),
        (
            "worst case (a word on every page; a one-letter prefix)",
            vec!["og".into(), "d".into()],
        ),
    ];
    time_queries(&store, "Zipf vocabulary", &groups);
    drop(store);

    // The old synthetic corpus (30 words, uniform): every query word is on nearly every page.
    let dir = tempfile::tempdir().unwrap();
    let store = search_store(
        dir.path(),
        |i| text((i * 4 + 1) as u64, 4),
        |i, p| text((i * 4 + p) as u64, 250),
    );
    let queries: Vec<String> = [
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
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    time_queries(
        &store,
        "30-word uniform vocabulary (the earlier synthetic corpus)",
        &[("worst case: every word on every page", queries)],
    );
}
