//! Benchmark (reported, never asserted against a time): a member's real window following a meeting
//! run live, while 13 more apps' sync engines (real `SyncEngine`s with their own SQLite files, in
//! this test process) follow it too: 14 apps in all, as many as the committee has seats and a
//! chair. The hub is a real `styrebord-hub` process made with `init` (not the demo); people are
//! invited over `POST /v1/people`. The secretariat takes up ten agenda items one after the other
//! (`set_current_item` over `POST /v1/mutations`); for each, the delay from the mutation's HTTP
//! response to the member's page showing the new item.
//!
//! How the window's moment is taken: an in-page `MutationObserver` on the document notes
//! `Date.now()` whenever the live banner's text (`[data-testid="meeting-live"]`) changes ("dom"),
//! and again in the next animation frame ("frame", when it is painted). The test notes the
//! response with the same machine clock (`SystemTime`, ms). Nothing polls the window during the
//! acts: the log is read once at the end. The 13 engines' delays are taken as in
//! `crates/hub/tests/live_bench.rs` (the engine's progress notification, then the store's cursor).
//!
//! ```sh
//! npm --prefix ui run build
//! xvfb-run -a -s "-screen 0 1280x800x24 -noreset" cargo test -p styrebord --test e2e bench_live_meeting -- --ignored --nocapture
//! ```

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};
use tokio::sync::watch;

use crate::harness::App;
use crate::hub::{cli, invite, Hub};

const ITEMS: usize = 10;
/// After each act, nothing touches the window for this long (the next act follows).
const GAP: Duration = Duration::from_millis(1500);
const OTHERS: [(&str, &str); 13] = [
    ("DIGST", "chair"),
    ("DR", "member"),
    ("ATP", "member"),
    ("ERST", "member"),
    ("SKM", "member"),
    ("BM", "member"),
    ("STIL", "member"),
    ("SDFE", "member"),
    ("SDS", "member"),
    ("CPR", "member"),
    ("SIT", "member"),
    ("KOMBIT", "member"),
    ("KL", "substitute"),
];

fn now_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
        * 1e3
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// utime + stime in clock ticks (10 ms on Linux) of the processes whose HOME is `home` and that
/// are the app or WebKit's helpers (the WebDriver processes excluded), by process name, and of
/// this process.
fn cpu_ticks(home: &Path) -> (BTreeMap<String, u64>, u64) {
    let ticks = |pid: &str| -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
        let f: Vec<u64> = rest
            .split_whitespace()
            .map(|x| x.parse().unwrap_or(0))
            .collect();
        f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0)
    };
    let home_var = format!("HOME={}", home.display());
    let mut app = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let name = status.lines().next().unwrap_or_default();
        let ours = environ.split(|b| *b == 0).any(|v| v == home_var.as_bytes());
        if ours
            && !name.contains("WebKitWebDriver")
            && (name.contains("styrebord") || name.contains("WebKit"))
        {
            let name = name.trim_start_matches("Name:").trim().to_owned();
            *app.entry(name).or_default() += ticks(&entry.file_name().to_string_lossy());
        }
    }
    (app, ticks(&std::process::id().to_string()))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

/// Sorted, to 0.1 ms (the page's clock has whole milliseconds).
fn sorted(v: Vec<f64>) -> Vec<f64> {
    let mut v: Vec<f64> = v.into_iter().map(|x| (x * 10.0).round() / 10.0).collect();
    v.sort_by(f64::total_cmp);
    v
}

struct Http {
    http: reqwest::Client,
    base: String,
    token: String,
    device: String,
    seq: u64,
}

