//! What an up-to-date poll needs, from memory: the log's head, epoch and floor, and the tokens
//! found active, kept only as long as nothing has been committed to the database since.
//!
//! "Since" is SQLite's own answer: `PRAGMA data_version` on a connection of our own that never
//! writes changes whenever *any other* connection commits — this process's writer, or a
//! `styrebord-hub revoke`/`act` run as another process on the same data directory. The first
//! request after any commit rereads the log and forgets every token. A token revoked by the API
//! or by the CLI is therefore refused by the very next request, and a change written by another
//! process is never hidden behind a remembered head.
//!
//! The pragma is asked only when the WAL-index header has changed. Every commit, by any process,
//! rewrites that header in the `-shm` file (<https://sqlite.org/walformat.html>, "The WAL-Index
//! Header"): it is how SQLite's own readers learn of commits. Reading its 96 bytes is one
//! `pread`, while the pragma begins and ends a read transaction (two `fcntl` locks on the
//! `-shm` file, with kernel allocations) — under wrk most of an empty poll's own cost. A header
//! caught mid-write (its two copies differ), an uninitialised one or one of another layout, and
//! any header unlike the one read before the last pragma, all ask the pragma as before.

use std::collections::HashMap;
use std::fs::File;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::Connection;
use styrebord_core::org::Person;

use crate::db;
use crate::error::HubError;
use crate::store;

/// The change log as of the last commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogState {
    pub epoch: u32,
    pub floor: u64,
    pub head: u64,
}

/// A token as kept in memory: its SHA-256 (the hex of it is what the database stores; the bytes
/// are hashed and compared more cheaply per request).
pub type TokenKey = [u8; 32];

/// A token found active (not revoked, its person active).
#[derive(Debug, Clone)]
pub struct ActiveToken {
    pub person: Person,
    pub token_id: String,
    /// When its use was last written down, as read (parsed once, not per request).
    pub last_used_at: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// What [`Fresh::check`] found.
#[derive(Debug)]
pub struct Check {
    /// The database's version as seen; pass it to [`Fresh::remember`].
    pub version: i64,
    pub log: LogState,
    /// Whether the log was reread (something was committed since the last check).
    pub reread: bool,
    /// The asked-for token, when it was found active since the last commit.
    pub token: Option<ActiveToken>,
    /// Whether SQLite was asked (`PRAGMA data_version`): the WAL-index header had changed, or
    /// could not be read.
    pub asked_sqlite: bool,
}

/// Never more tokens than this in memory (only active tokens are kept, so this is a guard).
const MAX_TOKENS: usize = 10_000;

pub struct Fresh {
    /// The database's `-shm` file, for its WAL-index header; `None` when it could not be opened
    /// (every check asks the pragma). Read outside the lock: a `pread` is a system call, and the
    /// runtime's workers took turns on the mutex for it under load. The header only has to be
    /// read after the request arrived, which it is either way.
    shm: Option<File>,
    inner: Mutex<Inner>,
}

struct Inner {
    /// Only ever asked for `data_version` and the log's head: never writes, so that every commit
    /// (ours included) moves its `data_version`.
    watcher: Connection,
    seen: Option<Seen>,
}

struct Seen {
    version: i64,
    /// The WAL-index header read before the pragma that last found `version` current.
    header: Option<WalHeader>,
    log: LogState,
    tokens: HashMap<TokenKey, ActiveToken>,
}

/// The WAL-index header's first copy (48 bytes), as SQLite wrote it.
type WalHeader = [u8; 48];

/// The `iVersion` SQLite writes into the WAL-index header (unchanged since 3.7.0).
const WAL_INDEX_VERSION: u32 = 3_007_000;

/// The WAL-index header, if both of its copies agree (SQLite writes the second copy, then the
/// first: copies that differ are a commit being written) and it is initialised and of the known
/// layout.
fn wal_header(shm: &File) -> Option<WalHeader> {
    let mut both = [0u8; 96];
    read_at_start(shm, &mut both)?;
    let (first, second) = both.split_at(48);
    let version = u32::from_ne_bytes(first[0..4].try_into().ok()?);
    // Byte 12 is `isInit`.
    if first != second || first[12] == 0 || version != WAL_INDEX_VERSION {
        return None;
    }
    first.try_into().ok()
}

#[cfg(unix)]
fn read_at_start(file: &File, buf: &mut [u8]) -> Option<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, 0).ok()
}

