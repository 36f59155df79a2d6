//! Opening the database: pragmas (WAL, foreign keys, busy timeout) and the append-only
//! migrations in `migrations/*.sql`, each applied in its own transaction.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{Migrations, SchemaVersion, M};

use crate::StoreError;

/// Every migration, in order. Append only: a released file is never edited.
pub const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_private.sql")),
    M::up(include_str!("../migrations/0003_search_per_entity.sql")),
    M::up(include_str!("../migrations/0004_outbox_history.sql")),
    M::up(include_str!("../migrations/0005_drop_entities_date.sql")),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// Opens (creating if needed) and migrates the database at `path`.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrate(&mut conn, &migrations())?;
    reindex_if_marked(&mut conn)?;
    attach_helpers(&conn)?;
    Ok(conn)
}

/// Applies the pending migrations one at a time, each in its own transaction, so a crash leaves
/// the database at a whole schema version.
pub fn migrate(conn: &mut Connection, migrations: &Migrations<'_>) -> Result<(), StoreError> {
    let current = match migrations.current_version(conn)? {
        SchemaVersion::NoneSet => 0,
        SchemaVersion::Inside(v) | SchemaVersion::Outside(v) => v.get(),
    };
    let latest = MIGRATIONS.len();
    if current > latest {
        return Err(StoreError::Corrupt(format!(
            "the database has schema version {current}, newer than this app knows ({latest}); \
             update the app"
        )));
    }
    for v in current + 1..=latest {
        migrations.to_version(conn, v)?;
    }
    Ok(())
}

/// A migration that changed what the search index holds leaves the `search_reindex` mark; the
/// index is then rebuilt once, by the current code, in one transaction with removing the mark.
fn reindex_if_marked(conn: &mut Connection) -> Result<(), StoreError> {
    let tx = conn.transaction()?;
    if crate::meta_get(&tx, "search_reindex")?.is_some() {
        crate::search::reindex_all(&tx)?;
        crate::meta_delete(&tx, "search_reindex")?;
    }
    tx.commit()?;
    Ok(())
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a committed page or local write survives a power cut, not only an app crash.
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    // SQLite's default page cache (2 MiB) stays: 32 MiB (`cache_size = -32768`, described in a
    // comment here since f08f3e4 but never set) measured no different on apply (200,000 changes)
    // or search (10,000 documents): pages missed come from the OS's cache (docs/BENCHMARKS.md).
    // Room for every statement the store prepares (rusqlite keeps 16 by default, fewer than the
    // apply path and the views use, so they were re-prepared over and over).
    conn.set_prepared_statement_cache_capacity(128);
    Ok(())
}

/// Per-connection helpers that live in the `temp` schema (nothing stored): the search index's
/// vocabulary, which a search asks what a typed prefix stands for (src/search.rs).
fn attach_helpers(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search, row)",
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("valid migrations");
    }
}
