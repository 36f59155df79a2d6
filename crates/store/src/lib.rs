//! # styrebord-store — the member's offline copy
//!
//! Owns the desktop app's local SQLite database: append-only migrations, the mirror of the hub's
//! change feed (one transaction per page, cursor included), typed queries for every view, full-text
//! search (FTS5, Danish-safe), the **outbox** of the member's own writes (validated offline with
//! the same `styrebord-core` rules the hub uses), the blob cache index, the cursor, and the
//! private notes and read status that never leave the device.
//!
//! What it must **not** do: no network, no async, no file IO besides the database itself, no
//! reading of blob bytes (the sync engine hands over extracted text). It is the only place that
//! writes SQL on the client.
//!
//! Architecture invariants:
//! - a page of changes and its cursor are committed together or not at all; the cursor never
//!   moves backwards;
//! - a local write, its optimistic effect and its outbox row (with a freshly allocated
//!   `client_seq`) are committed together or not at all;
//! - optimistic effects are never written into the hub mirror: views overlay the outbox on top
//!   of the mirror, so a pull can never erase or duplicate a pending write;
//! - a reset (410) clears the mirror and the cursor and nothing else: outbox, notes and read
//!   status survive.
//!
//! Map: [`db`] (open, migrations), [`apply`] (change pages, reset), [`outbox`] (local writes and
//! push bookkeeping), [`views`] (typed queries), [`search`] (FTS), [`blobs`] (cache index),
//! [`private`] (notes, read status).

pub mod apply;
pub mod blobs;
mod checkpoint;
pub mod db;
pub mod desk;
pub mod desk_portfolio;
mod error;
mod facts;
pub mod minutes_list;
mod newer_hub;
pub mod outbox;
pub mod private;
pub mod search;
mod snippet;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use styrebord_protocol::{Cursor, DeviceId, PersonInfo};

pub use blobs::{BlobEntry, BlobState};
pub use error::{StoreError, WriteError};
pub use outbox::{LocalWrite, OutboxEntry, OutboxState};
pub use search::{SearchHit, SearchKind, SearchResults};