/// Elsewhere (the app's built-in hub on another OS) every check asks the pragma.
#[cfg(not(unix))]
fn read_at_start(_file: &File, _buf: &mut [u8]) -> Option<()> {
    None
}

impl Fresh {
    /// For the migrated database at `path`.
    pub fn open(path: &Path) -> Result<Self, HubError> {
        // No busy wait: this runs on an async worker, and a busy database just sends the
        // request the ordinary way (the read pool) instead.
        let watcher = db::open_reader(path, Duration::ZERO)?;
        // A first read maps the WAL index, so the `-shm` file exists (WAL mode: db.rs).
        let _: i64 = watcher.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let mut shm_path = path.as_os_str().to_owned();
        shm_path.push("-shm");
        let shm = File::open(&shm_path)
            .inspect_err(|e| {
                tracing::warn!(
                    "cannot read {}: every request asks SQLite whether anything was committed: {e}",
                    Path::new(&shm_path).display()
                )
            })
            .ok();
        Ok(Fresh {
            shm,
            inner: Mutex::new(Inner {
                watcher,
                seen: None,
            }),
        })
    }

    /// The log as committed now, and the token with hash `hash` if it was found active since the
    /// last commit. One read of the WAL-index header when nothing was committed; a
    /// `PRAGMA data_version` when the header changed, and three indexed reads more when that
    /// confirms a commit.
    pub fn check(&self, hash: Option<&TokenKey>) -> Result<Check, HubError> {
        let header = self.shm.as_ref().and_then(wal_header);
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let (Some(seen), Some(_)) = (inner.seen.as_ref(), header) {
            if seen.header == header {
                return Ok(Check {
                    version: seen.version,
                    log: seen.log,
                    reread: false,
                    token: hash.and_then(|h| seen.tokens.get(h).cloned()),
                    asked_sqlite: false,
                });
            }
        }
        let version: i64 = inner
            .watcher
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let reread = inner.seen.as_ref().is_none_or(|s| s.version != version);
        if let Some(seen) = inner.seen.as_mut().filter(|_| !reread) {
            // Read before the pragma that found nothing new: any later commit changes it.
            seen.header = header;
        }
        if reread {
            // Read after the version: a commit in between makes the next check reread; an
            // older state is never kept under a newer version.
            let c = &inner.watcher;
            let log = LogState {
                epoch: store::epoch(c)?,
                floor: store::log_floor(c)?,
                head: store::head_seq(c)?,
            };
            inner.seen = Some(Seen {
                version,
                header,
                log,
                tokens: HashMap::new(),
            });
        }
        let seen = inner
            .seen
            .as_ref()
            .ok_or_else(|| HubError::Invalid("the log was not read".into()))?;
        Ok(Check {
            version,
            log: seen.log,
            reread,
            token: hash.and_then(|h| seen.tokens.get(h).cloned()),
            asked_sqlite: true,
        })
    }

