//! The profile behind the release binary's code layout (src-tauri/build.rs, hot-code.txt): a
//! member's real session run under valgrind's callgrind, which records every instruction the
//! app's process ran. Not a test: `scripts/hot-code.sh` runs it and turns the profiles into the
//! list. The member signs in through the form (the keyring tried, the file used), syncs the whole
//! demo year with its PDFs, opens a 50-page PDF in the reader and idles on the long poll; then
//! starts again, resumed, and visits the other pages and searches; then `--demo` starts in a fresh
//! home (its embedded hub and PDF writer, placed after the member's code).
//!
//! Run again with `STYREBORD_PROFILE_TOUCHED_LIB` (scripts/touched-pages.c), the same session
//! records which pages of the binary's constant data it touches: the layout of `.rodata`
//! (src-tauri/hot-rodata.ld).

use std::path::{Path, PathBuf};
use std::time::Duration;

use fantoccini::Locator;

use crate::harness::{free_port, App};
use crate::hub::Hub;
use crate::lean_bench::publish_long_pdf;

/// Every wait here: the app's process runs about 50 times slower under callgrind.
const UNDER_VALGRIND: Duration = Duration::from_secs(600);
/// The member's other pages and a search, each with what shows it has its data (as in views.rs).
const MEMBER_PAGES: &[(&str, &str)] = &[
    ("#/moeder", r#"[data-testid="meeting-plan"] tbody tr"#),
    ("#/referater", r#"[data-testid="decision-log"] tbody tr"#),
    ("#/skriftlige-sager", r#"[data-testid="procedure"]"#),
    ("#/portefoelje", r#"[data-testid="portfolio"] tbody tr"#),
    ("#/roadmap", r#"[data-testid="roadmap-item"]"#),
    ("#/soeg?q=drift", r#"[data-testid="search-hit"]"#),
    ("#/indstillinger", r#"[data-testid="settings-hub"]"#),
    ("#/overblik", r#"[data-testid="next-meeting-countdown"]"#),
];
/// How long each run idles at its end, so the long poll and its timers are in the profile.
const IDLE: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "current_thread")]
#[ignore = "a profile, not a test: scripts/hot-code.sh runs it under valgrind"]
async fn hot_code_profile_of_a_member_session_and_the_demo() {
    let out = PathBuf::from(
        std::env::var("STYREBORD_PROFILE_DIR").expect("STYREBORD_PROFILE_DIR: where to write"),
    );
    // The binary `cargo build --release` made, not this test's own build of the app: Cargo builds
    // the app again for the tests with their dev-dependencies' features, which changes the
    // symbols' hashes, and the list must name the shipped binary's functions.
    let binary = std::env::var("STYREBORD_PROFILE_APP").expect("STYREBORD_PROFILE_APP: the app");
    let hub_dir = tempfile::tempdir().unwrap();
    let hub = Hub::demo(hub_dir.path(), free_port());
    let document = publish_long_pdf(&hub).await;
    let home = tempfile::tempdir().unwrap();

    let prefix = out.join("1-member");
    let app = App::launch_profiled(&binary, home.path(), &[], &prefix).await;
    app.wait_until("the first-run form", UNDER_VALGRIND, || async {
        app.client
            .find(Locator::Css(r#"[data-testid="first-run-hub"]"#))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    app.sign_in(&hub.url(), &hub.token("member")).await;
    app.wait_for_full_sync_within(UNDER_VALGRIND).await;
    app.client
        .execute(
            "location.hash = arguments[0];",
            vec![format!("#/dokument/{document}").into()],
        )
        .await
        .expect("open the document");
    app.wait_until("pdf.js drew the page", UNDER_VALGRIND, || async {
        app.client
            .find(Locator::Css(
                r#"[data-testid="reader-canvas"][data-drawn="true"]"#,
            ))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    end(app, &prefix).await;

    let prefix = out.join("2-resumed");
    let app = App::launch_profiled(&binary, home.path(), &[], &prefix).await;
    app.wait_until("the overview, resumed", UNDER_VALGRIND, || async {
        let o = app.invoke("overview", serde_json::json!({})).await.ok()?;
        o["next_meeting"].is_object().then_some(())
    })
    .await;
    // What members do besides the first sync and reading, after it in the list: so a member who
    // never searches does not map the search's code with the rest.
    for (hash, ready) in MEMBER_PAGES {
        app.client
            .execute("location.hash = arguments[0];", vec![(*hash).into()])
            .await
            .expect("navigate");
        app.wait_until(hash, UNDER_VALGRIND, || async {
            app.client.find(Locator::Css(ready)).await.ok().map(|_| ())
        })
        .await;
    }
    end(app, &prefix).await;

    let demo_home = tempfile::tempdir().unwrap();
    let prefix = out.join("3-demo");
    let app = App::launch_profiled(&binary, demo_home.path(), &["--demo"], &prefix).await;
    app.wait_for_full_sync_within(UNDER_VALGRIND).await;
    end(app, &prefix).await;
}

/// Idles, then ends the app with SIGTERM, on which callgrind writes its profile, and waits until
/// it has (the driver's own ending would kill it first). Under the touched-pages recorder, only
/// idles and closes.
async fn end(app: App, prefix: &Path) {
    tokio::time::sleep(IDLE).await;
    if crate::harness::touched_pages_lib().is_some() {
        // The touched pages are written as they are touched: nothing to wait for.
        app.close().await;
        return;
    }
    let marker = format!("--callgrind-out-file={}.", prefix.display());
    let pids: Vec<i32> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| {
                c.split(|b| *b == 0)
                    .any(|a| a.starts_with(marker.as_bytes()))
            })
        })
        .collect();
    assert!(!pids.is_empty(), "no app under callgrind for {marker}");
    for pid in &pids {
        // SAFETY: kill(2) on a process this test started (through the driver); no memory shared.
        unsafe { libc::kill(*pid, libc::SIGTERM) };
    }
    let started = std::time::Instant::now();
    while pids
        .iter()
        .any(|pid| Path::new(&format!("/proc/{pid}")).exists())
    {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "callgrind did not end"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    app.close().await;
}
