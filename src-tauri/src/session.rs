//! A signed-in session: the local store, the sync engine and its background task — and, in demo
//! mode, the in-process demo hub it talks to. Starting one is the only place these are wired
//! together; commands only ever borrow them.

use std::sync::Arc;

use serde::Serialize;
use styrebord_protocol::PersonInfo;
use styrebord_store::Store;
use styrebord_sync::{SyncConfig, SyncEngine};
use tauri::AppHandle;
use tokio::sync::watch;

use crate::account::TokenStorage;
use crate::error::{CommandError, CommandResult};
use crate::paths::AppPaths;
use crate::sync_task;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Demo,
    Hub,
}

pub struct Session {
    pub mode: Mode,
    pub hub_url: String,
    pub paths: AppPaths,
    pub store: Arc<Store>,
    pub engine: Arc<SyncEngine>,
    pub token_storage: Option<TokenStorage>,
    stop: watch::Sender<bool>,
    demo_hub: Option<styrebord_hub::RunningHub>,
}

/// What the UI needs to know about the session (the `session_state` command).
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct SessionState {
    pub mode: Option<Mode>,
    pub hub_url: Option<String>,
    pub me: Option<PersonInfo>,
    pub token_storage: Option<TokenStorage>,
    pub today: chrono::NaiveDate,
}

/// The member's "today": the committee's day in Copenhagen (deadlines are Danish calendar days).
pub fn today() -> chrono::NaiveDate {
    styrebord_core::calendar::committee_today(chrono::Utc::now())
}

impl Session {
    /// Opens the store and starts syncing with `hub_url` in the background: at once, or, with
    /// `hold`, once it opens (the first view on screen; at most `state::HOLD_AT_MOST`).
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        app: &AppHandle,
        mode: Mode,
        paths: AppPaths,
        hub_url: String,
        token: String,
        token_storage: Option<TokenStorage>,
        demo_hub: Option<styrebord_hub::RunningHub>,
        hold: Option<watch::Receiver<bool>>,
    ) -> CommandResult<Session> {
        std::fs::create_dir_all(&paths.data).map_err(CommandError::internal)?;
        let store = Arc::new(Store::open(&paths.store_file())?);
        let mut config = SyncConfig::new(hub_url.clone(), token, paths.blob_dir());
        // Between syncs the app waits on the hub's long poll, so a meeting in progress (the
        // current item, the decisions) reaches every member within moments, without polling
        // every second; 25 s stays under the hub's 30 s cap and common proxy idle timeouts.
        config.long_poll = Some(std::time::Duration::from_secs(25));
        let engine = Arc::new(SyncEngine::new(store.clone(), config)?);
        let (stop, stop_rx) = watch::channel(false);
        sync_task::spawn(app.clone(), engine.clone(), stop_rx, hold);
        Ok(Session {
            mode,
            hub_url,
            paths,
            store,
            engine,
            token_storage,
            stop,
            demo_hub,
        })
    }

    pub fn state(&self) -> CommandResult<SessionState> {
        Ok(SessionState {
            mode: Some(self.mode),
            hub_url: Some(self.hub_url.clone()),
            me: self.store.me()?,
            token_storage: self.token_storage,
            today: today(),
        })
    }

    /// Stops the sync task and, in demo mode, the demo hub.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Some(hub) = self.demo_hub {
            let _ = hub.stop().await;
        }
    }
}

impl SessionState {
    pub fn signed_out() -> SessionState {
        SessionState {
            mode: None,
            hub_url: None,
            me: None,
            token_storage: None,
            today: today(),
        }
    }
}