impl Http {
    /// One op as the secretariat; the applied change's `seq`.
    async fn act(&mut self, op: Value) -> u64 {
        self.seq += 1;
        let body = json!({"device_id": self.device, "mutations": [
            {"mutation_id": uuid::Uuid::now_v7(), "client_seq": self.seq, "op": op}]});
        let v: Value = self
            .http
            .post(format!("{}/v1/mutations", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("POST /v1/mutations")
            .json()
            .await
            .expect("JSON");
        assert_eq!(v["results"][0]["status"], "applied", "{op}\n→ {v}");
        v["results"][0]["seq"].as_u64().unwrap()
    }

    async fn invite(&self, org: &str, role: &str, name: &str) -> String {
        let v: Value = self
            .http
            .post(format!("{}/v1/people", self.base))
            .bearer_auth(&self.token)
            .json(&json!({"id": uuid::Uuid::now_v7(), "org": org, "role": role, "name": name,
                          "email": format!("{}@{}.dk", name.to_lowercase().replace(' ', "."), org.to_lowercase())}))
            .send()
            .await
            .expect("POST /v1/people")
            .json()
            .await
            .expect("JSON");
        v["token"]
            .as_str()
            .unwrap_or_else(|| panic!("invite refused: {v}"))
            .to_owned()
    }
}

/// A background app: its engine's loop (25 s long poll, as the app) and a watcher noting when
/// its store's cursor moves.
struct Follower {
    seen: Arc<std::sync::Mutex<Vec<(Instant, u64)>>>,
    last: Arc<AtomicU64>,
    engine: Arc<SyncEngine>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

fn follow(dir: &Path, n: usize, base: &str, token: &str, stop: &watch::Receiver<bool>) -> Follower {
    let store = Arc::new(Store::open(&dir.join(format!("app{n}.sqlite3"))).unwrap());
    let mut cfg = SyncConfig::new(base, token, dir.join(format!("app{n}-blobs")));
    cfg.long_poll = Some(Duration::from_secs(25));
    let engine = Arc::new(SyncEngine::new(store.clone(), cfg).unwrap());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
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
                progress.borrow_and_update();
                let seq = store.cursor().ok().flatten().map_or(0, |c| c.seq);
                let now = Instant::now();
                last.fetch_max(seq, Ordering::AcqRel);
                seen.lock().unwrap().push((now, seq));
            }
        })
    };
    let runner = {
        let (engine, stop) = (engine.clone(), stop.clone());
        tokio::spawn(async move {
            let _ = engine.run(stop, crate::harness::committee_today).await;
        })
    };
    Follower {
        seen,
        last,
        engine,
        tasks: vec![watcher, runner],
    }
}

