//! IPC commands the UI may call. Each is a thin adapter: parse, call a library, serialize.

use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct AppInfo {
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION"),
    }
}
