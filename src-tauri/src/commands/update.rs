//! Updates of the app from the member's own hub (state networks often block outside update
//! servers), through `tauri-plugin-updater`.
//!
//! The hub serves the updater's manifest and the package (`GET /v1/updates/…`, with the member's
//! token). The plugin downloads the package and verifies its minisign signature against the
//! public key built into this app, bound to the version the manifest announces
//! (`requireSignedVersion` in tauri.conf.json), before anything is kept. The verified bytes stay
//! in memory: nothing of the member's data (store, outbox, blobs, account, keyring) is touched
//! by a check. Installing happens only on the member's click; where the app was not installed
//! from a package the updater can replace (a developer's build), the member saves the verified
//! package instead and is told what to do with it.
//!
//! The key built in: `STYREBORD_UPDATE_PUBKEY` at build time if set (the contents of `tauri
//! signer generate`'s KEY.pub); otherwise a release build uses `plugins.updater.pubkey` from
//! tauri.conf.json (embedded at build time) and a debug build the committed test-only key in
//! tests/fixtures/update-signing/, so the tests can sign packages. A release build with no key,
//! or with the test-only one, has updates switched off and says so in Settings. An environment
//! variable read by `option_env!` changes no feature, so `make test` builds Tauri once.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;
use styrebord_protocol::ErrorBody;
use tauri::{AppHandle, Manager, Url};
use tauri_plugin_updater::{Update, UpdaterExt};
use tokio::sync::Mutex;

use crate::account::{self, OsKeyring};
use crate::error::{CommandError, CommandResult};
use crate::session::Mode;
use crate::state::AppState;

/// The organisation's update key, given to a release build by its build environment.
const RELEASE_KEY: Option<&str> = option_env!("STYREBORD_UPDATE_PUBKEY");
/// Public and known to everyone: only for debug builds and tests.
const TEST_ONLY_KEY: &str =
    include_str!("../../../tests/fixtures/update-signing/test-only.key.pub");

/// Event the UI listens to: the whole [`UpdateStatus`] after every change.
pub const STATUS_EVENT: &str = "update://status";
/// `[received, total]` bytes while a package downloads.
pub const PROGRESS_EVENT: &str = "update://progress";

/// Why this app does not look for updates at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum UpdatesOff {
    /// A release built without the organisation's key (or with the test-only one).
    NoKey,
    /// Demo mode or not signed in: updates come from the member's hub.
    NoHub,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum UpdatePhase {
    Idle,
    Checking,
    Downloading,
    UpToDate,
    Ready,
    Installing,
    Failed,
}

/// How a verified update gets onto this computer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum InstallWay {
    /// The updater replaces the installed app (a .deb, .msi, NSIS or macOS app bundle).
    Automatic,
    /// Not installed from a package the updater knows: the member saves the package and
    /// installs it (or has IT do it).
    Manual,
}

/// A newer version, downloaded and verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ReadyUpdate {
    pub version: String,
    pub notes: Option<String>,
    /// RFC 3339, as the hub published it.
    pub pub_date: Option<String>,
    pub install: InstallWay,
    /// Where the member saved the package, once saved.
    pub saved_to: Option<String>,
}

/// What Settings shows under "Opdateringer".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct UpdateStatus {
    pub current_version: String,
    pub off: Option<UpdatesOff>,
    /// This (debug) build trusts the test-only key.
    pub test_key: bool,
    pub phase: UpdatePhase,
    pub ready: Option<ReadyUpdate>,
    pub error: Option<ErrorBody>,
}

/// The built-in key, if updates are on in this build, and whether it is the test-only one.
fn built_in_key(app: &AppHandle) -> Option<(String, bool)> {
    let configured = app
        .config()
        .plugins
        .0
        .get("updater")
        .and_then(|u| u.get("pubkey"))
        .and_then(|k| k.as_str())
        .map(str::to_owned);
    choose_key(RELEASE_KEY, configured.as_deref(), cfg!(debug_assertions))
}

