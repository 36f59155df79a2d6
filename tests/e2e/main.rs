//! End-to-end tests: the real Styrebord window (WebKitGTK under Xvfb), driven over WebDriver.
//! Run with `make test`, which installs tauri-driver and provides the virtual display.

mod bench;
mod desk;
mod desk_round;
mod graph;
mod harness;
mod hostile;
mod hot_code;
mod hub;
mod lean_bench;
mod live_bench;
mod offline;
mod update;
mod views;
mod year;

use fantoccini::Locator;
use harness::App;

const NAV_LINKS: &str = r#"nav[aria-label="Hovedmenu"] a"#;

#[tokio::test(flavor = "current_thread")]
async fn window_shows_the_navigation_and_clicking_an_entry_changes_the_page() {
    let app = App::launch().await;

    assert_eq!(app.text_of("h1").await, "Overblik");
    let links = app
        .client
        .find_all(Locator::Css(NAV_LINKS))
        .await
        .expect("navigation links");
    let mut labels = Vec::new();
    for link in &links {
        labels.push(link.text().await.expect("link text"));
    }
    assert_eq!(
        labels,
        [
            "Overblik",
            "Møder",
            "Referater",
            "Skriftlige sager",
            "Portefølje",
            "Roadmap",
            "Søg",
            "Indstillinger"
        ]
    );
    app.screenshot("overblik").await;

    app.client
        .find(Locator::Css(r#"a[data-route="meetings"]"#))
        .await
        .expect("Møder link")
        .click()
        .await
        .expect("click Møder");

    let heading = app.text_of("h1").await;
    assert_eq!(heading, "Møder");
    let current = app
        .client
        .find(Locator::Css(r#"nav a[aria-current="page"]"#))
        .await
        .expect("current link")
        .text()
        .await
        .expect("text");
    assert_eq!(current, "Møder");
    // Nobody is signed in yet: every page offers the first-run choice (demo or a hub).
    let welcome = app.text_of(r#"[data-testid="first-run-demo"]"#).await;
    assert_eq!(welcome, "Prøv demo");
    let url = app.client.current_url().await.expect("url");
    assert_eq!(url.fragment(), Some("/moeder"));

    app.close().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_app_talks_to_its_rust_side_and_keeps_a_strict_csp() {
    let app = App::launch().await;
    // The version comes over IPC from the Rust command `app_info`.
    let version = app.text_of(".sidebar .version").await;
    assert_eq!(version, format!("Version {}", env!("CARGO_PKG_VERSION")));

    // Inline script must be refused by the Content Security Policy.
    let injected = app
        .client
        .execute(
            r#"const s = document.createElement('script');
               s.textContent = 'window.__inlineRan = true';
               document.body.appendChild(s);
               return window.__inlineRan === true;"#,
            vec![],
        )
        .await
        .expect("execute");
    assert_eq!(injected, serde_json::Value::Bool(false));
    app.close().await;
}

/// The web process runs JavaScript without the JIT (`webview::prepare_process`): the variable
/// must be in the app's environment before Tauri starts WebKit, or the web process never sees it.
#[tokio::test(flavor = "current_thread")]
async fn the_web_process_runs_javascript_without_the_jit() {
    let home = tempfile::tempdir().unwrap();
    let app = App::launch_in(home.path(), &[]).await;
    // The page has run its bundle, so its web process exists.
    app.text_of(".sidebar .version").await;
    let web: Vec<u32> = harness::app_tree(home.path(), "styrebord")
        .into_iter()
        .filter(|&pid| harness::stat_fields(pid).is_some_and(|(name, _)| name == "WebKitWebProces"))
        .collect();
    assert!(!web.is_empty(), "the app's web process was not found");
    for pid in web {
        let environ =
            std::fs::read(format!("/proc/{pid}/environ")).expect("the web process's environment");
        assert!(
            environ.split(|b| *b == 0).any(|v| v == b"JSC_useJIT=false"),
            "web process {pid} runs with JavaScriptCore's JIT"
        );
    }
    app.close().await;
}
