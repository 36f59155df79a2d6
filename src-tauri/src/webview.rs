//! The window's web engine, set for a document viewer instead of a browser: less memory.
//!
//! On Linux the webview is WebKitGTK. wry turns on what a browser needs (WebGL, WebAudio, the
//! back/forward page cache) and WebKit composites on the GPU path by default, which under a
//! software renderer (no GPU, Xvfb, many laptops' VMs) keeps large backing stores in the web
//! process. Styrebord shows text, tables, one SVG graph and pdf.js's 2D canvas: none of that is
//! needed. What each setting saves is measured in docs/BENCHMARKS.md ("Memory").
//!
//! The same function is used by the bare-window benchmark (examples/bare_window.rs), so the app
//! is compared with the floor of the *same* engine configuration.

/// One named setting, so a benchmark can add or leave out single ones ([`ADD_VAR`], [`OMIT_VAR`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    /// No accelerated compositing: WebKit paints into the window itself, with no GPU/GL
    /// compositor and no layer backing stores in the web process. The largest saving.
    Compositing,
    /// The web context's cache model for a single-page document viewer: WebKit keeps its
    /// smallest memory caches (decoded images, pages, resources).
    CacheModel,
    /// No back/forward page cache (the app is one page; hash routes never leave it).
    PageCache,
    /// WebGL, WebAudio, media elements, MediaSource, media streams, encrypted media, WebRTC:
    /// none is used; off, they are never initialised.
    Media,
    /// DNS prefetching and site-specific quirks: browser features that a
    /// page served from the app itself never needs.
    Browser,
    /// No JavaScript JIT: JavaScriptCore runs the page (and pdf.js's worker) in its interpreter.
    /// The web process then never maps JIT code or starts the optimising compilers: 12–13 MiB
    /// less after the sync and 19–21 MiB less with a 50-page PDF open, the PDF drawn no later,
    /// the start perhaps 0.03 s slower (docs/BENCHMARKS.md). Also less attack surface for a
    /// window that opens PDFs from outside.
    /// WebKitGTK has no setting for it, only JavaScriptCore's environment option, which the web
    /// process inherits: so it is set on this process before the first webview ([`prepare_process`]).
    Jit,
}

impl Setting {
    pub const ALL: [Setting; 6] = [
        Setting::Compositing,
        Setting::CacheModel,
        Setting::PageCache,
        Setting::Media,
        Setting::Browser,
        Setting::Jit,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Setting::Compositing => "compositing",
            Setting::CacheModel => "cache_model",
            Setting::PageCache => "page_cache",
            Setting::Media => "media",
            Setting::Browser => "browser",
            Setting::Jit => "jit",
        }
    }
}

/// Benchmarks only: a comma-separated list of [`Setting`] names (or `all`) to leave at WebKit's
/// and wry's defaults, to measure what each one saves. Unset in normal use.
pub const OMIT_VAR: &str = "STYREBORD_WEBVIEW_OMIT";

/// Benchmarks only: settings to apply beyond [`DEFAULT`] (none left; kept for future ones).
pub const ADD_VAR: &str = "STYREBORD_WEBVIEW_ADD";

/// What the app applies: all of them. [`Setting::Compositing`] was held back until the
/// end-to-end tests' screenshots stopped using WebDriver's screenshot command, which never
/// answered with compositing off; they come from WebKit's own snapshot now ([`e2e_snapshot`]).
pub const DEFAULT: [Setting; 6] = Setting::ALL;

/// The settings applied: [`DEFAULT`] plus those [`ADD_VAR`] names, minus those [`OMIT_VAR`] names.
pub fn chosen() -> Vec<Setting> {
    chosen_from(
        &std::env::var(ADD_VAR).unwrap_or_default(),
        &std::env::var(OMIT_VAR).unwrap_or_default(),
    )
}

fn chosen_from(add: &str, omit: &str) -> Vec<Setting> {
    let added: Vec<&str> = add.split(',').map(str::trim).collect();
    let omitted: Vec<&str> = omit.split(',').map(str::trim).collect();
    if omitted.contains(&"all") {
        return Vec::new();
    }
    Setting::ALL
        .into_iter()
        .filter(|s| DEFAULT.contains(s) || added.contains(&s.name()))
        .filter(|s| !omitted.contains(&s.name()))
        .collect()
}

/// JavaScriptCore's option for [`Setting::Jit`], read by the web process from its environment.
const JSC_JIT_VAR: &str = "JSC_useJIT";

/// What must be set on the process before Tauri starts its first webview: the environment the
/// web process inherits ([`Setting::Jit`]). Call first thing in `main`, before any thread
/// exists (changing the environment is only sound while nothing else reads it). An explicit
/// `JSC_useJIT` in the environment is left as the person set it.
pub fn prepare_process() {
    let already = std::env::var_os(JSC_JIT_VAR).is_some();
    if cfg!(target_os = "linux") && jit_off(&chosen(), already) {
        std::env::set_var(JSC_JIT_VAR, "false");
    }
}