fn choose_key(env: Option<&str>, configured: Option<&str>, debug: bool) -> Option<(String, bool)> {
    let given = |k: Option<&str>| {
        k.map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_owned)
    };
    let test_key = TEST_ONLY_KEY.trim();
    // Debug builds (tests, developers) trust the test key unless told otherwise; the
    // configured organisation key is for releases.
    let key = given(env).or_else(|| {
        if debug {
            Some(test_key.to_owned())
        } else {
            given(configured)
        }
    })?;
    let is_test = key == test_key;
    // A release never trusts the test-only key, however it was given.
    (debug || !is_test).then_some((key, is_test))
}

struct Downloaded {
    update: Update,
    bytes: Vec<u8>,
}

/// The update state of this app process.
pub struct Updates {
    status: Mutex<UpdateStatus>,
    downloaded: Mutex<Option<Downloaded>>,
    /// One check at a time (the start-up check and the button may overlap).
    checking: Mutex<()>,
}

impl Default for Updates {
    fn default() -> Self {
        Updates {
            status: Mutex::new(UpdateStatus {
                current_version: String::new(),
                off: None,
                test_key: false,
                phase: UpdatePhase::Idle,
                ready: None,
                error: None,
            }),
            downloaded: Mutex::new(None),
            checking: Mutex::new(()),
        }
    }
}

/// The hub address and token of a signed-in (non-demo) session.
async fn hub_account(app: &AppHandle) -> Option<(String, String)> {
    let state = app.state::<AppState>();
    let (hub_url, file) = {
        let guard = state.session.lock().await;
        let s = guard.as_ref()?;
        if s.mode != Mode::Hub {
            return None;
        }
        (s.hub_url.clone(), s.paths.account_file())
    };
    // The keyring's D-Bus client blocks: off the async workers.
    let loaded =
        tauri::async_runtime::spawn_blocking(move || account::load(&file, &OsKeyring)).await;
    match loaded {
        Ok(Ok(Some((_, token)))) => Some((hub_url, token)),
        _ => None,
    }
}

async fn status_now(app: &AppHandle) -> UpdateStatus {
    let updates = app.state::<Updates>();
    let mut s = updates.status.lock().await.clone();
    s.current_version = app.package_info().version.to_string();
    let key = built_in_key(app);
    s.test_key = key.as_ref().is_some_and(|(_, test)| *test);
    s.off = if key.is_none() {
        Some(UpdatesOff::NoKey)
    } else if !has_hub(app).await {
        Some(UpdatesOff::NoHub)
    } else {
        None
    };
    s
}

async fn has_hub(app: &AppHandle) -> bool {
    let state = app.state::<AppState>();
    let guard = state.session.lock().await;
    guard.as_ref().is_some_and(|s| s.mode == Mode::Hub)
}

/// Changes the status and tells the window.
async fn set(app: &AppHandle, f: impl FnOnce(&mut UpdateStatus)) -> UpdateStatus {
    {
        let updates = app.state::<Updates>();
        let mut s = updates.status.lock().await;
        f(&mut s);
    }
    let s = status_now(app).await;
    crate::events::publish(app, STATUS_EVENT, &s);
    s
}

#[tauri::command]
pub async fn update_status(app: AppHandle) -> CommandResult<UpdateStatus> {
    Ok(status_now(&app).await)
}

/// Asks the hub for a newer version; if there is one, downloads and verifies it. Answers the
/// status after that (also sent as `update://status` along the way).
#[tauri::command]
pub async fn update_check(app: AppHandle) -> CommandResult<UpdateStatus> {
    Ok(check(&app).await)
}

/// The check the app makes by itself at start, when signed in to a hub.
pub fn check_in_background(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let s = check(&app).await;
        if let Some(e) = s.error {
            eprintln!("styrebord: update check: {}", e.message_en);
            // Starting without network is normal (the train): no error waits in Settings.
            if e.code == "update_offline" {
                set(&app, |s| {
                    s.phase = UpdatePhase::Idle;
                    s.error = None;
                })
                .await;
            }
        }
    });
}

