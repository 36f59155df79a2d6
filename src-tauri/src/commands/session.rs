//! Signing in (hub address + invitation token, or the demo) and out.

use serde::Serialize;
use styrebord_core::acts::Act;
use styrebord_store::views::Overview;
use tauri::{AppHandle, State};

use crate::account::{self, OsKeyring};
use crate::demo;
use crate::error::{CommandError, CommandResult};
use crate::paths::AppPaths;
use crate::session::{today, Mode, Session, SessionState};
use crate::state::AppState;

#[tauri::command]
pub async fn session_state(state: State<'_, AppState>) -> CommandResult<SessionState> {
    state.mark("session_state asked");
    state.started_up().await;
    match state.session.lock().await.as_ref() {
        Some(session) => session.state(),
        None => Ok(SessionState::signed_out()),
    }
}

/// Everything the first view needs, in one IPC round trip (the window's start-up: before, the UI
/// asked `session_state`, then `my_acts` and `overview`, one after the other).
#[derive(Debug, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct FirstView {
    pub session: SessionState,
    /// The overview when signed in; `None` signed out, or when reading it failed (the overview
    /// page then asks for it itself and shows why).
    pub overview: Option<Overview>,
    /// What the signed-in person may do (the desk's acts); `None` when reading them failed
    /// (the UI asks `my_acts` then), empty signed out.
    pub acts: Option<Vec<Act>>,
    /// Where the event queue stood before this view was read: the page takes events from here,
    /// so that one published while the view was on its way (the demo's first sync finishing
    /// before the page had subscribed) still reaches it instead of waiting for the next one.
    pub events_from: u64,
}

/// The UI's first call: waits for the start-up session, then answers with it and the overview.
#[tauri::command]
pub async fn first_view(
    state: State<'_, AppState>,
    events: State<'_, crate::events::Events>,
) -> CommandResult<FirstView> {
    state.mark("first_view asked");
    // Before anything is read: an event published from here on may be about what is read next.
    let events_from = events.position();
    state.started_up().await;
    let view = match state.session.lock().await.as_ref() {
        Some(session) => FirstView {
            session: session.state()?,
            overview: session.store.overview(today()).ok(),
            acts: session.store.my_acts().ok(),
            events_from,
        },
        None => FirstView {
            session: SessionState::signed_out(),
            overview: None,
            acts: Some(Vec::new()),
            events_from,
        },
    };
    // Nothing to show before a sync (signed out, or a copy that never synced): background work
    // has no paint to wait for.
    if view
        .overview
        .as_ref()
        .is_none_or(|o| o.sync.cursor.is_none())
    {
        state.open_first_paint();
    }
    state.mark("first_view answered");
    Ok(view)
}

/// Replaces the current session (if any) with a fresh demo committee.
#[tauri::command]
pub async fn start_demo(app: AppHandle, state: State<'_, AppState>) -> CommandResult<SessionState> {
    start_demo_session(&app, &state).await
}

pub async fn start_demo_session(app: &AppHandle, state: &AppState) -> CommandResult<SessionState> {
    let mut guard = state.session.lock().await;
    if let Some(old) = guard.take() {
        old.stop().await;
    }
    let paths = AppPaths::under(&state.data_base, true);
    let demo = demo::start(&paths, today()).await?;
    let session = Session::start(
        app,
        Mode::Demo,
        paths,
        demo.url,
        demo.member_token,
        None,
        Some(demo.hub),
        None,
    )?;
    let result = session.state();
    *guard = Some(session);
    result
}

/// Checks the address and token against the hub, then saves them and starts syncing.
#[tauri::command]
pub async fn sign_in(
    app: AppHandle,
    state: State<'_, AppState>,
    hub_url: String,
    token: String,
) -> CommandResult<SessionState> {
    let hub_url = normalise_hub_url(&hub_url)?;
    let token = token.trim().to_string();
    if token.is_empty() {
        return Err(CommandError::new(
            "token_missing",
            "Indtast invitationskoden fra sekretariatet.",
            "Enter the invitation token from the secretariat.",
        ));
    }
    let mut guard = state.session.lock().await;
    if let Some(old) = guard.take() {
        old.stop().await;
    }
    let paths = AppPaths::under(&state.data_base, false);
    let session = Session::start(
        &app,
        Mode::Hub,
        paths.clone(),
        hub_url.clone(),
        token.clone(),
        None,
        None,
        None,
    )?;
    // Ask the hub who this token belongs to before remembering anything: a wrong address or
    // token is reported now, not on the next train.
    let mut report = Default::default();
    if let Err(e) = session.engine.fetch_me(&mut report).await {
        session.stop().await;
        return Err(e.into());
    }
    let saved = {
        let (file, url, token) = (paths.account_file(), hub_url.clone(), token.clone());
        blocking(move || account::save(&file, &url, &token, &OsKeyring)).await?
    };
    let mut session = session;
    session.token_storage = Some(saved.storage);
    session.engine.wake();
    let result = session.state();
    *guard = Some(session);
    result
}

