//! Benchmark (reported, never asserted against a time): a meeting run live while members' apps
//! follow it. A real hub process made with `init` (not the demo), the secretariat's token from the
//! CLI's `invite`, N people invited over `POST /v1/people`, and N real sync engines (each with its
//! own SQLite file) running as the app runs them: `SyncEngine::run` with a 25 s long poll. The
//! secretariat records live acts over `POST /v1/mutations` (alternately `set_current_item` and
//! `record_live_decision`); for each act and each client, the delay from the mutation's HTTP
//! response to the client's store holding it.
//!
//! How a client's arrival is seen: a watcher task per client listens to the engine's progress
//! channel (the same notification the app's sync task turns into `sync://changed`); on every
//! notification it reads the store's cursor (one indexed read; the cursor and the page are written
//! in one transaction) and notes the time. "In store" is the first notification at which the
//! cursor has reached the act's `seq` (the engine notifies right after applying a page); "round
//! done" is the first at which, in addition, the engine's round is over (phase idle) — the moment
//! the app tells its window that there is news.
//!
//! The hub's CPU time (utime + stime of its process, from /proc/<pid>/stat), its peak RSS (VmHWM)
//! and the requests it served (counted from its own request log, one `answered` line each, unless
//! `LIVE_BENCH_LOG=0`) are measured over two windows per N: the clients parked on the long poll
//! with nothing happening (`LIVE_BENCH_IDLE_SECS`, default 26 s: every long poll renews once), and
//! the live acts. N = 1 is the baseline in the same run.
//!
//! ```sh
//! cargo test --release -p styrebord-hub --test live_bench -- --ignored --nocapture
//! ```
//! Knobs: `LIVE_BENCH_N=1,14,30`, `LIVE_BENCH_ACTS=30`, `LIVE_BENCH_GAP_MS=300`,
//! `LIVE_BENCH_IDLE_SECS=26`, `LIVE_BENCH_LOG=1`, `LIVE_BENCH_HUB_CPU` (unset: no pinning).
//! Figures go to docs/BENCHMARKS.md.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::{json, Value};
use styrebord_store::Store;
use styrebord_sync::{Phase, SyncConfig, SyncEngine};
use tokio::sync::watch;
use uuid::Uuid;

/// The meeting's day (a Thursday); the hub's clock is fixed to it, so the meeting is in progress.
const DAY: &str = "2027-03-11";
const ITEMS: usize = 8;
/// The 13 organisations of the seed composition; people are spread over them.
const ORGS: [&str; 13] = [
    "DIGST", "KL", "DR", "ATP", "ERST", "SKM", "BM", "STIL", "SDFE", "SDS", "CPR", "SIT", "KOMBIT",
];

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn id() -> String {
    Uuid::now_v7().to_string()
}

fn hub_bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("styrebord-hub")
}

fn shell(data: &Path, args: &[&str]) -> String {
    let out = Command::new(hub_bin())
        .arg("--data")
        .arg(data)
        .args(args)
        .output()
        .expect("run styrebord-hub");
    assert!(
        out.status.success(),
        "styrebord-hub {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

fn clk_tck() -> u64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100)
}

/// utime + stime of a process, in ms.
fn cpu_ms(pid: &str, tck: u64) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name is in parentheses and may hold spaces: count fields after the last ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    // After ')': state is field 3; utime and stime are fields 14 and 15.
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    ticks * 1000 / tck
}

