//! Issue 13's benchmarks of the real window (reported, never asserted against a time or a size):
//!
//! - memory: PSS (`/proc/PID/smaps_rollup`) summed over the app and its WebKit processes after a
//!   full sync of the demo year and after opening a 50-page PDF in the reader, beside a bare
//!   Tauri window (examples/bare_window.rs: same Tauri, CSP, window and webview settings, a static
//!   page) measured in the same run, alternately;
//! - start-up: from the kernel's start of the process to the first overview with data (the app's
//!   own figure, `report_interactive`), 5 starts each for a resumed member with the hub up, the
//!   same with the hub down, and `--demo`; the app is started directly, as a person would, not
//!   through WebDriver. Beside them the floor: the bare window from its start to its page loaded.
//!   The app prints where the time went (`styrebord: mark …`, state.rs `AppState::mark`).
//!
//! Build the bare window first (scripts/bench/run.sh does):
//! `cargo build --release -p styrebord --example bare_window`, then
//! `xvfb-run -a -s "-screen 0 1280x800x24 -noreset" cargo test --release -p styrebord --test e2e lean_bench -- --ignored --nocapture --test-threads 1`.
//! Each prints `BENCH\t…` lines for `make bench` besides its human output.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::harness::{app_tree, stat_fields, App, APP_BINARY};
use crate::hub::Hub;

const ROUNDS: usize = 3;
const STARTS: usize = 5;

/// One process of an app: its name, PSS, USS (its private pages) and RSS in KiB, CPU (utime +
/// stime) in ticks. PSS splits each shared page among the processes mapping it, so it falls when
/// other WebKit processes run on the machine (other tests, other windows); USS does not.
#[derive(Debug, Clone)]
struct Proc {
    name: String,
    pss_kib: u64,
    uss_kib: u64,
    rss_kib: u64,
    cpu_ticks: u64,
}

fn smaps_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn measure(pids: &[u32]) -> Vec<Proc> {
    keep_smaps(pids);
    pids.iter()
        .filter_map(|&pid| {
            let (name, fields) = stat_fields(pid)?;
            let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<u64>().ok());
            Some(Proc {
                name,
                pss_kib: smaps_kib(pid, "Pss:"),
                uss_kib: smaps_kib(pid, "Private_Clean:") + smaps_kib(pid, "Private_Dirty:"),
                rss_kib: smaps_kib(pid, "Rss:"),
                // utime and stime are fields 14 and 15 (index 11 and 12 after the name).
                cpu_ticks: ticks(11)? + ticks(12)?,
            })
        })
        .collect()
}

/// With `STYREBORD_BENCH_SMAPS=DIR`, each measurement also copies every process's full
/// `/proc/PID/smaps` into DIR (numbered in measurement order), to see *which* mappings differ
/// between the app and the bare window (`scripts/smaps-diff.py` sums them by mapping).
fn keep_smaps(pids: &[u32]) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let Some(dir) = std::env::var_os("STYREBORD_BENCH_SMAPS") else {
        return;
    };
    let seq = SEQ.fetch_add(1, Ordering::Relaxed);
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).expect("create the smaps directory");
    for &pid in pids {
        let name = stat_fields(pid).map(|(n, _)| n).unwrap_or_default();
        if let Ok(smaps) = std::fs::read_to_string(format!("/proc/{pid}/smaps")) {
            let file = dir.join(format!("{seq:02}-{name}-{pid}.smaps"));
            std::fs::write(file, smaps).expect("write a copy of smaps");
        }
    }
}

fn pss_mib(procs: &[Proc]) -> f64 {
    procs.iter().map(|p| p.pss_kib).sum::<u64>() as f64 / 1024.0
}

fn uss_mib(procs: &[Proc]) -> f64 {
    procs.iter().map(|p| p.uss_kib).sum::<u64>() as f64 / 1024.0
}