async fn check(app: &AppHandle) -> UpdateStatus {
    let updates = app.state::<Updates>();
    let _one = updates.checking.lock().await;
    let Some((key, _)) = built_in_key(app) else {
        return status_now(app).await;
    };
    let Some((hub_url, token)) = hub_account(app).await else {
        return status_now(app).await;
    };
    if status_now(app).await.phase == UpdatePhase::Installing {
        return status_now(app).await;
    }
    // A new check starts afresh: what was fetched before is dropped, and what the hub offers
    // now is fetched and verified again.
    *updates.downloaded.lock().await = None;
    set(app, |s| {
        s.phase = UpdatePhase::Checking;
        s.error = None;
        s.ready = None;
    })
    .await;
    match fetch(app, &key, &hub_url, &token).await {
        Ok(None) => set(app, |s| s.phase = UpdatePhase::UpToDate).await,
        Ok(Some(ready)) => {
            set(app, |s| {
                s.phase = UpdatePhase::Ready;
                s.ready = Some(ready);
            })
            .await
        }
        Err(e) => {
            set(app, |s| {
                s.phase = UpdatePhase::Failed;
                s.error = Some(e.0);
            })
            .await
        }
    }
}

/// `{hub}/v1/updates/{{target}}/{{arch}}/{{current_version}}?bundle={{bundle_type}}`: the plugin
/// fills in the placeholders.
fn endpoint(hub_url: &str) -> Result<Url, CommandError> {
    let base = hub_url.trim_end_matches('/');
    Url::parse(&format!(
        "{base}/v1/updates/{{{{target}}}}/{{{{arch}}}}/{{{{current_version}}}}?bundle={{{{bundle_type}}}}"
    ))
    .map_err(CommandError::internal)
}

/// The package's path on the hub this app is signed in to. The manifest's absolute URL is the
/// hub's guess at its own address (it may sit behind a proxy); more to the point, the token goes
/// only to the hub the member chose, never to an address a manifest names.
fn on_own_hub(hub_url: &str, announced: &Url) -> Result<Url, CommandError> {
    let base = hub_url.trim_end_matches('/');
    let mut path = announced.path().to_owned();
    if let Some(q) = announced.query() {
        path.push('?');
        path.push_str(q);
    }
    Url::parse(&format!("{base}{path}")).map_err(CommandError::internal)
}

async fn fetch(
    app: &AppHandle,
    key: &str,
    hub_url: &str,
    token: &str,
) -> Result<Option<ReadyUpdate>, CommandError> {
    let updater = app
        .updater_builder()
        .pubkey(key)
        .endpoints(vec![endpoint(hub_url)?])
        .map_err(plugin_error)?
        .header("Authorization", format!("Bearer {token}"))
        .map_err(plugin_error)?
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(plugin_error)?;
    let Some(mut update) = updater.check().await.map_err(plugin_error)? else {
        return Ok(None);
    };
    update.download_url = on_own_hub(hub_url, &update.download_url)?;
    set(app, |s| s.phase = UpdatePhase::Downloading).await;
    let progress = app.clone();
    let mut received = 0u64;
    let mut told = 0u64;
    // `download` verifies the signature before it returns the bytes.
    let downloaded = update
        .download(
            move |chunk, total| {
                received += chunk as u64;
                // A progress event per 256 KiB, not per network chunk.
                if received - told >= 256 * 1024 || Some(received) == total {
                    told = received;
                    crate::events::publish(&progress, PROGRESS_EVENT, (received, total));
                }
            },
            || {},
        )
        .await;
    let bytes = downloaded.map_err(plugin_error)?;
    let ready = ReadyUpdate {
        version: update.version.clone(),
        notes: update.body.clone().filter(|n| !n.trim().is_empty()),
        // As the hub wrote it (RFC 3339); the UI shows it in the committee's time.
        pub_date: update.raw_json["pub_date"].as_str().map(str::to_owned),
        install: install_way(),
        saved_to: None,
    };
    *app.state::<Updates>().downloaded.lock().await = Some(Downloaded { update, bytes });
    Ok(Some(ready))
}

