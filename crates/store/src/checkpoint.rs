//! Checkpoints the WAL on a thread of its own, so that committing a page of changes never waits
//! for SQLite to copy earlier pages from the WAL into the database file.
//!
//! By default SQLite checkpoints inside the commit that pushes the WAL past 1,000 pages: during a
//! first sync that is a checkpoint (with its fsyncs) every few pages of changes, on the thread
//! applying them — about a sixth of the apply time (docs/BENCHMARKS.md). Here a second
//! connection runs PASSIVE checkpoints after commits, at most one per [`SPACING`]: PASSIVE never
//! blocks the writer or a reader, and copies what it can; the rest goes next time. The writer's
//! own automatic checkpoint stays as a backstop at [`BACKSTOP_PAGES`], should this thread ever
//! fall that far behind.

use std::path::Path;
use std::sync::mpsc::{sync_channel, RecvTimeoutError, SyncSender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::StoreError;

/// Least time between two background checkpoints (a burst of commits shares one).
const SPACING: Duration = Duration::from_millis(100);

/// WAL pages (4 KiB) at which the writing connection checkpoints by itself (SQLite's default is
/// 1,000).
pub(crate) const BACKSTOP_PAGES: u32 = 16_000;

pub(crate) struct Checkpointer {
    wake: Option<SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    pub(crate) fn start(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // One pending wake is enough: it means "there is something to copy".
        let (wake, wakes) = sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("styrebord-checkpoint".into())
            .spawn(move || {
                let mut due = wakes.recv().is_ok();
                while due {
                    // A failure (busy, disk full) only means the WAL stays longer; the next wake
                    // or the writer's backstop tries again.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                    // Keep the spacing, but leave at once when the store closes. A commit woke
                    // us during it: checkpoint again right after it, for that wake is used up
                    // (waiting for the next one instead left its pages in the WAL until some
                    // later commit).
                    let next = Instant::now() + SPACING;
                    let mut woken = false;
                    while let Some(left) = next.checked_duration_since(Instant::now()) {
                        match wakes.recv_timeout(left) {
                            Ok(()) => woken = true,
                            Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    due = woken || wakes.recv().is_ok();
                }
            })
            .map_err(StoreError::Thread)?;
        Ok(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }

    /// Something was committed: checkpoint soon.
    pub(crate) fn wake(&self) {
        if let Some(w) = &self.wake {
            let _ = w.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Closing the channel ends the thread after its current checkpoint; joining it closes
        // its connection before the store's files may be deleted.
        self.wake = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