fn describe(procs: &[Proc]) -> String {
    let mut by_name: Vec<(String, u64, u64, u64)> = Vec::new();
    for p in procs {
        match by_name.iter_mut().find(|(n, _, _, _)| *n == p.name) {
            Some(e) => {
                e.1 += p.pss_kib;
                e.2 += p.uss_kib;
                e.3 += p.rss_kib;
            }
            None => by_name.push((p.name.clone(), p.pss_kib, p.uss_kib, p.rss_kib)),
        }
    }
    by_name
        .iter()
        .map(|(n, pss, uss, rss)| {
            format!(
                "{n} {} MiB (USS {}, RSS {})",
                pss / 1024,
                uss / 1024,
                rss / 1024
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn load_1min() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .next()
        .unwrap_or("-")
        .to_string()
}

/// This process's CPU (user + system) plus that of its waited-for children, in seconds.
fn own_cpu_s() -> f64 {
    let mut total = 0.0;
    for who in [libc::RUSAGE_SELF, libc::RUSAGE_CHILDREN] {
        // SAFETY: getrusage writes into the zeroed struct we own.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut usage) };
        for t in [usage.ru_utime, usage.ru_stime] {
            total += t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        }
    }
    total
}

fn spread(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.total_cmp(b));
    (v[0], v[v.len() / 2], v[v.len() - 1])
}

/// The machine-readable line `make bench` gathers (scripts/bench/run.sh).
fn bench_line(figure: &str, goal: &str, v: Vec<f64>, unit: &str, wall_s: f64, cpu_s: &str) {
    let (min, med, max) = spread(v);
    println!(
        "BENCH\t{figure}\t{goal}\t{min:.2}\t{med:.2}\t{max:.2}\t{unit}\t{wall_s:.1}\t{cpu_s}\t{}",
        load_1min()
    );
}

/// The bare window built beside the app (`cargo build [--release] -p styrebord --example bare_window`).
fn bare_binary() -> PathBuf {
    let path = Path::new(APP_BINARY).with_file_name("examples/bare_window");
    assert!(
        path.exists(),
        "{} is missing: build it with `cargo build{} -p styrebord --example bare_window` \
         (scripts/bench/run.sh does)",
        path.display(),
        if cfg!(debug_assertions) {
            ""
        } else {
            " --release"
        }
    );
    path
}

/// A valid PDF of `pages` pages of text (Helvetica, about 45 lines each), written by hand so the
/// benchmark needs no PDF library: what pdf.js has to parse and draw for a long report.
fn long_pdf(pages: usize) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(), // the page tree, filled in below
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    let mut kids = Vec::new();
    for page in 1..=pages {
        let mut text = format!("BT /F1 16 Tf 56 790 Td (Rapport om driften, side {page}) Tj ET\n");
        text.push_str("BT /F1 10 Tf 56 760 Td 15 TL\n");
        for line in 0..45 {
            text.push_str(&format!(
                "(Linje {line}: Leverandoeren har rapporteret status for systemerne i kvartalet, \
                 og styregruppen noterer fremdriften.) '\n"
            ));
        }
        text.push_str("ET\n");
        objects.push(format!(
            "<< /Length {} >>\nstream\n{text}endstream",
            text.len()
        ));
        let content = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content} 0 R >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!(
        "<< /Type /Pages /Kids [{}] /Count {pages} >>",
        kids.join(" ")
    );
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Uploads a 50-page PDF as the secretariat and publishes it on an item of the next meeting;
/// returns the document's id.
pub async fn publish_long_pdf(hub: &Hub) -> String {
    let pdf = long_pdf(50);
    let sha = {
        use sha2::Digest;
        sha2::Sha256::digest(&pdf)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    let http = styrebord_sync::http::client();
    let put = http
        .put(format!("{}/v1/blobs/{sha}", hub.url()))
        .bearer_auth(hub.token("secretariat"))
        .body(pdf)
        .send()
        .await
        .expect("PUT the 50-page PDF");
    assert!(
        put.status().is_success(),
        "upload refused: {}",
        put.text().await.unwrap_or_default()
    );
    let changes = hub.all_changes().await;
    let today = crate::harness::test_day().to_string();
    let upcoming: Vec<&Value> = changes
        .iter()
        .filter(|c| c["kind"] == "meeting")
        .filter(|c| {
            c["body"]["date"]
                .as_str()
                .is_some_and(|d| d >= today.as_str())
        })
        .collect();
    let (meeting, item) = upcoming
        .iter()
        .find_map(|m| {
            let id = m["body"]["id"].as_str()?;
            let item = changes
                .iter()
                .rev()
                .find(|c| c["kind"] == "agenda_item" && c["body"]["meeting"] == id)?;
            Some((id.to_owned(), item["body"]["id"].as_str()?.to_owned()))
        })
        .expect("an upcoming meeting with an agenda item in the demo");
    let document = uuid::Uuid::now_v7().to_string();
    let answer: Value = http
        .post(format!("{}/v1/mutations", hub.url()))
        .bearer_auth(hub.token("secretariat"))
        .json(
            &json!({ "device_id": uuid::Uuid::now_v7().to_string(), "mutations": [{
            "mutation_id": uuid::Uuid::now_v7().to_string(), "client_seq": 1,
            "op": { "type": "publish_document", "document": document, "meeting": meeting,
                    "agenda_item": item, "title": "Driftsrapport (50 sider)", "sha256": sha } }] }),
        )
        .send()
        .await
        .expect("POST publish_document")
        .json()
        .await
        .expect("mutation answer");
    assert_eq!(
        answer["results"][0]["status"], "applied",
        "publish_document: {answer}"
    );
    document
}

/// The bare window: launched through the same driver, its page loaded and painted, settled.
async fn measure_bare(bare: &Path) -> Vec<Proc> {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_binary(bare, home.path(), &[]).await;
    app.wait_until("the static page", Duration::from_secs(30), || async {
        let v = app
            .client
            .execute("return document.readyState;", vec![])
            .await
            .ok()?;
        (v == "complete").then_some(())
    })
    .await;
    app.wait_for_paint().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let procs = measure(&app_tree(home.path(), "bare_window"));
    app.close().await;
    procs
}

/// The member's window signed in to `hub`: after the full sync, then with the PDF open.
async fn measure_app(hub: &Hub, document: &str) -> (Vec<Proc>, Vec<Proc>, f64) {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_for_full_sync().await;
    app.wait_for_paint().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let synced = measure(&app_tree(home.path(), "styrebord"));
    // Navigate and time, inside the page, until pdf.js has drawn the first page: what the
    // webview's JavaScript settings (the JIT) cost a member opening a document.
    let drawn = app
        .client
        .execute_async(
            r#"const [hash, done] = arguments;
               const t0 = performance.now();
               const drawn = () => document.querySelector('[data-testid="reader-canvas"][data-drawn="true"]');
               const check = () => {
                 if (drawn()) { done(performance.now() - t0); return; }
                 if (performance.now() - t0 > 60000) { done(null); return; }
                 requestAnimationFrame(check);
               };
               location.hash = hash;
               requestAnimationFrame(check);"#,
            vec![format!("#/dokument/{document}").into()],
        )
        .await
        .expect("open the document");
    let drawn_ms = drawn.as_f64().expect("pdf.js drew the page within 60 s");
    app.wait_for_paint().await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let reading = measure(&app_tree(home.path(), "styrebord"));
    app.close().await;
    (synced, reading, drawn_ms)
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "benchmark: run explicitly with --ignored --nocapture"]
async fn lean_bench_memory_beside_a_bare_window() {
    let started = Instant::now();
    let cpu0 = own_cpu_s();
    let bare = bare_binary();
    let hub_dir = tempfile::tempdir().unwrap();
    let hub = Hub::demo(hub_dir.path(), crate::harness::free_port());
    let document = publish_long_pdf(&hub).await;
    let omitted = std::env::var("STYREBORD_WEBVIEW_OMIT").unwrap_or_default();
    println!(
        "lean_bench memory: webview settings left out: {:?}",
        if omitted.is_empty() { "none" } else { &omitted }
    );
    println!("lean_bench memory: {}", constant_data_layout());
    let (mut bare_mib, mut synced_mib, mut reading_mib) = (Vec::new(), Vec::new(), Vec::new());
    let (mut r_synced, mut r_reading) = (Vec::new(), Vec::new());
    let (mut bare_uss, mut synced_uss, mut reading_uss) = (Vec::new(), Vec::new(), Vec::new());
    let (mut u_synced, mut u_reading) = (Vec::new(), Vec::new());
    let mut drawn_ms = Vec::new();
    let mut cpu_ticks = 0;
    for round in 1..=ROUNDS {
        let b = measure_bare(&bare).await;
        let (s, r, ms) = measure_app(&hub, &document).await;
        println!("round {round}: the 50-page PDF drawn {ms:.0} ms after navigating to it");
        drawn_ms.push(ms);
        let (bm, sm, rm) = (pss_mib(&b), pss_mib(&s), pss_mib(&r));
        let (bu, su, ru) = (uss_mib(&b), uss_mib(&s), uss_mib(&r));
        println!(
            "round {round}: bare window {bm:.0} MiB PSS, {bu:.0} USS [{}]",
            describe(&b)
        );
        println!(
            "round {round}: app after the full sync {sm:.0} MiB PSS, {su:.0} USS [{}]",
            describe(&s)
        );
        println!(
            "round {round}: app with the 50-page PDF open {rm:.0} MiB PSS, {ru:.0} USS [{}]",
            describe(&r)
        );
        u_synced.push(su / bu);
        u_reading.push(ru / bu);
        bare_uss.push(bu);
        synced_uss.push(su);
        reading_uss.push(ru);
        cpu_ticks += b.iter().chain(&r).map(|p| p.cpu_ticks).sum::<u64>();
        r_synced.push(sm / bm);
        r_reading.push(rm / bm);
        bare_mib.push(bm);
        synced_mib.push(sm);
        reading_mib.push(rm);
    }
    let wall = started.elapsed().as_secs_f64();
    // CPU: this test process (driver client, hub client) and its reaped children, plus the app's
    // and bare window's processes up to their measurement (they are not our children).
    let cpu = format!("{:.1}", own_cpu_s() - cpu0 + cpu_ticks as f64 / 100.0);
    bench_line(
        "memory: bare window (PSS)",
        "-",
        bare_mib,
        "MiB",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app after full sync (PSS)",
        "-",
        synced_mib,
        "MiB",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app with a 50-page PDF open (PSS)",
        "-",
        reading_mib,
        "MiB",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app/bare after full sync",
        "<= 1.10",
        r_synced,
        "x",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app/bare with the PDF open",
        "<= 1.10",
        r_reading,
        "x",
        wall,
        &cpu,
    );
    bench_line(
        "memory: bare window (USS)",
        "-",
        bare_uss,
        "MiB",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app after full sync (USS)",
        "-",
        synced_uss,
        "MiB",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app with the PDF open (USS)",
        "-",
        reading_uss,
        "MiB",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app/bare after full sync, USS",
        "-",
        u_synced,
        "x",
        wall,
        &cpu,
    );
    bench_line(
        "memory: app/bare with the PDF open, USS",
        "-",
        u_reading,
        "x",
        wall,
        &cpu,
    );
    bench_line(
        "reader: 50-page PDF drawn after navigating",
        "-",
        drawn_ms,
        "ms",
        wall,
        &cpu,
    );
}

/// One start: the app's own figure (ms), ours from the spawn (ms), the app's CPU by then (s).
type Start = (f64, f64, f64);

/// Starts `styrebord` directly (as a person would) with HOME under `home` and returns the app's
/// own figure (kernel start to interactive, ms), the time from our spawn to the line, and the
/// CPU of the app's processes by then (s).
fn start_once(home: &Path, args: &[&str]) -> Start {
    start_binary(Path::new(APP_BINARY), home, args)
}

/// [`start_once`] for `binary` (the app, or the bare window: its floor).
fn start_binary(binary: &Path, home: &Path, args: &[&str]) -> Start {
    let name = binary
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("styrebord");
    let spawned = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        // The app prints where its start-up time went (state.rs `AppState::mark`).
        .env("STYREBORD_START_MARKS", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start styrebord");
    let pid = child.id();
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line.starts_with("styrebord: demo") || line.starts_with("styrebord: mark") {
                println!("  {line}");
            }
            if let Some(rest) = line.strip_prefix("styrebord: interactive after ") {
                let ms = rest
                    .split_whitespace()
                    .next()
                    .and_then(|v| v.parse::<f64>().ok());
                let _ = tx.send(ms);
                return;
            }
        }
    });
    let ms = rx
        .recv_timeout(Duration::from_secs(60))
        .ok()
        .flatten()
        .unwrap_or_else(|| {
            // SAFETY: kill(2) on the group of the child we started with process_group(0).
            unsafe { libc::kill(-(pid as i32), libc::SIGKILL) };
            panic!("styrebord {args:?} did not report interactive within 60 s")
        });
    let outside = spawned.elapsed().as_secs_f64() * 1000.0;
    let cpu = measure(&app_tree(home, name))
        .iter()
        .map(|p| p.cpu_ticks)
        .sum::<u64>() as f64
        / 100.0;
    // SAFETY: as above; the group is the app and its WebKit processes.
    unsafe { libc::kill(-(pid as i32), libc::SIGTERM) };
    let _ = child.wait();
    std::thread::sleep(Duration::from_millis(500));
    (ms, outside, cpu)
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "benchmark: run explicitly with --ignored --nocapture"]
async fn lean_bench_start_up_from_exec() {
    let started = Instant::now();
    let cpu0 = own_cpu_s();
    // A member with a synced copy, signed in through the window once (the token then comes from
    // the private file: no keyring under the benchmark, as in the e2e tests).
    let home = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    let mut hub = Hub::demo(hub_dir.path(), crate::harness::free_port());
    {
        let app = App::launch_in(home.path(), &[]).await;
        app.sign_in(&hub.url(), &hub.token("member")).await;
        app.wait_for_full_sync().await;
        app.close().await;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let mut cases: Vec<(&str, Vec<Start>)> = Vec::new();
    // The floor: the bare window (same Tauri, window and webview settings, a static page) from
    // the kernel's start of its process to its page loaded, measured the same way.
    let bare = bare_binary();
    let mut floor = Vec::new();
    for _ in 0..STARTS {
        let bare_home = tempfile::tempdir().unwrap();
        floor.push(start_binary(&bare, bare_home.path(), &[]));
    }
    cases.push(("bare window (the floor)", floor));
    let mut up = Vec::new();
    for _ in 0..STARTS {
        up.push(start_once(home.path(), &[]));
    }
    cases.push(("resumed member, hub reachable", up));
    hub.stop();
    let mut down = Vec::new();
    for _ in 0..STARTS {
        down.push(start_once(home.path(), &[]));
    }
    cases.push(("resumed member, hub down", down));
    let mut demo = Vec::new();
    for _ in 0..STARTS {
        let demo_home = tempfile::tempdir().unwrap();
        demo.push(start_once(demo_home.path(), &["--demo"]));
    }
    cases.push(("--demo", demo));
    let wall = started.elapsed().as_secs_f64();
    let cpu = own_cpu_s() - cpu0;
    for (case, runs) in &cases {
        println!(
            "start-up, {case}: from the process's start {:?} ms; from our spawn {:?} ms; \
             CPU of the app's processes by then {:?} s",
            runs.iter().map(|r| r.0).collect::<Vec<_>>(),
            runs.iter().map(|r| r.1.round()).collect::<Vec<_>>(),
            runs.iter().map(|r| r.2).collect::<Vec<_>>()
        );
    }
    for (case, runs) in cases {
        let goal = match case {
            "--demo" => "<= 0.6",
            "bare window (the floor)" => "-",
            _ => "<= 0.4",
        };
        let cpu_med = spread(runs.iter().map(|r| r.2).collect()).1;
        bench_line(
            &format!("start-up to interactive, {case}"),
            goal,
            runs.iter().map(|r| r.0 / 1000.0).collect(),
            "s",
            wall,
            &format!("{:.2} (app, median) / {cpu:.1} (bench)", cpu_med),
        );
    }
}

/// How much of the constant data `src-tauri/hot-rodata.ld` lists the measured binary has in
/// `.rodata.hot`. A binary built another way than `make package` builds it (`cargo test`'s
/// feature set) matches less than half, and its own process then measures ~3 MiB more
/// (docs/BENCHMARKS.md, seventeenth session): said beside the figures, not asserted.
fn constant_data_layout() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = std::process::Command::new("python3")
        .arg(root.join("scripts/hot-rodata.py"))
        .arg("share")
        .arg(APP_BINARY)
        .arg(root.join("src-tauri/hot-rodata.ld"))
        .output();
    match out {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            match text.split_whitespace().collect::<Vec<_>>()[..] {
                [placed, made, share] => format!(
                    "the app's .rodata.hot holds {placed} bytes, {share} % of the {made} \
                     src-tauri/hot-rodata.ld placed when made (the binary make package builds: \
                     ~100 %)"
                ),
                _ => format!("hot-rodata.py share printed {text:?}"),
            }
        }
        Ok(o) => format!(
            "the constant-data layout could not be checked: {}",
            String::from_utf8_lossy(&o.stderr).trim()
        ),
        Err(e) => format!("the constant-data layout could not be checked: {e}"),
    }
}
