//! Benchmarks (ignored by default; measured figures, not tests). Run:
//! `cargo test --release -p styrebord-sync --test bench -- --ignored --nocapture --test-threads=1`
//!
//! A real hub on 127.0.0.1 (no fault proxy), a generated year of ≈300 documents of ≈1.7 MB each
//! (random bytes, not real PDFs: the figure is about moving bytes, and text extraction is a
//! separate phase that is switched off here), a fresh client's first `sync_once` against plain
//! `curl` fetching the same 300 blob URLs from the same hub in the same run, then no-op syncs at
//! 1x and 10x the store size. Figures: docs/BENCHMARKS.md ("Client: local store and sync").

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use styrebord_core::meeting::{AgendaItemKind, MeetingKind};
use styrebord_core::org::Role;
use styrebord_core::OrgId;
use styrebord_hub::{admin, Clock, ServeConfig};
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    d("2026-03-02")
}

fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

/// Adds `meetings` meetings of `items` agenda items, each with one document of about `size`
/// bytes; returns the shas.
fn add_year(
    hub: &styrebord_hub::Store,
    tmp: &Path,
    year: i32,
    meetings: u32,
    items: u32,
    size: usize,
) -> Vec<String> {
    let mut shas = Vec::new();
    for m in 0..meetings {
        let date = NaiveDate::from_yo_opt(year, 1 + m * 14 % 360).unwrap();
        let (meeting, _) =
            admin::add_meeting(hub, date, MeetingKind::Ordinary, "Landgreven 4", today()).unwrap();
        for i in 0..items {
            let item = admin::add_item(
                hub,
                meeting,
                &format!("Punkt {i}: driftsstatus og leverandørmøde"),
                AgendaItemKind::Orientation,
                "Status for systemerne i kvartalet, hændelser og vedligeholdelsesvinduer.",
                &[],
                today(),
            )
            .unwrap();
            let seed = (year as u64) << 32 | u64::from(m) << 16 | u64::from(i);
            // 1.5–1.9 MB, like the PDFs of a real year.
            let len = size - size / 8 + (seed as usize * 7919) % (size / 4);
            let f = tmp.join("bilag.bin");
            // Material is PDF: a PDF header over bytes that do not compress.
            let mut bytes = b"%PDF-1.7\n".to_vec();
            bytes.extend(random_bytes(seed, len));
            std::fs::write(&f, bytes).unwrap();
            let (doc, _) =
                admin::publish_material(hub, &f, item, Some(&format!("Bilag {m}.{i}")), today())
                    .unwrap();
            shas.push(doc.sha256.to_string());
        }
        admin::publish_agenda(hub, meeting, today()).unwrap();
    }
    shas
}

/// What the curl baseline does after downloading.
#[derive(Clone, Copy, PartialEq)]
enum Then {
    Nothing,
    /// fsync every file (coreutils `sync FILE…`).
    Fsync,
    /// Check every file's SHA-256 (coreutils `sha256sum -c`), as the engine does.
    Verify,
}