/// Records, in the page, every change of the live banner's text with `Date.now()`, and the next
/// animation frame after it.
const OBSERVER: &str = r#"
    window.__live = [];
    let last;
    const note = () => {
        const e = document.querySelector('[data-testid="meeting-live"]');
        const text = e ? e.textContent : null;
        if (text === last) return;
        last = text;
        const entry = { text, dom: Date.now(), frame: null };
        window.__live.push(entry);
        requestAnimationFrame(() => { entry.frame = Date.now(); });
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
    note();
    return window.__live.length;
"#;

/// Notes `Date.now()` at every `sync://changed` event the page receives, taken as the page takes
/// its events: a waiting `next_events` call of its own (src-tauri/src/events.rs), beside the
/// page's.
const CHANGED_LISTENER: &str = r#"
    const done = arguments[arguments.length - 1];
    window.__changed = [];
    const invoke = window.__TAURI_INTERNALS__.invoke;
    const follow = (from) => invoke("next_events", { from }).then((batch) => {
        for (const e of batch.events) if (e.name === "sync://changed") window.__changed.push(Date.now());
        follow(batch.next);
    });
    invoke("next_events", { from: null }).then((batch) => { follow(batch.next); done(true); }, (e) => done(String(e)));
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: run explicitly with --ignored --nocapture"]
async fn bench_live_meeting_in_a_member_window() {
    let load_start = loadavg();
    let wall = Instant::now();
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let today = crate::harness::committee_today();
    cli(data, &["init"]);
    let sec = invite(
        data,
        "DIGST",
        "secretariat",
        "Sara Sekretær",
        "sara@digst.dk",
    );
    let hub = Hub::serve(
        data,
        crate::harness::free_port(),
        json!({ "secretariat": { "token": sec } }),
    );
    let mut sec = Http {
        http: styrebord_sync::http::client(),
        base: hub.url(),
        token: hub.token("secretariat"),
        device: uuid::Uuid::now_v7().to_string(),
        seq: 0,
    };
    let member = sec.invite("KL", "member", "Karin Medlem").await;
    let mut others = Vec::new();
    for (i, (org, role)) in OTHERS.iter().enumerate() {
        others.push(sec.invite(org, role, &format!("Person {i}")).await);
    }
    let meeting = uuid::Uuid::now_v7().to_string();
    sec.act(
        json!({"type": "upsert_meeting", "meeting": {"id": meeting, "kind": "ordinary",
        "date": today.to_string(), "start": "09:00:00", "end": "16:00:00",
        "location": "Landgreven 4", "attendance": "in_person", "status": "planned"}}),
    )
    .await;
    let mut items = Vec::new();
    for i in 0..ITEMS {
        let id = uuid::Uuid::now_v7().to_string();
        let title = format!("Sag {} om driftsstatus", i + 1);
        sec.act(
            json!({"type": "upsert_agenda_item", "item": {"id": id, "meeting": meeting,
            "number": 0, "title": title, "description": "Indstilling til styregruppen.",
            "kind": "decision", "systems": [], "escalation": null, "presenter": null}}),
        )
        .await;
        items.push((id, title));
    }
    let head = sec
        .act(json!({"type": "publish_agenda", "meeting": meeting}))
        .await;

    // The member's window: signed in, synced, on the meeting's page.
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &member).await;
    app.wait_until("the agenda to arrive", Duration::from_secs(60), || async {
        let view = app.invoke("meeting", json!({ "id": meeting })).await.ok()?;
        (view["agenda"].as_array()?.len() == ITEMS).then_some(())
    })
    .await;
    app.goto(&format!("#/moeder/{meeting}")).await;
    app.text_of(r#"[data-testid="meeting-title"]"#).await;

    // The 13 other apps.
    let (stop, stop_rx) = watch::channel(false);
    let apps = tempfile::tempdir().unwrap();
    let followers: Vec<Follower> = others
        .iter()
        .enumerate()
        .map(|(i, t)| follow(apps.path(), i, &hub.url(), t, &stop_rx))
        .collect();
    let start = Instant::now();
    while !followers
        .iter()
        .all(|f| f.last.load(Ordering::Acquire) >= head)
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the 13 apps' first sync"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let installed = app
        .client
        .execute(OBSERVER, vec![])
        .await
        .expect("install the observer");
    assert_eq!(installed, json!(1), "one entry: no live banner yet");
    // And when the app's Rust side tells the page that a sync round brought news
    // (`sync://changed`, which makes the views fetch again): the split between the engine's round
    // and the page's own fetch and render.
    let listening = app
        .client
        .execute_async(CHANGED_LISTENER, vec![])
        .await
        .expect("listen to sync://changed");
    println!("BENCH window: listening to sync://changed: {listening}");
    // Every app parks on its long poll.
    tokio::time::sleep(Duration::from_secs(2)).await;

    let (app0, me0) = cpu_ticks(home.path());
    let t0 = Instant::now();
    let mut sent = Vec::new(); // (title, seq, response in ms since the epoch, as Instant)
    for (id, title) in &items {
        let seq = sec
            .act(json!({"type": "set_current_item", "meeting": meeting, "item": id}))
            .await;
        sent.push((title.clone(), seq, now_ms(), Instant::now()));
        tokio::time::sleep(GAP).await;
    }
    let live_wall = t0.elapsed();
    let (app1, me1) = cpu_ticks(home.path());
    // Baseline in the same run: the same apps, settled, for as long with nothing happening (the
    // long polls renew 25 s after the last act, so none falls in here).
    let t0 = Instant::now();
    tokio::time::sleep(GAP * ITEMS as u32).await;
    let idle_wall = t0.elapsed();
    let (idle_app1, idle_me1) = cpu_ticks(home.path());

    let log = app
        .client
        .execute("return window.__live;", vec![])
        .await
        .expect("read the observer's log");
    let log = log.as_array().cloned().unwrap_or_default();
    let changed: Vec<f64> = app
        .client
        .execute("return window.__changed || [];", vec![])
        .await
        .expect("read the events")
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    app.screenshot("live-meeting-member").await;
    app.close().await;
    stop.send(true).unwrap();
    for f in &followers {
        f.engine.wake();
    }

    let mut dom = Vec::new();
    let mut frame = Vec::new();
    let mut event = Vec::new();
    let mut missing = Vec::new();
    let mut background = Vec::new();
    for (title, seq, responded_ms, responded) in &sent {
        match log.iter().find(|e| {
            e["text"]
                .as_str()
                .is_some_and(|t| t.contains(title.as_str()))
        }) {
            Some(e) => {
                let shown = e["dom"].as_f64().unwrap();
                // The first round that ended after the response and before the page changed.
                if let Some(c) = changed
                    .iter()
                    .find(|c| **c >= responded_ms.floor() && **c <= shown)
                {
                    event.push(c - responded_ms);
                }
                dom.push(shown - responded_ms);
                if let Some(f) = e["frame"].as_f64() {
                    frame.push(f - responded_ms);
                }
            }
            None => missing.push(title.clone()),
        }
        for f in &followers {
            if let Some(&(t, _)) = f.seen.lock().unwrap().iter().find(|(_, s)| s >= seq) {
                background.push(if t >= *responded {
                    (t - *responded).as_secs_f64() * 1e3
                } else {
                    -((*responded - t).as_secs_f64() * 1e3)
                });
            }
        }
    }
    for f in followers {
        for t in f.tasks {
            let _ = t.await;
        }
    }
    let (dom, frame, event, background) = (
        sorted(dom),
        sorted(frame),
        sorted(event),
        sorted(background),
    );
    println!("BENCH live meeting in a member's window, {ITEMS} items taken up {GAP:?} apart, 13 more apps following");
    println!("BENCH window: delays to sync://changed (ms, sorted): {event:?}");
    println!("BENCH window: delays to the DOM (ms, sorted): {dom:?}");
    println!("BENCH window: delays to the next frame (ms, sorted): {frame:?}");
    println!("BENCH window: not seen: {missing:?}");
    println!("| what | samples | p50 ms | p95 ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for (what, v) in [
        ("member's window: sync://changed reaches the page", &event),
        ("member's window: banner text in the DOM", &dom),
        ("member's window: next animation frame", &frame),
        ("13 background apps: change in their store", &background),
    ] {
        println!(
            "| {what} | {} | {:.1} | {:.1} | {:.1} |",
            v.len(),
            percentile(v, 50.0),
            percentile(v, 95.0),
            v.last().copied().unwrap_or(f64::NAN)
        );
        // For `make bench` (scripts/bench/run.py; it adds wall, CPU and load for the whole test).
        println!(
            "BENCH\tlive: act to {what}, p50 (p95 as max)\t-\t-\t{:.1}\t{:.1}\tms\t-\t-\t-",
            percentile(v, 50.0),
            percentile(v, 95.0)
        );
    }
    // Clock ticks are 10 ms on Linux (CLK_TCK 100).
    let ms = |a: &BTreeMap<String, u64>, b: &BTreeMap<String, u64>| -> (u64, Vec<String>) {
        let parts: Vec<(String, u64)> = b
            .iter()
            .map(|(k, v)| (k.clone(), (v - a.get(k).copied().unwrap_or(0)) * 10))
            .collect();
        (
            parts.iter().map(|(_, v)| v).sum(),
            parts.iter().map(|(k, v)| format!("{k} {v}")).collect(),
        )
    };
    let (live_app, live_parts) = ms(&app0, &app1);
    let (idle_app, idle_parts) = ms(&app1, &idle_app1);
    println!(
        "BENCH live phase {:.1} s wall; CPU: the app's processes {live_app} ms {live_parts:?}, \
         this test process (13 engines) {} ms",
        live_wall.as_secs_f64(),
        (me1 - me0) * 10
    );
    println!(
        "BENCH baseline, nothing happening, {:.1} s wall; CPU: the app's processes {idle_app} ms \
         {idle_parts:?}, this test process {} ms",
        idle_wall.as_secs_f64(),
        (idle_me1 - me1) * 10
    );
    println!(
        "BENCH wall {:.1} s; load average at start {load_start}, at end {}",
        wall.elapsed().as_secs_f64(),
        loadavg()
    );
    drop(hub);
}
