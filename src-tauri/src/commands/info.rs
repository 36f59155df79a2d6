//! About the app itself.

use serde::Serialize;
use tauri::State;

use crate::state::AppState;

#[derive(Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[ts(export)]
pub struct AppInfo {
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
    }
}

/// The UI calls this once its first view has rendered with the committee's data; the time since
/// the kernel started the process is the cold-start figure in docs/BENCHMARKS.md (printed so a
/// benchmark can read it, with the part before `main` reached the app's state).
#[tauri::command]
pub fn report_interactive(state: State<'_, AppState>) -> u128 {
    let ms = state.since_process_start().as_millis();
    let before = state
        .before_started
        .map_or_else(|| "unknown".to_string(), |d| d.as_millis().to_string());
    println!("styrebord: interactive after {ms} ms (from the process's start; {before} ms of it before main)");
    ms
}
