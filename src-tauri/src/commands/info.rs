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

/// The UI calls this once its first view has rendered; the time since process start is the
/// cold-start figure in docs/BENCHMARKS.md (printed so a benchmark script can read it).
#[tauri::command]
pub fn report_interactive(state: State<'_, AppState>) -> u128 {
    let ms = state.started.elapsed().as_millis();
    println!("styrebord: interactive after {ms} ms");
    ms
}