/// Fetches every blob with one plain `curl` process (one connection, one URL after the other,
/// each to its own file; `parallel` > 1: that many at a time), then does `then`; returns the
/// wall time.
fn curl(base: &str, token: &str, shas: &[String], out: &Path, parallel: usize, then: Then) -> f64 {
    std::fs::create_dir_all(out).unwrap();
    let mut cfg = String::new();
    for sha in shas {
        cfg.push_str(&format!(
            "url = \"{base}/v1/blobs/{sha}\"\noutput = \"{}\"\n",
            out.join(sha).display()
        ));
    }
    let cfg_path = out.join("curl.cfg");
    std::fs::write(&cfg_path, cfg).unwrap();
    let mut cmd = Command::new("curl");
    cmd.args(["-sS", "--fail", "-H"])
        .arg(format!("Authorization: Bearer {token}"))
        .arg("-K")
        .arg(&cfg_path);
    if parallel > 1 {
        cmd.args(["--parallel", "--parallel-max", &parallel.to_string()]);
    }
    let t = Instant::now();
    let status = cmd.status().unwrap();
    assert!(status.success());
    match then {
        Then::Nothing => {}
        Then::Fsync => {
            let status = Command::new("sync")
                .args(shas.iter().map(|sha| out.join(sha)))
                .status()
                .unwrap();
            assert!(status.success());
        }
        Then::Verify => {
            let list: String = shas
                .iter()
                .map(|sha| format!("{sha}  {}\n", out.join(sha).display()))
                .collect();
            let list_path = out.join("sums.txt");
            std::fs::write(&list_path, list).unwrap();
            let status = Command::new("sha256sum")
                .args(["--quiet", "-c"])
                .arg(&list_path)
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
    let s = t.elapsed().as_secs_f64();
    for sha in shas {
        std::fs::remove_file(out.join(sha)).unwrap();
    }
    s
}

/// CPU seconds (user + system) of this process's threads whose name starts with one of
/// `prefixes` (the client's runtime and store threads vs the hub's), from /proc's 10 ms ticks.
fn threads_cpu(prefixes: &[&str]) -> f64 {
    let mut ticks = 0u64;
    for task in std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
    {
        let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        // "pid (comm) state …": the name may hold spaces, the fields after ')' do not.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        if !prefixes
            .iter()
            .any(|p| stat[open + 1..close].starts_with(p))
        {
            continue;
        }
        let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
        // utime and stime are fields 14 and 15 of stat(5), 12 and 13 after the name.
        ticks += fields[11].parse::<u64>().unwrap_or(0) + fields[12].parse::<u64>().unwrap_or(0);
    }
    ticks as f64 / 100.0
}

/// Writes back every dirty page (coreutils `sync`), so that a timed side does not pay for the
/// writeback of the side before it.
fn settle() {
    let status = Command::new("sync").status().unwrap();
    assert!(status.success());
}

/// CPU seconds of the waited-for children (curl, sync, sha256sum): cutime + cstime.
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let close = stat.rfind(')').unwrap();
    let fields: Vec<&str> = stat[close + 2..].split_whitespace().collect();
    (fields[13].parse::<u64>().unwrap() + fields[14].parse::<u64>().unwrap()) as f64 / 100.0
}

/// The client's threads: its runtime (workers and blocking pool) and the store's checkpointer.
const CLIENT_THREADS: &[&str] = &["bench-client", "styrebord-check"];

/// The hub's threads (its runtime's workers and blocking pool).
const HUB_THREADS: &[&str] = &["bench-hub"];

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "-".into())
}

/// The machine-readable line `make bench` gathers (scripts/bench/run.py):
/// figure, goal, min, median, max, unit, wall s, CPU s, 1-minute load average.
fn bench_line(figure: &str, goal: &str, v: [f64; 3], unit: &str, wall: f64, cpu: f64) {
    println!(
        "BENCH\t{figure}\t{goal}\t{:.3}\t{:.3}\t{:.3}\t{unit}\t{wall:.2}\t{cpu:.2}\t{}",
        v[0],
        v[1],
        v[2],
        loadavg()
    );
}