/// Whether to turn the JIT off: chosen, and not already decided by the person starting the app.
fn jit_off(chosen: &[Setting], already_set: bool) -> bool {
    chosen.contains(&Setting::Jit) && !already_set
}

/// Applies the lean settings to `window`'s webview (on the main thread, as GTK requires).
pub fn make_lean<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    let settings = chosen();
    window.with_webview(move |webview| platform::apply(webview, &settings))
}

/// Creates the window `label` of the app's configuration (`"create": false` there) with the lean
/// settings in force before its page loads: the webview starts on `about:blank`, the settings
/// are applied, then it navigates to the configured page. Created from the configuration with
/// its page, wry starts loading in the constructor, before [`make_lean`] can reach the webview,
/// and WebKit then sometimes composites the first frame on the GL path anyway: the web process
/// keeps Mesa's pages and the app's process a frame-sized shared buffer, 5–6 MiB, in about one
/// start in six (docs/BENCHMARKS.md, "Eighteenth session"). The GTK main loop runs the two
/// requests in the order they were made, so the page loads with the settings already set.
pub fn open_lean_window<R: tauri::Runtime>(
    app: &tauri::App<R>,
    label: &str,
) -> tauri::Result<tauri::WebviewWindow<R>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == label)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    if !cfg!(target_os = "linux") {
        // WebView2 and WKWebView: no lean settings to wait for (see `platform`).
        return tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?.build();
    }
    let page = page_url(app.config(), &config.url)?;
    let mut blank = config;
    blank.url = tauri::WebviewUrl::CustomProtocol("about:blank".parse().expect("a URL"));
    let window = tauri::WebviewWindowBuilder::from_config(app.handle(), &blank)?.build()?;
    make_lean(&window)?;
    window.navigate(page)?;
    Ok(window)
}

/// Where Tauri would have loaded `url` on Linux: an app path under the dev server in development
/// and under the embedded assets' origin, `tauri://localhost`, in a build.
fn page_url(config: &tauri::Config, url: &tauri::WebviewUrl) -> tauri::Result<tauri::Url> {
    let base = match (tauri::is_dev(), &config.build.dev_url) {
        (true, Some(dev)) => dev.clone(),
        _ => "tauri://localhost".parse().expect("a URL"),
    };
    match url {
        tauri::WebviewUrl::App(path) => base.join(&path.to_string_lossy()).map_err(|_| {
            tauri::Error::InvalidWebviewUrl("the window's page is not a path in the app")
        }),
        tauri::WebviewUrl::External(u) | tauri::WebviewUrl::CustomProtocol(u) => Ok(u.clone()),
        _ => Ok(base),
    }
}

/// Tests only: set in the app's environment, [`snapshot`] answers; unset (always, for members),
/// it refuses. The end-to-end tests set it (tests/e2e/harness.rs).
pub const SNAPSHOT_VAR: &str = "STYREBORD_E2E_SNAPSHOT";

/// A PNG of what the window shows now, painted by WebKit itself (`webkit_web_view_get_snapshot`).
/// The end-to-end tests' screenshots come from here and not from WebDriver's screenshot command:
/// that one waits for a compositor frame and never returns with compositing off
/// ([`Setting::Compositing`]), while WebKit's own snapshot paints the page into a bitmap either way.
#[tauri::command]
pub async fn e2e_snapshot<R: tauri::Runtime>(
    window: tauri::WebviewWindow<R>,
) -> Result<tauri::ipc::Response, crate::error::CommandError> {
    if std::env::var_os(SNAPSHOT_VAR).is_none() {
        return Err(crate::error::CommandError::new(
            "not_available",
            "Kun til test.",
            "Only for tests.",
        ));
    }
    let (send, receive) = tokio::sync::oneshot::channel();
    window
        .with_webview(move |webview| platform::snapshot(webview, send))
        .map_err(crate::error::CommandError::internal)?;
    let png = receive
        .await
        .map_err(|_| crate::error::CommandError::internal("the snapshot was dropped"))?
        .map_err(crate::error::CommandError::internal)?;
    Ok(tauri::ipc::Response::new(png))
}

type SnapshotSender = tokio::sync::oneshot::Sender<Result<Vec<u8>, String>>;

