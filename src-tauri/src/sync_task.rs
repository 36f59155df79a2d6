//! The background sync task: runs the engine's loop and turns its progress into events for the
//! UI (`sync://progress`, `sync://changed`, `sync://revoked`).

use std::sync::Arc;

use styrebord_sync::{Phase, SyncEngine, SyncError};
use tauri::{AppHandle, Emitter};
use tokio::sync::watch;

use crate::session::today;

pub const EVENT_PROGRESS: &str = "sync://progress";
pub const EVENT_CHANGED: &str = "sync://changed";
pub const EVENT_REVOKED: &str = "sync://revoked";

pub fn spawn(app: AppHandle, engine: Arc<SyncEngine>, stop: watch::Receiver<bool>) {
    let mut progress = engine.progress();
    let forward_app = app.clone();
    let mut forward_stop = stop.clone();
    tauri::async_runtime::spawn(async move {
        let mut last_phase = Phase::Idle;
        loop {
            tokio::select! {
                changed = progress.changed() => if changed.is_err() { break },
                _ = forward_stop.changed() => break,
            }
            let now = progress.borrow_and_update().clone();
            let _ = forward_app.emit(EVENT_PROGRESS, &now);
            // A round of work just finished: the views may have new data to show.
            if now.phase != last_phase && matches!(now.phase, Phase::Idle | Phase::Waiting) {
                let _ = forward_app.emit(EVENT_CHANGED, ());
            }
            last_phase = now.phase;
        }
    });
    tauri::async_runtime::spawn(async move {
        match engine.run(stop, today).await {
            Ok(()) => {}
            Err(SyncError::Revoked(body)) => {
                // The engine has wiped the local copy; tell the member why.
                let _ = app.emit(EVENT_REVOKED, &body);
            }
            Err(e) => tracing_log(&e),
        }
    });
}

fn tracing_log(e: &SyncError) {
    eprintln!("styrebord: sync stopped: {e}");
}
