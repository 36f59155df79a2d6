//! What the app holds between commands: where its files go, and the current session (if any).

use std::path::PathBuf;
use std::time::Instant;

use tokio::sync::Mutex;

use crate::error::{CommandError, CommandResult};
use crate::session::Session;

pub struct AppState {
    /// The platform data directory (`~/.local/share/styrebord`); modes live under it.
    pub data_base: PathBuf,
    pub session: Mutex<Option<Session>>,
    /// When the process started, for the cold-start figure the UI reports.
    pub started: Instant,
}

impl AppState {
    pub fn new(data_base: PathBuf) -> AppState {
        AppState {
            data_base,
            session: Mutex::new(None),
            started: Instant::now(),
        }
    }

    /// Runs `f` with the current session, or refuses when nobody is signed in.
    pub async fn with_session<T>(
        &self,
        f: impl FnOnce(&Session) -> CommandResult<T>,
    ) -> CommandResult<T> {
        let guard = self.session.lock().await;
        let session = guard.as_ref().ok_or_else(CommandError::not_signed_in)?;
        f(session)
    }
}