fn status_kib(pid: &str, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Requests the hub finished, by kind, from its request log.
#[derive(Debug, Default, Clone, Copy)]
struct Requests {
    long_polls: u64,
    pulls: u64,
    mutations: u64,
    other: u64,
}

impl Requests {
    fn total(&self) -> u64 {
        self.long_polls + self.pulls + self.mutations + self.other
    }

    fn read(log: &Path) -> Requests {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let mut r = Requests::default();
        for line in text.lines() {
            if !line.contains(" answered ") {
                continue;
            }
            if line.contains("/v1/changes") && line.contains("wait=") {
                r.long_polls += 1;
            } else if line.contains("/v1/changes") {
                r.pulls += 1;
            } else if line.contains("/v1/mutations") {
                r.mutations += 1;
            } else {
                r.other += 1;
            }
        }
        r
    }

    fn minus(self, o: Requests) -> Requests {
        Requests {
            long_polls: self.long_polls - o.long_polls,
            pulls: self.pulls - o.pulls,
            mutations: self.mutations - o.mutations,
            other: self.other - o.other,
        }
    }
}

struct Hub {
    child: Child,
    pid: String,
    base: String,
    log: std::path::PathBuf,
}

impl Hub {
    fn spawn(data: &Path, log: bool) -> Hub {
        let log_file = data.join("hub-requests.log");
        // `LIVE_BENCH_HUB_CPU=0`: the hub on that core alone (run the test under
        // `taskset -c 1` to keep the clients off it), to tell its own work from the clients'.
        let mut cmd = match std::env::var("LIVE_BENCH_HUB_CPU") {
            Ok(cpu) => {
                let mut c = Command::new("taskset");
                c.args(["-c", &cpu]).arg(hub_bin());
                c
            }
            Err(_) => Command::new(hub_bin()),
        };
        cmd.arg("--data")
            .arg(data)
            .args(["--today", DAY, "serve", "--listen", "127.0.0.1:0"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log_file).unwrap());
        if log {
            // One line per answered request, with the span's method and URI.
            cmd.env("RUST_LOG", "warn,styrebord_hub::telemetry=info");
        } else {
            cmd.env("RUST_LOG", "warn");
        }
        let mut child = cmd.spawn().expect("start styrebord-hub serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line from serve: {line:?}"))
            .to_owned();
        Hub {
            pid: child.id().to_string(),
            child,
            base: format!("http://{addr}"),
            log: log_file,
        }
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The secretariat's HTTP side: one keep-alive client, its device and sequence.
struct Secretariat {
    http: reqwest::Client,
    base: String,
    token: String,
    device: String,
    seq: u64,
}

impl Secretariat {
    /// One op; returns the applied change's `seq`.
    async fn act(&mut self, op: Value) -> u64 {
        self.seq += 1;
        let body = json!({"device_id": self.device,
            "mutations": [{"mutation_id": id(), "client_seq": self.seq, "op": op}]});
        let v: Value = self
            .http
            .post(format!("{}/v1/mutations", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["results"][0]["status"], "applied", "{op}\n→ {v}");
        v["results"][0]["seq"].as_u64().unwrap()
    }

    async fn invite(&self, org: &str, role: &str, n: usize) -> String {
        let v: Value = self
            .http
            .post(format!("{}/v1/people", self.base))
            .bearer_auth(&self.token)
            .json(
                &json!({"id": id(), "org": org, "role": role, "name": format!("Person {n}"),
                          "email": format!("person{n}@{}.dk", org.to_lowercase())}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["token"]
            .as_str()
            .unwrap_or_else(|| panic!("invite refused: {v}"))
            .to_owned()
    }
}

/// The n-th follower's organisation and role: the 13 representatives first (an organisation has
/// one: DIGST's is the chair, the others' a member), then the 13 substitutes, then observers.
fn follower(n: usize) -> (&'static str, &'static str) {
    match n {
        0 => ("DIGST", "chair"),
        1..13 => (ORGS[n], "member"),
        13..26 => (ORGS[n - 13], "substitute"),
        _ => (ORGS[(n - 26) % 13], "observer"),
    }
}

/// One following app: its engine's loop and a watcher noting when its store moves.
struct Follower {
    /// (when, the store's cursor seq, whether the engine's round was over).
    seen: Arc<Mutex<Vec<(Instant, u64, bool)>>>,
    last: Arc<AtomicU64>,
    engine: Arc<SyncEngine>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

fn follow(dir: &Path, n: usize, base: &str, token: &str, stop: &watch::Receiver<bool>) -> Follower {
    let store = Arc::new(Store::open(&dir.join(format!("app{n}.sqlite3"))).unwrap());
    let mut cfg = SyncConfig::new(base, token, dir.join(format!("app{n}-blobs")));
    // As the app (src-tauri/src/session.rs): a 25 s long poll between rounds.
    cfg.long_poll = Some(Duration::from_secs(25));
    let engine = Arc::new(SyncEngine::new(store.clone(), cfg).unwrap());
    let seen = Arc::new(Mutex::new(Vec::with_capacity(1024)));
    let last = Arc::new(AtomicU64::new(0));
    let mut progress = engine.progress();
    let watcher = {
        let (seen, last, mut stop) = (seen.clone(), last.clone(), stop.clone());
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    r = progress.changed() => if r.is_err() { break },
                    _ = stop.changed() => break,
                }
                let idle = progress.borrow_and_update().phase == Phase::Idle;
                let seq = store.cursor().ok().flatten().map_or(0, |c| c.seq);
                let now = Instant::now();
                last.fetch_max(seq, Ordering::AcqRel);
                seen.lock().unwrap().push((now, seq, idle));
            }
        })
    };
    let runner = {
        let (engine, stop) = (engine.clone(), stop.clone());
        let day: NaiveDate = DAY.parse().unwrap();
        tokio::spawn(async move {
            let _ = engine.run(stop, move || day).await;
        })
    };
    Follower {
        seen,
        last,
        engine,
        tasks: vec![watcher, runner],
    }
}

async fn all_reached(followers: &[Follower], seq: u64, limit: Duration) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if followers
            .iter()
            .all(|f| f.last.load(Ordering::Acquire) >= seq)
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    false
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

struct Outcome {
    n: usize,
    acts: usize,
    in_store: Vec<f64>,
    round_done: Vec<f64>,
    slowest_per_act: Vec<f64>,
    post_ms: Vec<f64>,
    missed: usize,
    /// Rounds during the acts that applied changes while the watcher saw the phase go from idle
    /// straight to idle: an observer keyed on phase transitions (as src-tauri/src/sync_task.rs,
    /// which tells the window `sync://changed` only then) misses them.
    unseen_rounds: usize,
    live_wall: Duration,
    live_hub_cpu: u64,
    live_self_cpu: u64,
    live_requests: Requests,
    idle_wall: Duration,
    idle_hub_cpu: u64,
    idle_requests: Requests,
    peak_rss_kib: u64,
    rss_end_kib: u64,
    setup: Duration,
}

async fn run_one(n: usize, acts: usize, gap: Duration, idle: Duration, log: bool) -> Outcome {
    let tck = clk_tck();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("hub");
    shell(&data, &["init"]);
    let out = shell(
        &data,
        &[
            "invite",
            "--org",
            "DIGST",
            "--role",
            "secretariat",
            "--name",
            "Sara Sekretær",
            "--email",
            "sara@digst.dk",
        ],
    );
    let token = out
        .split_whitespace()
        .find(|w| w.starts_with("sbh1_"))
        .expect("the invite prints the token")
        .to_owned();
    let hub = Hub::spawn(&data, log);
    let mut sec = Secretariat {
        http: styrebord_sync::http::client(),
        base: hub.base.clone(),
        token,
        device: id(),
        seq: 0,
    };

    // The people, the meeting of the day with its agenda, published.
    let mut tokens = Vec::new();
    for i in 0..n {
        let (org, role) = follower(i);
        tokens.push(sec.invite(org, role, i).await);
    }
    let meeting = id();
    sec.act(
        json!({"type": "upsert_meeting", "meeting": {"id": meeting, "kind": "ordinary",
        "date": DAY, "start": "10:00:00", "end": "12:00:00", "location": "Landgreven 4",
        "attendance": "in_person", "status": "planned"}}),
    )
    .await;
    let items: Vec<String> = (0..ITEMS).map(|_| id()).collect();
    for (i, item) in items.iter().enumerate() {
        sec.act(
            json!({"type": "upsert_agenda_item", "item": {"id": item, "meeting": meeting,
            "number": 0, "title": format!("Punkt {}: driftsstatus og beslutning", i + 1),
            "description": "Indstilling til styregruppen.", "kind": "decision", "systems": [],
            "escalation": null, "presenter": null}}),
        )
        .await;
    }
    let head = sec
        .act(json!({"type": "publish_agenda", "meeting": meeting}))
        .await;

    // The apps start, sync, and park on the long poll.
    let setup_start = Instant::now();
    let (stop, stop_rx) = watch::channel(false);
    let apps_dir = dir.path().join("apps");
    std::fs::create_dir_all(&apps_dir).unwrap();
    let followers: Vec<Follower> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| follow(&apps_dir, i, &hub.base, t, &stop_rx))
        .collect();
    assert!(
        all_reached(&followers, head, Duration::from_secs(120)).await,
        "the apps' first sync"
    );
    let setup = setup_start.elapsed();
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // Nothing happens: the hub's cost of N parked long polls.
    let (c0, r0, t0) = (
        cpu_ms(&hub.pid, tck),
        Requests::read(&hub.log),
        Instant::now(),
    );
    tokio::time::sleep(idle).await;
    let (c1, r1, idle_wall) = (
        cpu_ms(&hub.pid, tck),
        Requests::read(&hub.log),
        t0.elapsed(),
    );

    // The meeting, live.
    let me = std::process::id().to_string();
    let s0 = cpu_ms(&me, tck);
    let t0 = Instant::now();
    let live_start = t0;
    let mut sent = Vec::new(); // (seq, response time)
    let mut post_ms = Vec::new();
    let mut missed = 0;
    for k in 0..acts {
        let item = &items[(k / 2) % ITEMS];
        let op = if k % 2 == 0 {
            json!({"type": "set_current_item", "meeting": meeting, "item": item})
        } else {
            json!({"type": "record_live_decision", "meeting": meeting, "item": item,
                   "text": format!("Beslutning {k}: styregruppen tog punktet til efterretning.")})
        };
        let before = Instant::now();
        let seq = sec.act(op).await;
        let responded = Instant::now();
        post_ms.push((responded - before).as_secs_f64() * 1e3);
        sent.push((seq, responded));
        if !all_reached(&followers, seq, Duration::from_secs(10)).await {
            missed += 1;
        }
        tokio::time::sleep(gap).await;
    }
    let live_wall = t0.elapsed();
    let (c2, r2) = (cpu_ms(&hub.pid, tck), Requests::read(&hub.log));
    let s1 = cpu_ms(&me, tck);
    let peak_rss_kib = status_kib(&hub.pid, "VmHWM:");
    let rss_end_kib = status_kib(&hub.pid, "VmRSS:");

    stop.send(true).unwrap();
    for f in &followers {
        f.engine.wake();
    }
    let followers_seen: Vec<_> = followers.iter().map(|f| f.seen.clone()).collect();
    let mut in_store = Vec::new();
    let mut round_done = Vec::new();
    let mut slowest_per_act = Vec::new();
    for (seq, responded) in &sent {
        let mut slowest = f64::NEG_INFINITY;
        for f in &followers {
            let seen = f.seen.lock().unwrap();
            let since = |t: Instant| -> f64 {
                // Signed: a client may apply the change before the secretariat has read its answer.
                if t >= *responded {
                    (t - *responded).as_secs_f64() * 1e3
                } else {
                    -((*responded - t).as_secs_f64() * 1e3)
                }
            };
            if let Some(&(t, _, _)) = seen.iter().find(|(_, s, _)| s >= seq) {
                let ms = since(t);
                in_store.push(ms);
                slowest = slowest.max(ms);
            }
            if let Some(&(t, _, _)) = seen.iter().find(|(_, s, idle)| s >= seq && *idle) {
                round_done.push(since(t));
            }
        }
        slowest_per_act.push(slowest);
    }
    for f in followers {
        for t in f.tasks {
            let _ = t.await;
        }
    }
    let unseen_rounds = followers_seen
        .iter()
        .map(|seen| {
            let seen = seen.lock().unwrap();
            seen.windows(2)
                .filter(|w| w[1].0 >= live_start && w[0].2 && w[1].2 && w[1].1 > w[0].1)
                .count()
        })
        .sum();
    drop(hub);
    Outcome {
        n,
        acts,
        in_store: sorted(in_store),
        round_done: sorted(round_done),
        slowest_per_act: sorted(slowest_per_act),
        post_ms: sorted(post_ms),
        missed,
        unseen_rounds,
        live_wall,
        live_hub_cpu: c2 - c1,
        live_self_cpu: s1 - s0,
        live_requests: r2.minus(r1),
        idle_wall,
        idle_hub_cpu: c1 - c0,
        idle_requests: r1.minus(r0),
        peak_rss_kib,
        rss_end_kib,
        setup,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly with --ignored --nocapture"]
async fn bench_live_meeting_delay_and_hub_load() {
    let ns: Vec<usize> = std::env::var("LIVE_BENCH_N")
        .unwrap_or_else(|_| "1,14,30".into())
        .split(',')
        .map(|s| s.trim().parse().unwrap())
        .collect();
    let acts = env_or("LIVE_BENCH_ACTS", 30usize);
    let gap = Duration::from_millis(env_or("LIVE_BENCH_GAP_MS", 300u64));
    let idle = Duration::from_secs(env_or("LIVE_BENCH_IDLE_SECS", 26u64));
    let log = env_or("LIVE_BENCH_LOG", 1u8) == 1;
    let load_start = loadavg();
    let wall = Instant::now();
    println!(
        "BENCH live meeting: N = {ns:?}, {acts} acts {gap:?} apart after all clients have each, \
         idle window {idle:?}, request log {}; load average at start {load_start}",
        if log { "on" } else { "off" }
    );
    let mut outcomes = Vec::new();
    for &n in &ns {
        let o = run_one(n, acts, gap, idle, log).await;
        println!(
            "BENCH N={n}: setup (first sync of {n} apps) {:.2} s; {} acts in {:.1} s; missed {}; \
             rounds with news but no phase change seen {}",
            o.setup.as_secs_f64(),
            o.acts,
            o.live_wall.as_secs_f64(),
            o.missed,
            o.unseen_rounds
        );
        println!(
            "BENCH N={n} in-store delays (ms, sorted): {:?}",
            round1(&o.in_store)
        );
        outcomes.push(o);
    }
    println!();
    println!("| N | samples | in store p50 / p95 / max ms | round done p50 / p95 ms | slowest of N per act p50 / max ms | POST p50 ms | missed |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for o in &outcomes {
        // For `make bench` (scripts/bench/run.py; it adds wall, CPU and load for the whole test).
        println!(
            "BENCH\tlive: act to store, {} app(s), p50 (p95 as max)\t-\t-\t{:.1}\t{:.1}\tms\t-\t-\t-",
            o.n,
            percentile(&o.in_store, 50.0),
            percentile(&o.in_store, 95.0),
        );
        println!(
            "| {} | {} | {:.1} / {:.1} / {:.1} | {:.1} / {:.1} | {:.1} / {:.1} | {:.1} | {} |",
            o.n,
            o.in_store.len(),
            percentile(&o.in_store, 50.0),
            percentile(&o.in_store, 95.0),
            o.in_store.last().copied().unwrap_or(f64::NAN),
            percentile(&o.round_done, 50.0),
            percentile(&o.round_done, 95.0),
            percentile(&o.slowest_per_act, 50.0),
            o.slowest_per_act.last().copied().unwrap_or(f64::NAN),
            percentile(&o.post_ms, 50.0),
            o.missed
        );
    }
    println!();
    println!("| N | live: wall s | hub CPU ms | hub CPU per act ms | hub CPU s per min | hub requests (long polls / pulls / mutations / other) | clients' CPU ms | idle: wall s | hub CPU ms | requests | peak RSS MiB | RSS at end MiB |");
    println!("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
    for o in &outcomes {
        let live_s = o.live_wall.as_secs_f64();
        let idle_rate = o.idle_hub_cpu as f64 / o.idle_wall.as_secs_f64();
        let per_act = (o.live_hub_cpu as f64 - idle_rate * live_s) / o.acts as f64;
        let r = o.live_requests;
        println!(
            "| {} | {:.1} | {} | {:.2} | {:.2} | {} ({} / {} / {} / {}) | {} | {:.1} | {} | {} | {:.1} | {:.1} |",
            o.n,
            live_s,
            o.live_hub_cpu,
            per_act,
            o.live_hub_cpu as f64 / 1000.0 / (live_s / 60.0),
            r.total(),
            r.long_polls,
            r.pulls,
            r.mutations,
            r.other,
            o.live_self_cpu,
            o.idle_wall.as_secs_f64(),
            o.idle_hub_cpu,
            o.idle_requests.total(),
            o.peak_rss_kib as f64 / 1024.0,
            o.rss_end_kib as f64 / 1024.0,
        );
    }
    println!();
    println!(
        "BENCH wall {:.1} s; load average at start {load_start}, at end {}",
        wall.elapsed().as_secs_f64(),
        loadavg()
    );
}

fn round1(v: &[f64]) -> Vec<f64> {
    v.iter().map(|x| (x * 10.0).round() / 10.0).collect()
}
