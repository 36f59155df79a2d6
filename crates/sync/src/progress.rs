//! What the UI's progress bar shows, published through a `tokio::sync::watch` channel.

use serde::{Deserialize, Serialize};
use styrebord_protocol::ErrorBody;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    #[default]
    Idle,
    Pushing,
    Pulling,
    Downloading,
    Indexing,
    /// Waiting to retry after a failure.
    Waiting,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Progress {
    pub phase: Phase,
    /// Items (changes, mutations, blobs) done and expected in this phase (0 = unknown).
    pub items_done: u64,
    pub items_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The document being downloaded or indexed.
    pub current: Option<String>,
    /// The last sync failed because of this (cleared by the next success).
    pub last_error: Option<ErrorBody>,
    /// The hub answered the last request.
    pub online: bool,
    /// Sync rounds ended since the engine started (done or failed). The watch channel keeps
    /// only the latest value, so a watcher can miss a phase change; this count it cannot miss.
    pub rounds: u64,
}
