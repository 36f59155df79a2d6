//! What the app holds between commands: where its files go, and the current session (if any).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::{watch, Mutex};

use crate::error::{CommandError, CommandResult};
use crate::session::Session;

pub struct AppState {
    /// The platform data directory (`~/.local/share/styrebord`); modes live under it.
    pub data_base: PathBuf,
    pub session: Mutex<Option<Session>>,
    /// When this state was made (right after `main` began), for the cold-start figure.
    pub started: Instant,
    /// How long the process had existed by then, counted from the kernel's start time (exec,
    /// the dynamic loader, `main` up to here), when the platform tells: the cold-start figure
    /// counts from the process's start, not from `main`.
    pub before_started: Option<Duration>,
    /// True once the start-up session (the saved account resumed, or `--demo`) has been started
    /// or found missing: the first view waits for it instead of showing the sign-in form for a
    /// moment to a member who is signed in.
    started_up: watch::Sender<bool>,
    /// A view was answered before the start-up session existed (its wait timed out): the UI is
    /// then told when it does (`session://changed`).
    answered_early: AtomicBool,
    /// Opened when the first view is on screen (`report_interactive`) or has nothing to show
    /// before a sync: a resumed session's first sync round and the update check wait for it, at
    /// most [`HOLD_AT_MOST`], so that they do not share the two cores with the page's first
    /// paint (docs/BENCHMARKS.md, "start-up from exec").
    first_paint: watch::Sender<bool>,
}

/// The longest the first sync round and the update check wait for the first paint.
pub const HOLD_AT_MOST: Duration = Duration::from_secs(1);

/// The longest the first view waits for the start-up session (the keyring can be slow to answer
/// over D-Bus); after it, the view shows what there is, as before.
const STARTED_UP_AT_MOST: Duration = Duration::from_secs(10);

impl AppState {
    pub fn new(data_base: PathBuf) -> AppState {
        AppState {
            data_base,
            session: Mutex::new(None),
            started: Instant::now(),
            before_started: process_age(),
            started_up: watch::Sender::new(false),
            answered_early: AtomicBool::new(false),
            first_paint: watch::Sender::new(false),
        }
    }

    /// The start-up session is started (or there is none to start). True when a view was
    /// answered without it, so the UI must be told.
    pub fn set_started_up(&self) -> bool {
        self.started_up.send_replace(true);
        self.answered_early.load(Ordering::SeqCst)
    }

    /// Waits until [`AppState::set_started_up`] (at most [`STARTED_UP_AT_MOST`]).
    pub async fn started_up(&self) {
        let mut rx = self.started_up.subscribe();
        let waited = tokio::time::timeout(STARTED_UP_AT_MOST, rx.wait_for(|done| *done)).await;
        if !matches!(waited, Ok(Ok(_))) {
            self.answered_early.store(true, Ordering::SeqCst);
        }
    }

    /// The first view is on screen, or there is nothing it could show before a sync.
    pub fn open_first_paint(&self) {
        if !*self.first_paint.borrow() {
            self.mark("first paint: background work may start");
        }
        self.first_paint.send_replace(true);
    }

    /// What background work started with the app waits on (see [`wait_for_first_paint`]).
    pub fn first_paint(&self) -> watch::Receiver<bool> {
        self.first_paint.subscribe()
    }

    /// Time from the kernel's start of this process to now, if known.
    pub fn since_process_start(&self) -> Duration {
        self.before_started.unwrap_or_default() + self.started.elapsed()
    }

    /// With `STYREBORD_START_MARKS` set, prints how long after the process's start `what`
    /// happened: where the start-up time goes (docs/BENCHMARKS.md, "start-up from exec").
    pub fn mark(&self, what: &str) {
        if std::env::var_os("STYREBORD_START_MARKS").is_some() {
            println!(
                "styrebord: mark {} ms {what}",
                self.since_process_start().as_millis()
            );
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

/// Waits until `gate` opens (the first view is on screen), at most [`HOLD_AT_MOST`].
pub async fn wait_for_first_paint(mut gate: watch::Receiver<bool>) {
    let _ = tokio::time::timeout(HOLD_AT_MOST, gate.wait_for(|open| *open)).await;
}

/// This process's age: the boot clock now (`/proc/uptime`) minus the process's start time in
/// clock ticks since boot (`/proc/self/stat`, field 22). Both have 10 ms resolution; a tick is
/// 1/100 s (USER_HZ, 100 on every Linux ABI Styrebord ships for). `None` off Linux.
pub fn process_age() -> Option<Duration> {
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    age_from(&uptime, &stat)
}

fn age_from(uptime: &str, stat: &str) -> Option<Duration> {
    let now_s: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count after its end.
    let after_name = &stat[stat.rfind(')')? + 1..];
    let start_ticks: u64 = after_name.split_whitespace().nth(19)?.parse().ok()?;
    let age_s = now_s - start_ticks as f64 / 100.0;
    (age_s >= 0.0).then(|| Duration::from_millis((age_s * 1000.0).round() as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_age_is_the_boot_clock_minus_the_start_tick() {
        let stat = "4242 (styre bord) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 \
                    12345 1000 100 18446744073709551615";
        assert_eq!(
            age_from("123.95 400.00", stat),
            Some(Duration::from_millis(500))
        );
        assert_eq!(age_from("100.00 1.0", stat), None);
    }

    #[test]
    fn this_process_has_an_age_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(process_age().is_some());
        }
    }
}
