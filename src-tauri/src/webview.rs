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
}

impl Setting {
    pub const ALL: [Setting; 5] = [
        Setting::Compositing,
        Setting::CacheModel,
        Setting::PageCache,
        Setting::Media,
        Setting::Browser,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Setting::Compositing => "compositing",
            Setting::CacheModel => "cache_model",
            Setting::PageCache => "page_cache",
            Setting::Media => "media",
            Setting::Browser => "browser",
        }
    }
}

/// Benchmarks only: a comma-separated list of [`Setting`] names (or `all`) to leave at WebKit's
/// and wry's defaults, to measure what each one saves. Unset in normal use.
pub const OMIT_VAR: &str = "STYREBORD_WEBVIEW_OMIT";

/// Benchmarks only: settings to apply beyond [`DEFAULT`] (`compositing`).
pub const ADD_VAR: &str = "STYREBORD_WEBVIEW_ADD";

/// What the app applies. Not [`Setting::Compositing`], though it is the one that saves memory
/// (−56 MiB of 268 in the bare window): with it, the end-to-end test of every view
/// (tests/e2e/views.rs, screenshots over WebDriver) hung until its watchdog, as an early spike
/// with WEBKIT_DISABLE_COMPOSITING_MODE did (docs/BENCHMARKS.md, "Memory"). It stays off until
/// the screenshots are taken another way.
pub const DEFAULT: [Setting; 4] = [
    Setting::CacheModel,
    Setting::PageCache,
    Setting::Media,
    Setting::Browser,
];

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

/// Applies the lean settings to `window`'s webview (on the main thread, as GTK requires).
pub fn make_lean<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    let settings = chosen();
    window.with_webview(move |webview| platform::apply(webview, &settings))
}

#[cfg(target_os = "linux")]
mod platform {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };

    use super::Setting;

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
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod platform {
    use super::Setting;

    /// WebView2 and WKWebView: left at their defaults (not measured on those platforms).
    pub fn apply(_webview: tauri::webview::PlatformWebview, _chosen: &[Setting]) {}
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
            [Setting::PageCache, Setting::Browser]
        );
    }
}