/// Min, median and max.
fn spread(v: &[f64]) -> [f64; 3] {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    [v[0], v[v.len() / 2], v[v.len() - 1]]
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Times `n` no-op syncs (each must be one request), returning the median in ms.
async fn no_op(engine: &SyncEngine, n: usize) -> f64 {
    let mut times = Vec::new();
    for _ in 0..n {
        let t = Instant::now();
        let r = engine.sync_once(today()).await.unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!((r.requests, r.changes), (1, 0), "{r:?}");
    }
    median(times)
}

/// Rounds of (engine, curl) in the initial-sync comparison, alternated; medians reported.
const ROUNDS: usize = 3;

#[test]
#[ignore]
fn bench_initial_sync_against_curl_and_no_op_sync() {
    let hub_dir = tempfile::tempdir().unwrap();
    let client_dir = tempfile::tempdir().unwrap();
    let hub = styrebord_hub::Store::open(hub_dir.path()).unwrap();
    admin::init(&hub).unwrap();
    let member = admin::invite(
        &hub,
        &OrgId::parse("KL").unwrap(),
        Role::Member,
        "Karin Mødeleder",
        "karin@kl.dk",
    )
    .unwrap();
    let t = Instant::now();
    // One year: 25 meetings x 12 agenda items, one ≈1.7 MB document each = 300 documents.
    let shas = add_year(&hub, hub_dir.path(), 2026, 25, 12, 1_700_000);
    println!(
        "BENCH sync: generated {} documents on the hub in {:.1} s",
        shas.len(),
        t.elapsed().as_secs_f64()
    );
    // The hub on a runtime of its own (as if it were its own process), the client on another:
    // curl gets the hub to itself, and so does the engine.
    let hub_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bench-hub")
        .enable_all()
        .build()
        .unwrap();
    let client_rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("bench-client")
        .enable_all()
        .build()
        .unwrap();
    let running = hub_rt
        .block_on(styrebord_hub::start(ServeConfig {
            max_upload: styrebord_hub::DEFAULT_MAX_UPLOAD,
            data: hub_dir.path().to_path_buf(),
            listen: "127.0.0.1:0".parse().unwrap(),
            max_body: 1024 * 1024,
            clock: Clock::Fixed(today()),
        }))
        .unwrap();
    let base = format!("http://{}", running.addr);
    let token = member.token.clone();

    // Warm the hub's files into the page cache (both sides then read from memory).
    let parallel = styrebord_sync::BLOB_CONCURRENCY;
    let warm_dir = client_dir.path().join("curl-warm");
    let _ = curl(&base, &token, &shas, &warm_dir, 1, Then::Nothing);
    std::fs::remove_dir_all(&warm_dir).unwrap();
    // Every timed side writes new files into a new folder, as a fresh client does (curl
    // overwriting its earlier files would pay for truncating them), and starts with no
    // writeback pending from the side before it.
    let fresh = |name: String| {
        let dir = client_dir.path().join(name);
        settle();
        dir
    };

    // A fresh client's first sync, as a member's app makes it; returns its wall time, its CPU,
    // the hub's CPU while serving it, and the client with its report.
    let first_sync = |name: String| {
        let dir = fresh(name);
        std::fs::create_dir_all(&dir).unwrap();
        let store = Arc::new(Store::open(&dir.join("c.sqlite3")).unwrap());
        let mut cfg = SyncConfig::new(&base, &token, dir.join("blobs"));
        cfg.index_text = false;
        let engine = Arc::new(SyncEngine::new(store.clone(), cfg).unwrap());
        let (t, c, h) = (
            Instant::now(),
            threads_cpu(CLIENT_THREADS),
            threads_cpu(HUB_THREADS),
        );
        let r = {
            let engine = engine.clone();
            client_rt
                .block_on(client_rt.spawn(async move { engine.sync_once(today()).await }))
                .unwrap()
                .unwrap()
        };
        let took = (
            t.elapsed().as_secs_f64(),
            threads_cpu(CLIENT_THREADS) - c,
            threads_cpu(HUB_THREADS) - h,
        );
        assert_eq!(r.blobs_fetched as usize, shas.len(), "{r:?}");
        (took, (store, engine, dir, r))
    };
    // The same engine checking every download by its SHA-256, as it does against a hub without
    // the blobs' BLAKE3 (an older hub, or blobs stored before it recorded it): the A/B of the
    // check in the same run.
    let without_blake3 = |without: bool| {
        if without {
            hub.write(|tx| {
                tx.execute("UPDATE blobs SET blake3 = NULL", [])
                    .map_err(styrebord_hub::HubError::from)
            })
            .unwrap();
        } else {
            styrebord_hub::blobs::record_missing_blake3(&hub).unwrap();
        }
    };
    let (mut sha_runs, mut sha_cpu) = (Vec::new(), Vec::new());
    let mut sha256_side = |round: usize| {
        without_blake3(true);
        let ((wall, cpu, _), (store, engine, dir, _)) =
            first_sync(format!("client-sha256-{round}"));
        without_blake3(false);
        sha_runs.push(wall);
        sha_cpu.push(cpu);
        drop(engine);
        drop(store);
        std::fs::remove_dir_all(&dir).unwrap();
    };

    // Alternate: a fresh client's first sync, curl with the same concurrency, the engine
    // checking SHA-256, curl one at a time; every other round the SHA-256 side goes first.
    let (mut engine_runs, mut curl_par, mut curl_seq) = (Vec::new(), Vec::new(), Vec::new());
    let (mut engine_cpu, mut curl_par_cpu) = (Vec::new(), Vec::new());
    // The hub's CPU while it serves each side: it shares the two cores with the client.
    let (mut hub_cpu_engine, mut hub_cpu_curl) = (Vec::new(), Vec::new());
    let mut last = None;
    for round in 0..ROUNDS {
        let sha256_first = round % 2 == 1;
        if sha256_first {
            sha256_side(round);
        }
        let ((wall, cpu, hub_cpu), (store, engine, dir, r)) = first_sync(format!("client-{round}"));
        engine_runs.push(wall);
        engine_cpu.push(cpu);
        hub_cpu_engine.push(hub_cpu);
        let curl_dir = fresh(format!("curl-{round}"));
        let (c, h) = (children_cpu(), threads_cpu(HUB_THREADS));
        curl_par.push(curl(
            &base,
            &token,
            &shas,
            &curl_dir,
            parallel,
            Then::Nothing,
        ));
        curl_par_cpu.push(children_cpu() - c);
        hub_cpu_curl.push(threads_cpu(HUB_THREADS) - h);
        std::fs::remove_dir_all(&curl_dir).unwrap();
        if !sha256_first {
            sha256_side(round);
        }
        let curl_dir = fresh(format!("curl-seq-{round}"));
        curl_seq.push(curl(&base, &token, &shas, &curl_dir, 1, Then::Nothing));
        std::fs::remove_dir_all(&curl_dir).unwrap();
        if round + 1 < ROUNDS {
            drop(engine);
            drop(store);
            std::fs::remove_dir_all(&dir).unwrap();
        } else {
            last = Some((store, engine, dir, r));
        }
    }
    let curl_dir = fresh("curl-fsync".into());
    let curl_durable = curl(&base, &token, &shas, &curl_dir, parallel, Then::Fsync);
    std::fs::remove_dir_all(&curl_dir).unwrap();
    let curl_dir = fresh("curl-verify".into());
    let curl_verified = curl(&base, &token, &shas, &curl_dir, parallel, Then::Verify);
    std::fs::remove_dir_all(&curl_dir).unwrap();
    let (store, engine, dir, r) = last.unwrap();
    let sha_s = median(sha_runs.clone());
    let (engine_s, par_s, seq_s) = (
        median(engine_runs.clone()),
        median(curl_par.clone()),
        median(curl_seq.clone()),
    );
    let mb = r.bytes as f64 / 1e6;
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.2}"))
            .collect::<Vec<_>>()
            .join(" / ")
    };
    println!(
        "BENCH sync: initial sync_once of {} documents ({mb:.0} MB, {} changes, {} requests, {parallel} downloads at a time), {ROUNDS} fresh clients: {} s, median {engine_s:.2} s ({:.0} MB/s)",
        shas.len(),
        r.changes,
        r.requests,
        fmt(&engine_runs),
        mb / engine_s
    );
    println!(
        "BENCH sync: the same, each download checked by SHA-256 (a hub without BLAKE3), alternated: {} s, median {sha_s:.2} s; client CPU {} s",
        fmt(&sha_runs),
        fmt(&sha_cpu)
    );
    println!(
        "BENCH sync: curl, same {} URLs, {parallel} at a time (--parallel-max {parallel}), alternated with the engine: {} s, median {par_s:.2} s; one after the other: {} s, median {seq_s:.2} s",
        shas.len(),
        fmt(&curl_par),
        fmt(&curl_seq)
    );
    println!(
        "BENCH sync: curl {parallel} at a time, then fsync of every file (`sync FILE...`): {curl_durable:.2} s; then instead `sha256sum -c` of every file (the check the engine makes): {curl_verified:.2} s"
    );
    println!(
        "BENCH sync: ratio engine / curl (medians): {:.2}x against curl with the engine's concurrency, {:.2}x against curl one at a time, {:.2}x against curl {parallel} at a time with its files fsynced, {:.2}x against curl {parallel} at a time with its files checked by sha256sum",
        engine_s / par_s,
        engine_s / seq_s,
        engine_s / curl_durable,
        engine_s / curl_verified
    );
    println!(
        "BENCH sync: client CPU per initial sync (its runtime and store threads, 10 ms ticks): {} s; curl's CPU, {parallel} at a time: {} s; load {}",
        fmt(&engine_cpu),
        fmt(&curl_par_cpu),
        loadavg()
    );
    println!(
        "BENCH sync: the hub's CPU (its runtime's threads) while serving the engine: {} s; while serving curl {parallel} at a time: {} s",
        fmt(&hub_cpu_engine),
        fmt(&hub_cpu_curl)
    );
    let ratios: Vec<f64> = engine_runs
        .iter()
        .zip(&curl_par)
        .map(|(e, c)| e / c)
        .collect();
    bench_line(
        "initial sync / curl at the same concurrency (per round)",
        "<= 1.2",
        spread(&ratios),
        "x",
        engine_runs.iter().sum(),
        engine_cpu.iter().sum(),
    );
    let sha_ratios: Vec<f64> = sha_runs.iter().zip(&curl_par).map(|(e, c)| e / c).collect();
    bench_line(
        "— the same with the SHA-256 check (a hub without BLAKE3)",
        "-",
        spread(&sha_ratios),
        "x",
        sha_runs.iter().sum(),
        sha_cpu.iter().sum(),
    );
    bench_line(
        "curl, the same blobs at the same concurrency",
        "-",
        spread(&curl_par),
        "s",
        curl_par.iter().sum(),
        curl_par_cpu.iter().sum(),
    );
    if std::env::var_os("BENCH_SKIP_10X").is_some() {
        hub_rt.block_on(running.stop()).unwrap();
        return;
    }

    let noop_1x = client_rt.block_on(no_op(&engine, 21));
    let size_1x = std::fs::metadata(dir.join("c.sqlite3")).unwrap().len();

    // Ten times the store: nine more years of the same shape (small blobs: the no-op sync
    // does not read blob bytes, only rows).
    let t = Instant::now();
    for year in 2016..2025 {
        add_year(&hub, hub_dir.path(), year, 25, 12, 4_000);
    }
    println!(
        "BENCH sync: added nine more years on the hub in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = client_rt.block_on(engine.sync_once(today())).unwrap();
    println!(
        "BENCH sync: catching up nine years ({} changes, {} small blobs): {:.2} s",
        r.changes,
        r.blobs_fetched,
        t.elapsed().as_secs_f64()
    );
    let noop_10x = client_rt.block_on(no_op(&engine, 21));
    let size_10x = std::fs::metadata(dir.join("c.sqlite3")).unwrap().len();
    println!(
        "BENCH\tsync: no-op sync_once, 1x store (median of 21)\t-\t-\t{noop_1x:.2}\t-\tms\t-\t-\t-"
    );
    println!("BENCH\tsync: no-op sync_once, 10x store (median of 21)\t-\t-\t{noop_10x:.2}\t-\tms\t-\t-\t-");
    println!(
        "BENCH sync: no-op sync_once (1 request), median of 21: {noop_1x:.2} ms at 1x ({} documents, {} KB database), {noop_10x:.2} ms at 10x ({} documents, {} KB database)",
        shas.len(),
        size_1x / 1024,
        store.blobs().unwrap().len(),
        size_10x / 1024
    );
    hub_rt.block_on(running.stop()).unwrap();
}