/// Resumes the saved account at start-up, if there is one.
pub async fn resume(app: &AppHandle, state: &AppState) -> CommandResult<Option<SessionState>> {
    let paths = AppPaths::under(&state.data_base, false);
    let file = paths.account_file();
    let Some((saved, token)) = blocking(move || account::load(&file, &OsKeyring)).await? else {
        return Ok(None);
    };
    let session = Session::start(
        app,
        Mode::Hub,
        paths,
        saved.hub_url,
        token,
        Some(saved.storage),
        None,
        // A resumed member has a copy to show: its first sync round waits for the first paint.
        Some(state.first_paint()),
    )?;
    let result = session.state()?;
    *state.session.lock().await = Some(session);
    Ok(Some(result))
}

/// Signs out: stops syncing, wipes the local copy and forgets the token.
#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> CommandResult<SessionState> {
    let mut guard = state.session.lock().await;
    if let Some(session) = guard.take() {
        let store = session.store.clone();
        let paths = session.paths.clone();
        let mode = session.mode;
        session.stop().await;
        store.wipe()?;
        let _ = std::fs::remove_dir_all(paths.blob_dir());
        if mode == Mode::Hub {
            let file = paths.account_file();
            blocking(move || account::forget(&file, &OsKeyring)).await?;
        }
    }
    Ok(SessionState::signed_out())
}

/// Runs an account operation on the blocking pool: the keyring's D-Bus client blocks, and must
/// not do so on (or start a runtime inside) an async worker.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, account::AccountError> + Send + 'static,
) -> CommandResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(CommandError::internal)?
        .map_err(CommandError::internal)
}

/// `hub.example.dk` → `https://hub.example.dk`; refuses what is not an http(s) address.
pub fn normalise_hub_url(input: &str) -> CommandResult<String> {
    let trimmed = input.trim();
    let (scheme, rest) = trimmed.split_once("://").unwrap_or(("https", trimmed));
    let rest = rest.trim_end_matches('/');
    let valid = matches!(scheme, "https" | "http")
        && !rest.is_empty()
        && !rest.contains(char::is_whitespace)
        && !rest.contains("://");
    let with_scheme = format!("{scheme}://{rest}");
    if valid {
        Ok(with_scheme)
    } else {
        Err(CommandError::new(
            "hub_url_invalid",
            format!(
                "«{}» er ikke en gyldig hub-adresse. Skriv fx https://styrebord.digst.dk.",
                input.trim()
            ),
            format!(
                "“{}” is not a valid hub address. Write e.g. https://styrebord.digst.dk.",
                input.trim()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_hub_url;

    #[test]
    fn hub_addresses_are_normalised_or_refused() {
        for (input, expected) in [
            ("hub.digst.dk", Some("https://hub.digst.dk")),
            (" https://hub.digst.dk/ ", Some("https://hub.digst.dk")),
            ("http://127.0.0.1:7890", Some("http://127.0.0.1:7890")),
            ("ftp://hub.digst.dk", None),
            ("", None),
            ("https://", None),
            ("hub digst dk", None),
        ] {
            let got = normalise_hub_url(input).ok();
            assert_eq!(got.as_deref(), expected, "input {input:?}");
        }
    }

    #[test]
    fn a_refused_address_says_what_to_write() {
        let err = normalise_hub_url("ftp://x").unwrap_err();
        assert_eq!(err.0.code, "hub_url_invalid");
        assert!(
            err.0.message_da.contains("https://"),
            "{}",
            err.0.message_da
        );
    }
}
