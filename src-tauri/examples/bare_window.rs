//! The floor for the memory benchmark: a Tauri 2 window with a static page, the app's Tauri,
//! the app's CSP and window, and the app's webview settings (`styrebord_app::webview`), but no
//! UI bundle, no backend and no data. tests/e2e/lean_bench.rs measures it beside the real app.
//!
//! `cargo build --release -p styrebord --example bare_window`; `STYREBORD_WEBVIEW_OMIT` works
//! here as in the app.

fn main() {
    styrebord_app::webview::prepare_process();
    let context = tauri::generate_context!("examples/bare_window_page/tauri.conf.json");
    same_as_the_app(context.config());
    tauri::Builder::default()
        .setup(|app| {
            styrebord_app::webview::open_lean_window(app, "main")?;
            Ok(())
        })
        // The floor of the start-up benchmark (tests/e2e/lean_bench.rs): the static page has
        // loaded, in the line the app prints when its first overview is on screen.
        .on_page_load(|_, payload| {
            // The window's own page, not the blank one it starts on (open_lean_window).
            if payload.event() == tauri::webview::PageLoadEvent::Finished
                && payload.url().scheme() != "about"
            {
                if let Some(age) = styrebord_app::process_age() {
                    println!(
                        "styrebord: interactive after {} ms (bare window: its page loaded)",
                        age.as_millis()
                    );
                }
            }
        })
        .run(context)
        .expect("error while running the bare window");
}

/// The comparison is only fair with the app's own CSP and window: refuse to start otherwise.
/// The app's config is read from the source tree (this is a benchmark tool, run from it):
/// src-tauri/tauri.conf.json, which `generate_context!()` reads, or the repository's root one.
fn same_as_the_app(config: &tauri::Config) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = [dir.join("tauri.conf.json"), dir.join("../tauri.conf.json")]
        .into_iter()
        .find(|p| p.exists())
        .expect("the app's tauri.conf.json (in src-tauri/ or the repository's root)");
    let text = std::fs::read_to_string(&path).expect("read the app's tauri.conf.json");
    let app: serde_json::Value =
        serde_json::from_str(&text).expect("the app's tauri.conf.json parses");
    let ours = serde_json::to_value(&config.app).expect("the bare window's config serialises");
    let theirs: tauri::utils::config::AppConfig =
        serde_json::from_value(app["app"].clone()).expect("the app's `app` section parses");
    let theirs = serde_json::to_value(&theirs).expect("serialises");
    for part in ["security", "windows"] {
        assert_eq!(
            ours[part], theirs[part],
            "examples/bare_window_page/tauri.conf.json's app.{part} differs from the app's \
             tauri.conf.json: copy it over so the benchmark compares like with like"
        );
    }
}