#[cfg(target_os = "linux")]
mod platform {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, SnapshotOptions, SnapshotRegion,
        WebContextExt, WebViewExt,
    };

    use super::{Setting, SnapshotSender};

    pub fn snapshot(webview: tauri::webview::PlatformWebview, send: SnapshotSender) {
        let view = webview.inner();
        view.snapshot(
            SnapshotRegion::Visible,
            SnapshotOptions::NONE,
            None::<&webkit2gtk::gio::Cancellable>,
            move |result| {
                let png = result
                    .map_err(|e| e.to_string())
                    .and_then(|surface| png_of(&surface));
                let _ = send.send(png);
            },
        );
    }

    /// The PNG of the snapshot's image surface, through GdkPixbuf (GDK is in every Tauri
    /// window on Linux: the `gdk` crate is the one GTK already builds).
    fn png_of(surface: &gdk::cairo::Surface) -> Result<Vec<u8>, String> {
        let image = gdk::cairo::ImageSurface::try_from(surface.clone())
            .map_err(|_| "the snapshot is not an image surface".to_string())?;
        let (w, h) = (image.width(), image.height());
        let pixbuf = gdk::pixbuf_get_from_surface(surface, 0, 0, w, h)
            .ok_or_else(|| format!("could not read the {w}×{h} snapshot"))?;
        pixbuf
            .save_to_bufferv("png", &[])
            .map_err(|e| format!("PNG of the snapshot: {e}"))
    }

    pub fn apply(webview: tauri::webview::PlatformWebview, chosen: &[Setting]) {
        let view = webview.inner();
        let Some(settings) = WebViewExt::settings(&view) else {
            eprintln!("styrebord: the webview has no settings object; left at defaults");
            return;
        };
        for setting in chosen {
            match setting {
                Setting::Compositing => {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never)
                }
                Setting::CacheModel => {
                    if let Some(context) = view.context() {
                        context.set_cache_model(CacheModel::DocumentViewer);
                    }
                }
                Setting::PageCache => settings.set_enable_page_cache(false),
                Setting::Media => {
                    settings.set_enable_webgl(false);
                    settings.set_enable_webaudio(false);
                    settings.set_enable_media(false);
                    settings.set_enable_mediasource(false);
                    settings.set_enable_media_stream(false);
                    settings.set_enable_media_capabilities(false);
                    settings.set_enable_encrypted_media(false);
                    settings.set_enable_webrtc(false);
                }
                Setting::Browser => {
                    settings.set_enable_dns_prefetching(false);
                    settings.set_enable_site_specific_quirks(false);
                }
                // Set in the environment before the web process started (prepare_process).
                Setting::Jit => {}
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use super::{Setting, SnapshotSender};

    /// WebView2 and WKWebView: left at their defaults (not measured on those platforms).
    pub fn apply(_webview: tauri::webview::PlatformWebview, _chosen: &[Setting]) {}

    /// The end-to-end tests run on Linux only.
    pub fn snapshot(_webview: tauri::webview::PlatformWebview, send: SnapshotSender) {
        let _ = send.send(Err("snapshots are only taken on Linux".into()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setting_has_its_own_name() {
        let mut names: Vec<_> = Setting::ALL.iter().map(|s| s.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Setting::ALL.len());
    }

    #[test]
    fn a_benchmark_can_leave_settings_out() {
        assert_eq!(chosen_from("", ""), DEFAULT);
        assert_eq!(chosen_from("compositing", ""), Setting::ALL);
        assert_eq!(chosen_from("compositing", "all"), []);
        assert_eq!(
            chosen_from("", "cache_model, media"),
            [
                Setting::Compositing,
                Setting::PageCache,
                Setting::Browser,
                Setting::Jit
            ]
        );
        assert_eq!(
            chosen_from("", "compositing"),
            [
                Setting::CacheModel,
                Setting::PageCache,
                Setting::Media,
                Setting::Browser,
                Setting::Jit
            ]
        );
    }

    #[test]
    fn the_jit_is_turned_off_unless_left_out_or_set_by_hand() {
        assert!(jit_off(&DEFAULT, false));
        assert!(!jit_off(&DEFAULT, true), "an explicit JSC_useJIT wins");
        assert!(!jit_off(&chosen_from("", "jit"), false));
    }

    #[test]
    fn the_window_navigates_to_the_page_tauri_would_have_loaded() {
        let mut config: tauri::Config =
            serde_json::from_str(include_str!("../../tauri.conf.json")).expect("the app's config");
        let window = config.app.windows[0].clone();
        assert!(
            !window.create,
            "the app creates its window itself (open_lean_window)"
        );
        let page = page_url(&config, &window.url).expect("a URL");
        // Built with the custom-protocol feature (what ships, and these tests), the embedded
        // assets' origin; in `tauri dev`, the dev server.
        let origin = if tauri::is_dev() {
            "http://localhost:5173/"
        } else {
            "tauri://localhost/"
        };
        assert_eq!(page.as_str(), format!("{origin}index.html"));
        config.build.dev_url = None;
        let other = tauri::WebviewUrl::App("nested/page.html".into());
        assert_eq!(
            page_url(&config, &other).expect("a URL").as_str(),
            "tauri://localhost/nested/page.html"
        );
        let external = tauri::WebviewUrl::External("https://example.org/x".parse().unwrap());
        assert_eq!(
            page_url(&config, &external).expect("a URL").as_str(),
            "https://example.org/x"
        );
    }
}