    /// Keeps `token` (looked up after a [`Fresh::check`] that returned `version`) for the next
    /// requests, unless a later check has already seen a commit. A commit after the lookup that
    /// no check has seen yet is seen by the next check, which forgets the token again.
    pub fn remember(&self, version: i64, hash: TokenKey, token: ActiveToken) {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(seen) = inner.seen.as_mut().filter(|s| s.version == version) {
            if seen.tokens.len() >= MAX_TOKENS {
                seen.tokens.clear();
            }
            seen.tokens.insert(hash, token);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: TokenKey = [7; 32];

    fn token() -> ActiveToken {
        ActiveToken {
            person: Person {
                id: styrebord_core::PersonId::parse("0192d7a8-0000-7000-8000-000000000001")
                    .unwrap(),
                org: styrebord_core::OrgId::parse("KL").unwrap(),
                role: styrebord_core::org::Role::Member,
                name: "Karin".into(),
                email: "karin@kl.dk".into(),
            },
            token_id: "t1".into(),
            last_used_at: None,
        }
    }

    /// A migrated hub database in a temporary directory, its writer, and a `Fresh` over it.
    fn hub_db() -> (tempfile::TempDir, std::path::PathBuf, Connection, Fresh) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite3");
        let writer = db::open(&path).unwrap();
        let fresh = Fresh::open(&path).unwrap();
        (dir, path, writer, fresh)
    }

    #[test]
    fn a_commit_by_another_connection_rereads_the_log_and_forgets_tokens() {
        let (_dir, _path, writer, fresh) = hub_db();

        let first = fresh.check(Some(&H)).unwrap();
        assert!(first.reread);
        assert!(first.asked_sqlite);
        assert!(first.token.is_none());
        fresh.remember(first.version, H, token());
        let again = fresh.check(Some(&H)).unwrap();
        assert!(!again.reread);
        assert!(
            !again.asked_sqlite,
            "nothing committed: the WAL-index header says so without SQLite"
        );
        assert_eq!(again.log, first.log);
        assert_eq!(again.token.map(|t| t.token_id).as_deref(), Some("t1"));

        // Any commit elsewhere (here: the log grows) is seen by the next check.
        writer
            .execute(
                "INSERT INTO changes (kind, entity_id, audience, body, created_at)
                 VALUES ('meeting', 'm', 'all', '{}', 'now')",
                [],
            )
            .unwrap();
        let after = fresh.check(Some(&H)).unwrap();
        assert!(after.reread);
        assert!(after.asked_sqlite);
        assert_eq!(after.log.head, first.log.head + 1);
        assert!(after.token.is_none(), "a commit forgets every token");

        // A lookup that started before a commit is not kept once a check has seen the commit.
        writer
            .execute("UPDATE meta SET value = '7' WHERE key = 'log_floor'", [])
            .unwrap();
        assert!(fresh.check(None).unwrap().reread);
        fresh.remember(after.version, H, token());
        assert!(fresh.check(Some(&H)).unwrap().token.is_none());
    }

    #[test]
    fn a_commit_by_another_process_changes_the_wal_index_header() {
        let (_dir, path, _writer, fresh) = hub_db();
        let first = fresh.check(None).unwrap();
        assert!(!fresh.check(None).unwrap().asked_sqlite);

        // Another process (the sqlite3 shell's stand-in: a child process with its own SQLite)
        // commits; its commit reaches this process only through the shared files.
        let sql = "INSERT INTO changes (kind, entity_id, audience, body, created_at) \
                   VALUES ('meeting', 'm', 'all', '{}', 'now')";
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "fresh::tests::child_commit",
                "--nocapture",
                "--ignored",
            ])
            .env("FRESH_CHILD_DB", &path)
            .env("FRESH_CHILD_SQL", sql)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        let after = fresh.check(None).unwrap();
        assert!(after.asked_sqlite && after.reread);
        assert_eq!(after.log.head, first.log.head + 1);
    }

    /// Run by the test above as another process: one commit, then exit.
    #[test]
    #[ignore = "run as a child process by a_commit_by_another_process_changes_the_wal_index_header"]
    fn child_commit() {
        let (Ok(db), Ok(sql)) = (
            std::env::var("FRESH_CHILD_DB"),
            std::env::var("FRESH_CHILD_SQL"),
        ) else {
            return;
        };
        let conn = Connection::open(db).unwrap();
        conn.execute(&sql, []).unwrap();
    }
}