fn install_way() -> InstallWay {
    use tauri::utils::config::BundleType;
    match tauri::utils::platform::bundle_type() {
        Some(
            BundleType::Deb
            | BundleType::Rpm
            | BundleType::AppImage
            | BundleType::Msi
            | BundleType::Nsis
            | BundleType::App,
        ) => InstallWay::Automatic,
        _ => InstallWay::Manual,
    }
}

/// Installs the verified update (the plugin verifies the bytes once more) and restarts.
#[tauri::command]
pub async fn update_install(app: AppHandle) -> CommandResult<UpdateStatus> {
    let Some(Downloaded { update, bytes }) = app.state::<Updates>().downloaded.lock().await.take()
    else {
        return Err(nothing_ready());
    };
    if install_way() == InstallWay::Manual {
        *app.state::<Updates>().downloaded.lock().await = Some(Downloaded { update, bytes });
        return Err(CommandError::new(
            "update_install_manual",
            "Denne udgave af Styrebord kan ikke opdatere sig selv. Gem pakken, og installér den.",
            "This build of Styrebord cannot update itself. Save the package and install it.",
        ));
    }
    set(&app, |s| s.phase = UpdatePhase::Installing).await;
    // Installing runs the platform's installer (pkexec dpkg, msiexec …) and waits for it.
    let installed = tauri::async_runtime::spawn_blocking(move || {
        let r = update.install(&bytes);
        (r, update, bytes)
    })
    .await
    .map_err(CommandError::internal)?;
    match installed {
        (Ok(()), _, _) => app.restart(),
        (Err(e), update, bytes) => {
            *app.state::<Updates>().downloaded.lock().await = Some(Downloaded { update, bytes });
            let err = install_error(&e);
            set(&app, |s| {
                s.phase = UpdatePhase::Ready;
                s.error = Some(err.0.clone());
            })
            .await;
            Err(err)
        }
    }
}

/// Saves the verified package in the member's Downloads folder (or home) and says where.
#[tauri::command]
pub async fn update_save(app: AppHandle) -> CommandResult<UpdateStatus> {
    let updates = app.state::<Updates>();
    let (name, bytes) = {
        let guard = updates.downloaded.lock().await;
        let Some(d) = guard.as_ref() else {
            return Err(nothing_ready());
        };
        (package_name(&d.update), d.bytes.clone())
    };
    let dir = app
        .path()
        .download_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(CommandError::internal)?;
    let path = tauri::async_runtime::spawn_blocking(move || save_to(&dir, &name, &bytes))
        .await
        .map_err(CommandError::internal)?
        .map_err(|e| {
            CommandError::new(
                "update_save_failed",
                format!("Pakken kunne ikke gemmes: {e}."),
                format!("The package could not be saved: {e}."),
            )
        })?;
    let shown = path.display().to_string();
    Ok(set(&app, |s| {
        if let Some(r) = s.ready.as_mut() {
            r.saved_to = Some(shown);
        }
    })
    .await)
}

/// The package's name as the secretariat published it (the manifest's `file_name`, reduced to a
/// plain file name), or one made from the version.
fn package_name(update: &Update) -> String {
    let published = update.raw_json["file_name"].as_str().and_then(|n| {
        let name = std::path::Path::new(n).file_name()?.to_str()?;
        let plain = !name.starts_with('.')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'));
        plain.then(|| name.to_owned())
    });
    published.unwrap_or_else(|| {
        let ext = if cfg!(target_os = "windows") {
            "msi"
        } else if cfg!(target_os = "macos") {
            "app.tar.gz"
        } else {
            "deb"
        };
        format!("Styrebord_{}.{ext}", update.version)
    })
}

fn save_to(dir: &std::path::Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.part"));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path)?;
    Ok(path)
}

fn nothing_ready() -> CommandError {
    CommandError::new(
        "update_not_ready",
        "Der er ingen hentet opdatering. Søg efter opdateringer først.",
        "No update has been downloaded. Check for updates first.",
    )
}

