//! Opening the hub database: pragmas (WAL, foreign keys, busy timeout) and the append-only
//! migrations in `migrations/*.sql`.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};
use rusqlite_migration::{Migrations, M};

use crate::error::HubError;

/// Every migration, in order. Append only: a released file is never edited.
const MIGRATIONS: &[M<'static>] = &[
    M::up(include_str!("../migrations/0001_initial.sql")),
    M::up(include_str!("../migrations/0002_people_last_contact.sql")),
    M::up(include_str!("../migrations/0003_log_ancestors.sql")),
    M::up(include_str!("../migrations/0004_blob_blake3.sql")),
];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

/// Opens (creating if needed) and migrates the database at `path`.
pub fn open(path: &Path) -> Result<Connection, HubError> {
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

/// Opens another connection to the migrated database at `path` for reads only (`query_only`):
/// the read pool's and the freshness check's. `busy` is how long it waits on a lock (in WAL mode a
/// read waits only in rare moments, e.g. while another connection recovers the WAL index).
pub fn open_reader(path: &Path, busy: Duration) -> Result<Connection, HubError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.pragma_update(None, "query_only", "ON")?;
    conn.busy_timeout(busy)?;
    Ok(conn)
}

fn configure(conn: &Connection) -> Result<(), HubError> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("valid migrations");
    }

    #[test]
    fn opens_in_wal_mode_and_reopens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite3");
        drop(open(&path).unwrap());
        let conn = open(&path).unwrap();
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let epoch: String = conn
            .query_row("SELECT value FROM meta WHERE key='epoch'", [], |r| r.get(0))
            .unwrap();
        assert_eq!(epoch, "1");
    }
}
