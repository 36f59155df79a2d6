//! The Tauri shell of Styrebord: window, IPC commands and (later) the background sync task.
//!
//! This crate is thin glue. Rules live in `styrebord-core`; it must not decide anything a
//! test of the library crates could not see.

mod commands;

/// Starts the app and blocks until its last window closes.
pub fn run() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![commands::app_info])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("error while running the Styrebord window");
}