/// The local database. Cheap to share behind an `Arc`: every method takes `&self` and runs on
/// one connection under a mutex (calls are short; long work such as PDF text extraction happens
/// outside).
pub struct Store {
    conn: Mutex<Connection>,
    checkpointer: checkpoint::Checkpointer,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating and migrating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = db::open(path)?;
        conn.pragma_update(None, "wal_autocheckpoint", checkpoint::BACKSTOP_PAGES)?;
        Ok(Store {
            conn: Mutex::new(conn),
            checkpointer: checkpoint::Checkpointer::start(path)?,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` in one IMMEDIATE transaction, committed when it returns `Ok`.
    pub(crate) fn write<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let out = in_transaction(&mut self.conn(), TransactionBehavior::Immediate, f)?;
        self.checkpointer.wake();
        Ok(out)
    }

    /// Like [`Store::write`], but committed with `synchronous=NORMAL` instead of `FULL`: the
    /// commit does not wait for the disk. Only for data that can be fetched again — pulled
    /// pages, whose cursor is in the same transaction. In WAL mode a power cut can then lose
    /// only a *suffix* of such commits (never a later `FULL` commit, whose fsync of the WAL
    /// covers every earlier frame), and the database stays consistent: the lost pages are
    /// pulled again from the older cursor. A local write is never committed this way.
    pub(crate) fn write_refetchable<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.conn();
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(StoreError::from)?;
        let out = in_transaction(&mut conn, TransactionBehavior::Immediate, f);
        // Back to FULL for everything else, whatever happened.
        let restored = conn.pragma_update(None, "synchronous", "FULL");
        let out = out?;
        restored.map_err(StoreError::from)?;
        self.checkpointer.wake();
        Ok(out)
    }

    /// Runs `f` in a read transaction, so it sees one consistent state.
    pub(crate) fn read<T, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        in_transaction(&mut self.conn(), TransactionBehavior::Deferred, f)
    }

    /// This installation's device id, generated once (UUIDv7) and kept until [`Store::wipe`].
    pub fn device_id(&self) -> Result<DeviceId, StoreError> {
        self.write(|tx| device_id(tx))
    }

    /// The stored cursor: where the next pull resumes (`None` before the first page).
    pub fn cursor(&self) -> Result<Option<Cursor>, StoreError> {
        self.read(|tx| cursor(tx))
    }

    /// Who this copy belongs to (from `GET /v1/me`); local writes act as this person.
    pub fn me(&self) -> Result<Option<PersonInfo>, StoreError> {
        self.read(|tx| me(tx))
    }

    pub fn set_me(&self, person: &PersonInfo) -> Result<(), StoreError> {
        self.write(|tx| meta_set(tx, "me", &serde_json::to_string(person)?))
    }

    /// Deletes everything — mirror, outbox, blob index, notes, read status, device id — for
    /// sign-out or a revoked token. The caller deletes the blob files.
    pub fn wipe(&self) -> Result<(), StoreError> {
        {
            let conn = self.conn();
            conn.execute_batch(
                "BEGIN IMMEDIATE;
                 DELETE FROM meta; DELETE FROM entities; DELETE FROM outbox; DELETE FROM blobs;
                 DELETE FROM outbox_history;
                 INSERT INTO search (search) VALUES ('delete-all'); DELETE FROM notes;
                 DELETE FROM read_status;
                 COMMIT;",
            )?;
            // Give the freed pages back so deleted text does not linger in the file.
            conn.execute_batch("VACUUM; PRAGMA wal_checkpoint(TRUNCATE);")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- meta helpers

pub(crate) fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])?;
    Ok(())
}

pub(crate) fn meta_delete(conn: &Connection, key: &str) -> Result<(), StoreError> {
    conn.execute("DELETE FROM meta WHERE key = ?1", [key])?;
    Ok(())
}

pub(crate) fn device_id(conn: &Connection) -> Result<DeviceId, StoreError> {
    if let Some(v) = meta_get(conn, "device_id")? {
        let uuid = uuid::Uuid::parse_str(&v)
            .map_err(|_| StoreError::Corrupt(format!("device_id {v:?} is not a UUID")))?;
        return Ok(DeviceId(uuid));
    }
    let id = uuid::Uuid::now_v7();
    meta_set(conn, "device_id", &id.to_string())?;
    Ok(DeviceId(id))
}

pub(crate) fn cursor(conn: &Connection) -> Result<Option<Cursor>, StoreError> {
    meta_get(conn, "cursor")?
        .map(|v| {
            v.parse::<Cursor>()
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .transpose()
}

pub(crate) fn me(conn: &Connection) -> Result<Option<PersonInfo>, StoreError> {
    meta_get(conn, "me")?
        .map(|v| serde_json::from_str(&v).map_err(StoreError::from))
        .transpose()
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Runs `f` in one transaction of the given kind, committed only if `f` succeeds.
fn in_transaction<T, E: From<StoreError>>(
    conn: &mut Connection,
    behavior: TransactionBehavior,
    f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
) -> Result<T, E> {
    let tx = conn
        .transaction_with_behavior(behavior)
        .map_err(StoreError::from)?;
    let out = f(&tx)?;
    tx.commit().map_err(StoreError::from)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    /// Kinds are named by `EntityKind` — bound as a parameter, or formatted from its constant —
    /// never as a string literal in the store's SQL, so a renamed kind cannot silently match
    /// nothing.
    #[test]
    fn no_sql_names_a_kind_as_a_string() {
        let sources = [
            include_str!("views.rs"),
            include_str!("search.rs"),
            include_str!("blobs.rs"),
            include_str!("outbox.rs"),
            include_str!("apply.rs"),
            include_str!("facts.rs"),
        ];
        for source in sources {
            for (i, _) in source.match_indices("kind = '") {
                let next = source[i + "kind = '".len()..].chars().next();
                assert_eq!(
                    next,
                    Some('{'),
                    "a kind literal in SQL near {:?}",
                    &source[i..i + 40]
                );
            }
            for (i, _) in source.match_indices("kind IN (") {
                let next = source[i + "kind IN (".len()..].chars().next();
                assert_eq!(
                    next,
                    Some('?'),
                    "a kind literal in SQL near {:?}",
                    &source[i..i + 40]
                );
            }
        }
    }
}
