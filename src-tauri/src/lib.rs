//! The Tauri shell of Styrebord: the window, the IPC commands and the background sync task.
//!
//! This crate is thin glue. Rules live in `styrebord-core`, data in `styrebord-store`, the wire
//! in `styrebord-sync`; nothing here decides anything a test of those crates could not see.
//! Map: [`args`] the command line; [`paths`] where files go; [`account`] hub address and token
//! (keyring or private file); [`session`] store + engine + sync task; [`demo`] the in-process
//! demo hub; [`commands`] what the UI may call; [`events`] what the page is told, by a waiting
//! command; [`error`] the one error shape; [`memory`] glibc's allocator told to keep less.

mod account;
mod args;
mod commands;
mod demo;
mod error;
mod events;
mod memory;
mod notify;
mod paths;
mod session;
mod state;
mod sync_task;
pub mod webview;

use tauri::Manager;

use crate::state::AppState;

/// How long this process has existed, from the kernel's start of it (`None` off Linux). The
/// bare-window benchmark's floor for the start-up figure uses it too (examples/bare_window.rs).
pub fn process_age() -> Option<std::time::Duration> {
    state::process_age()
}

/// Starts the app and blocks until its last window closes.
pub fn run() {
    memory::limit_arenas();
    webview::prepare_process();
    let args = match args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(usage) => {
            eprintln!("{usage}");
            std::process::exit(2);
        }
    };
    let paths = match paths::AppPaths::resolve(false) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("styrebord: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_notification::init())
        .plugin(commands::update::plugin())
        .manage(commands::update::Updates::default())
        .manage(AppState::new(paths.data))
        .manage(events::Events::default())
        .setup(move |app| {
            // The window of tauri.conf.json (created here: its page loads once the webview's
            // settings are in force).
            webview::open_lean_window(app, "main")?;
            app.state::<AppState>().mark("setup: the window exists");
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                let state = handle.state::<AppState>();
                let started = if args.demo {
                    commands::session::start_demo_session(&handle, &state)
                        .await
                        .map(Some)
                } else {
                    commands::session::resume(&handle, &state).await
                };
                state.mark("session started");
                let ui_was_answered_without_it = state.set_started_up();
                if let Err(e) = started {
                    eprintln!("styrebord: could not start the session: {}", e.0.message_en);
                }
                // The first view waits for the session; only a view answered before it (after
                // its wait's time-out) has to be told it now exists.
                if ui_was_answered_without_it {
                    events::publish(&handle, "session://changed", ());
                }
                // Signed in to a hub (not the demo): look for a newer version there, once the
                // first view is on screen (at most a second later: state::HOLD_AT_MOST).
                crate::state::wait_for_first_paint(state.first_paint()).await;
                commands::update::check_in_background(&handle);
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::info::app_info,
            commands::info::report_interactive,
            events::next_events,
            commands::session::session_state,
            commands::session::first_view,
            commands::session::start_demo,
            commands::session::sign_in,
            commands::session::sign_out,
            commands::views::overview,
            commands::views::meeting_plan,
            commands::views::meeting,
            commands::views::minutes,
            commands::views::minutes_list,
            commands::views::procedures,
            commands::views::decision_log,
            commands::views::portfolio,
            commands::views::status,
            commands::views::impact,
            commands::views::dependencies,
            commands::views::roadmap,
            commands::views::search,
            commands::writes::register,
            commands::writes::cancel_registration,
            commands::writes::comment,
            commands::writes::respond,
            commands::writes::dismiss_rejected,
            commands::desk::my_acts,
            commands::desk::desk_year,
            commands::desk::desk_meeting,
            commands::desk::desk_act,
            commands::desk::desk_outstanding,
            commands::desk::desk_upload,
            commands::desk_portfolio::desk_portfolio,
            commands::desk_people::desk_people,
            commands::desk_people::desk_invite,
            commands::desk_people::desk_new_token,
            commands::desk_people::desk_revoke_person,
            commands::desk_people::desk_revoke_token,
            commands::desk_people::organisations,
            commands::documents::document,
            commands::documents::document_bytes,
            commands::documents::notes,
            commands::documents::add_note,
            commands::documents::update_note,
            commands::documents::delete_note,
            commands::documents::mark_read,
            commands::sync::sync_status,
            commands::sync::sync_now,
            commands::sync::outbox,
            commands::sync::storage_used,
            commands::sync::export_calendar,
            commands::update::update_status,
            commands::update::update_check,
            commands::update::update_install,
            commands::update::update_save,
            webview::e2e_snapshot,
        ])
        .run(tauri::generate_context!())
        .expect("error while running the Styrebord window");
}
