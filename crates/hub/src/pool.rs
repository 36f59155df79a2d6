//! A small pool of read-only SQLite connections, so reads run side by side (WAL mode lets readers
//! proceed while the one writer commits) instead of queueing behind the writer's mutex.

use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use rusqlite::Connection;

use crate::db;
use crate::error::HubError;

/// A reader waits this long for a lock before SQLite answers "busy" (as the writer does).
const READ_BUSY: Duration = Duration::from_secs(5);

pub struct ReadPool {
    path: PathBuf,
    /// At most this many connections exist; more readers wait for one to come back. Reads are
    /// CPU-bound, so a few per core is plenty.
    max: usize,
    state: Mutex<State>,
    returned: Condvar,
}

struct State {
    idle: Vec<Connection>,
    open: usize,
}

impl ReadPool {
    /// A pool for the database at `path`; connections are opened when first needed.
    pub fn new(path: PathBuf, max: usize) -> Self {
        ReadPool {
            path,
            max: max.max(1),
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
        }
    }

    /// An idle connection, a new one while fewer than `max` exist, or the next one returned.
    pub fn get(&self) -> Result<Pooled<'_>, HubError> {
        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            if let Some(conn) = s.idle.pop() {
                return Ok(self.pooled(conn));
            }
            if s.open < self.max {
                s.open += 1;
                drop(s);
                return match db::open_reader(&self.path, READ_BUSY) {
                    Ok(conn) => Ok(self.pooled(conn)),
                    Err(e) => {
                        let mut s = self.state.lock().unwrap_or_else(|p| p.into_inner());
                        s.open -= 1;
                        self.returned.notify_one();
                        Err(e)
                    }
                };
            }
            s = self.returned.wait(s).unwrap_or_else(|p| p.into_inner());
        }
    }

    fn pooled(&self, conn: Connection) -> Pooled<'_> {
        Pooled {
            pool: self,
            conn: Some(conn),
        }
    }
}

/// A connection on loan; back to the pool when dropped.
pub struct Pooled<'a> {
    pool: &'a ReadPool,
    conn: Option<Connection>,
}

impl Deref for Pooled<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a pooled connection until dropped")
    }
}

impl DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn
            .as_mut()
            .expect("a pooled connection until dropped")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut s = self.pool.state.lock().unwrap_or_else(|p| p.into_inner());
            s.idle.push(conn);
            self.pool.returned.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_at_most_max_connections_and_cannot_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite3");
        drop(db::open(&path).unwrap());
        let pool = ReadPool::new(path, 2);
        let a = pool.get().unwrap();
        let b = pool.get().unwrap();
        let epoch: String = a
            .query_row("SELECT value FROM meta WHERE key = 'epoch'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(epoch, "1");
        let err = b
            .execute("UPDATE meta SET value = '2' WHERE key = 'epoch'", [])
            .unwrap_err();
        assert!(err.to_string().contains("readonly"), "{err}");
        // A third reader waits until one comes back, then gets that connection.
        std::thread::scope(|s| {
            let third = s.spawn(|| pool.get().map(|c| c.is_autocommit()).unwrap());
            drop(a);
            assert!(third.join().unwrap());
        });
        assert_eq!(pool.state.lock().unwrap().open, 2);
    }
}