/// The member's words for what went wrong. A signature that does not verify — a package
/// changed on the way, a manifest naming another file's signature or another version — is
/// one answer: nothing is installed.
fn plugin_error(e: tauri_plugin_updater::Error) -> CommandError {
    use tauri_plugin_updater::Error as E;
    match &e {
        E::Minisign(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion
        | E::Base64(_)
        | E::SignatureUtf8(_) => CommandError::new(
            "update_unverified",
            format!(
                "Opdateringen kunne ikke bekræftes: dens signatur passer ikke til Styrebords \
                 nøgle ({e}). Intet er installeret, og dine data er urørt. Kontakt sekretariatet."
            ),
            format!(
                "The update could not be verified: its signature does not match Styrebord's key \
                 ({e}). Nothing was installed and your data is untouched. Contact the \
                 secretariat."
            ),
        ),
        E::Reqwest(_) | E::Network(_) => CommandError::new(
            "update_offline",
            format!(
                "Hubben kunne ikke nås for at søge efter opdateringer ({e}). Prøv igen senere."
            ),
            format!("The hub could not be reached to check for updates ({e}). Try again later."),
        ),
        E::ReleaseNotFound | E::Serialization(_) | E::Semver(_) | E::UrlParse(_) => {
            CommandError::new(
                "update_manifest_invalid",
                format!(
                    "Hubbens svar om opdateringer kunne ikke læses ({e}). Kontakt sekretariatet."
                ),
                format!(
                    "The hub's answer about updates could not be read ({e}). Contact the \
                     secretariat."
                ),
            )
        }
        _ => CommandError::new(
            "update_failed",
            format!("Opdateringen mislykkedes: {e}. Intet er installeret."),
            format!("The update failed: {e}. Nothing was installed."),
        ),
    }
}

fn install_error(e: &tauri_plugin_updater::Error) -> CommandError {
    CommandError::new(
        "update_install_failed",
        format!(
            "Opdateringen blev ikke installeret ({e}). Det kræver måske administratorrettigheder: \
             gem pakken, og bed jeres IT-afdeling installere den."
        ),
        format!(
            "The update was not installed ({e}). It may need administrator rights: save the \
             package and ask your IT department to install it."
        ),
    )
}

/// The updater plugin. Its own commands are not granted to the window (capabilities), so only
/// the commands above reach it; each check passes the built-in key itself.
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_release_trusts_only_the_organisations_key() {
        let org = "RWRorganisationkey";
        let ours = Some((org.to_owned(), false));
        assert_eq!(choose_key(Some(org), None, false), ours);
        assert_eq!(choose_key(None, Some(org), false), ours);
        assert_eq!(choose_key(Some(org), Some("RWRother"), false), ours);
        assert_eq!(choose_key(None, None, false), None);
        assert_eq!(choose_key(Some("  "), Some(""), false), None);
        // The test-only key given to a release build, either way, is refused: updates off.
        assert_eq!(choose_key(Some(TEST_ONLY_KEY), None, false), None);
        assert_eq!(choose_key(None, Some(TEST_ONLY_KEY), false), None);
    }

    #[test]
    fn a_debug_build_trusts_the_test_only_key_unless_given_another() {
        let test = Some((TEST_ONLY_KEY.trim().to_owned(), true));
        assert_eq!(choose_key(None, None, true), test);
        assert_eq!(choose_key(None, Some("RWRorganisationkey"), true), test);
        assert_eq!(
            choose_key(Some("RWRdeveloperskey"), None, true),
            Some(("RWRdeveloperskey".to_owned(), false))
        );
    }

    #[test]
    fn the_package_comes_from_the_members_own_hub() {
        let announced = Url::parse("http://10.0.0.7:7890/v1/updates/packages/abc?x=1").unwrap();
        assert_eq!(
            on_own_hub("https://styrebord.example.dk/", &announced)
                .unwrap()
                .as_str(),
            "https://styrebord.example.dk/v1/updates/packages/abc?x=1"
        );
    }

    #[test]
    fn the_endpoint_carries_the_updaters_placeholders() {
        let url = endpoint("https://hub.example.dk").unwrap();
        let s = url.as_str();
        assert!(s.contains("/v1/updates/"), "{s}");
        assert!(s.contains("bundle={{bundle_type}}"), "{s}");
    }
}
