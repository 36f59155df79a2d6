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
/// benchmark can read it, with the part before `main` reached the app's state). It opens the
/// gate the first sync round and the update check wait on (`AppState::open_first_paint`).
/// `marks`: the page's own moments (name, milliseconds since the Unix epoch), printed with
/// `STYREBORD_START_MARKS` like the app's, counted from the process's start.
#[tauri::command]
pub fn report_interactive(state: State<'_, AppState>, marks: Option<Vec<(String, f64)>>) -> u128 {
    let ms = state.since_process_start().as_millis();
    state.open_first_paint();
    let before = state
        .before_started
        .map_or_else(|| "unknown".to_string(), |d| d.as_millis().to_string());
    if std::env::var_os("STYREBORD_START_MARKS").is_some() {
        // The process's start on the Unix clock: now minus its age.
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        let start_ms = now_ms - state.since_process_start().as_secs_f64() * 1000.0;
        for (what, at_ms) in marks.unwrap_or_default() {
            println!("styrebord: mark {:.0} ms page: {what}", at_ms - start_ms);
        }
    }
    println!("styrebord: interactive after {ms} ms (from the process's start; {before} ms of it before main)");
    ms
}
