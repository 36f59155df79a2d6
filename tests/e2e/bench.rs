//! Benchmarks of the real app (reported, never asserted against a time): cold start to
//! interactive and resident memory after a full sync of the demo year. Run with
//! `xvfb-run -a -s "-screen 0 1280x800x24 -noreset" cargo test -p styrebord --test e2e bench -- --ignored --nocapture`
//! (after `make test` has built everything); figures go to docs/BENCHMARKS.md.

use std::time::Duration;

use crate::harness::App;
use crate::hub::Hub;

const RUNS: usize = 5;

/// ms from process start to the overview rendered, as the app itself reports it.
async fn interactive_ms(app: &App) -> u64 {
    app.wait_until(
        "the overview to render",
        Duration::from_secs(120),
        || async {
            let v = app
                .client
                .execute(
                    "return document.documentElement.dataset.interactiveMs || null;",
                    vec![],
                )
                .await
                .ok()?;
            v.as_str().and_then(|s| s.parse().ok())
        },
    )
    .await
}

/// Resident memory (VmRSS) of the app processes under this test's home, in MiB, with the
/// per-process breakdown.
fn app_rss_mib(home: &std::path::Path) -> (f64, Vec<(String, u64)>) {
    let mut kib = 0u64;
    let mut parts = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let environ = std::fs::read(entry.path().join("environ")).unwrap_or_default();
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let home_var = format!("HOME={}", home.display());
        // The app and its WebKit web process share the test's HOME; the driver processes too,
        // so count only the app binary and WebKit's helper processes.
        let name = status.lines().next().unwrap_or_default();
        let ours = environ.split(|b| *b == 0).any(|v| v == home_var.as_bytes());
        if ours
            && !name.contains("WebKitWebDriver")
            && (name.contains("styrebord") || name.contains("WebKit"))
        {
            let rss = status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok())
                .unwrap_or(0);
            kib += rss;
            let short = name.trim_start_matches("Name:").trim().to_string();
            parts.push((short, rss / 1024));
        }
    }
    (kib as f64 / 1024.0, parts)
}

fn median(mut v: Vec<u64>) -> u64 {
    v.sort_unstable();
    v[v.len() / 2]
}

#[tokio::test(flavor = "current_thread")]
#[ignore = "benchmark: run explicitly with --ignored --nocapture"]
async fn bench_cold_start_and_memory() {
    // Baseline in the same run: a resumed member with a synced local copy (no demo to build).
    let home = tempfile::tempdir().unwrap();
    let hub_dir = tempfile::tempdir().unwrap();
    let hub = Hub::demo(hub_dir.path(), crate::harness::free_port());
    let app = App::launch_in(home.path(), &[]).await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_for_full_sync().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_synced = app_rss_mib(home.path());
    app.close().await;

    let mut resumed = Vec::new();
    for _ in 0..RUNS {
        let app = App::launch_in(home.path(), &[]).await;
        resumed.push(interactive_ms(&app).await);
        app.close().await;
    }
    let mut demo = Vec::new();
    let mut rss_demo = (0.0, Vec::new());
    for _ in 0..RUNS {
        let demo_home = tempfile::tempdir().unwrap();
        let app = App::launch_in(demo_home.path(), &["--demo"]).await;
        demo.push(interactive_ms(&app).await);
        rss_demo = app_rss_mib(demo_home.path());
        app.close().await;
    }
    let (r, d) = (median(resumed.clone()), median(demo.clone()));
    println!(
        "BENCH cold start to interactive, resumed member (median of {RUNS}): {r} ms {resumed:?}"
    );
    println!("BENCH cold start to interactive, --demo incl. building the demo (median of {RUNS}): {d} ms {demo:?}");
    println!("BENCH ratio demo/resumed: {:.2}", d as f64 / r as f64);
    println!(
        "BENCH resident memory after a full sync of the demo year (app + WebKit processes): {:.0} MiB {:?}",
        rss_synced.0, rss_synced.1
    );
    println!(
        "BENCH resident memory in demo mode (incl. the in-process hub): {:.0} MiB {:?}",
        rss_demo.0, rss_demo.1
    );
    // For `make bench` (scripts/bench/run.py; it adds wall, CPU and load for the whole test).
    // Kernel start to the first overview with data (the app's figure, see lean_bench.rs for the
    // same without WebDriver in between).
    for (what, runs) in [("resumed member", &resumed), ("--demo", &demo)] {
        let mut s = runs.clone();
        s.sort_unstable();
        println!(
            "BENCH\tstart-up under WebDriver, {what}\t-\t{:.3}\t{:.3}\t{:.3}\ts\t-\t-\t-",
            s[0] as f64 / 1000.0,
            s[s.len() / 2] as f64 / 1000.0,
            s[s.len() - 1] as f64 / 1000.0
        );
    }
    println!(
        "BENCH\tRSS after a full sync (app + WebKit)\t-\t-\t{:.0}\t-\tMiB\t-\t-\t-",
        rss_synced.0
    );
}
