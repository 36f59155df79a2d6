//! The background sync task: runs the engine's loop and turns its progress into events for the
//! UI (`sync://progress`, `sync://changed`, `sync://revoked`).

use std::sync::Arc;

use std::collections::BTreeSet;

use styrebord_store::Store;
use styrebord_sync::{Phase, SyncEngine, SyncError};
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;
use tokio::sync::watch;

use crate::notify::{notices, Snapshot};
use crate::session::today;

pub const EVENT_PROGRESS: &str = "sync://progress";
pub const EVENT_CHANGED: &str = "sync://changed";
pub const EVENT_REVOKED: &str = "sync://revoked";
pub const EVENT_STATUS: &str = "sync://status";

/// The sync status line the UI shows (online, last synced, writes waiting or refused).
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export)]
pub struct SyncStatusEvent {
    pub online: bool,
    /// RFC 3339, UTC: when a sync round last finished without error.
    pub last_synced: Option<String>,
    pub pending: u32,
    pub rejected: u32,
}

/// Runs the engine's loop in the background; with `hold`, its first round waits for the first
/// paint (`state::wait_for_first_paint`).
pub fn spawn(
    app: AppHandle,
    engine: Arc<SyncEngine>,
    stop: watch::Receiver<bool>,
    hold: Option<watch::Receiver<bool>>,
) {
    let mut progress = engine.progress();
    let forward_app = app.clone();
    let mut forward_stop = stop.clone();
    let store = engine.store().clone();
    tauri::async_runtime::spawn(async move {
        let mut last_phase = Phase::Idle;
        let mut last_rounds = 0;
        let mut seen = Snapshot::default();
        let mut reminded = BTreeSet::new();
        loop {
            tokio::select! {
                changed = progress.changed() => if changed.is_err() { break },
                _ = forward_stop.changed() => break,
            }
            let now = progress.borrow_and_update().clone();
            crate::events::publish(&forward_app, EVENT_PROGRESS, &now);
            // A round of work just finished: the views may have new data to show. The round count
            // catches a round that began and ended between two looks (the phase read idle both
            // times), which would otherwise leave the window showing old data until the next.
            let round_ended = now.rounds != last_rounds;
            if round_ended
                || (now.phase != last_phase && matches!(now.phase, Phase::Idle | Phase::Waiting))
            {
                if let Ok(status) = store.sync_status() {
                    crate::events::publish(
                        &forward_app,
                        EVENT_STATUS,
                        SyncStatusEvent {
                            online: now.online,
                            // From the store: it survives restarts.
                            last_synced: status.last_synced.clone(),
                            pending: status.pending_writes,
                            rejected: status.rejected_writes,
                        },
                    );
                }
                crate::events::publish(&forward_app, EVENT_CHANGED, ());
                if let Ok(now) = snapshot(&store) {
                    for notice in notices(&seen, &now, today(), &mut reminded) {
                        // No notification daemon (CI, a bare session) is not an error.
                        let _ = forward_app
                            .notification()
                            .builder()
                            .title(&notice.title)
                            .body(&notice.body)
                            .show();
                    }
                    seen = now;
                }
                // What the round parsed, indexed and freed goes back to the system.
                crate::memory::give_back();
            }
            last_phase = now.phase;
            last_rounds = now.rounds;
        }
    });
    tauri::async_runtime::spawn(async move {
        if let Some(gate) = hold {
            crate::state::wait_for_first_paint(gate).await;
        }
        match engine.run(stop, today).await {
            Ok(()) => {}
            Err(SyncError::Revoked(body)) => {
                // The engine has wiped the local copy; tell the member why.
                crate::events::publish(&app, EVENT_REVOKED, &body);
            }
            Err(e) => tracing_log(&e),
        }
    });
}

/// What the notifier compares between syncs, read from the local copy.
fn snapshot(store: &Store) -> Result<Snapshot, styrebord_store::StoreError> {
    let overview = store.overview(today())?;
    Ok(Snapshot {
        documents: store
            .documents(None)?
            .into_iter()
            .map(|d| (d.document.id.to_string(), d.document.title))
            .collect(),
        open_rounds: overview
            .open_comment_rounds
            .iter()
            .filter_map(|m| m.round.as_ref())
            .map(|r| (r.minutes.to_string(), r.closes))
            .collect(),
        rejected: overview
            .rejected_writes
            .iter()
            .map(|w| {
                let reason = w
                    .error
                    .as_ref()
                    .map(|e| e.message_da.clone())
                    .unwrap_or_default();
                (w.mutation_id.0.to_string(), reason)
            })
            .collect(),
    })
}

fn tracing_log(e: &SyncError) {
    eprintln!("styrebord: sync stopped: {e}");
}
