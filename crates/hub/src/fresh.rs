//! What an up-to-date poll needs, from memory: the log's head, epoch and floor, and the tokens
//! found active, kept only as long as nothing has been committed to the database since.
//!
//! "Since" is SQLite's own answer: `PRAGMA data_version` on a connection of our own that never
//! writes changes whenever *any other* connection commits — this process's writer, or a
//! `styrebord-hub revoke`/`act` run as another process on the same data directory. So every
//! request asks it once (no disk read: in WAL mode it compares the WAL index header in shared
//! memory), and the first request after any commit rereads the log and forgets every token. A
//! token revoked by the API or by the CLI is therefore refused by the very next request, and a
//! change written by another process is never hidden behind a remembered head.

use std::collections::HashMap;
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

/// A token found active (not revoked, its person active).
#[derive(Debug, Clone)]
pub struct ActiveToken {
    pub person: Person,
    pub token_id: String,
    /// When its use was last written down (RFC 3339), as read.
    pub last_used_at: Option<String>,
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
}

/// Never more tokens than this in memory (only active tokens are kept, so this is a guard).
const MAX_TOKENS: usize = 10_000;

pub struct Fresh {
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
    log: LogState,
    tokens: HashMap<String, ActiveToken>,
}

impl Fresh {
    /// For the migrated database at `path`.
    pub fn open(path: &Path) -> Result<Self, HubError> {
        // No busy wait: this runs on an async worker, and a busy database just sends the
        // request the ordinary way (the read pool) instead.
        let watcher = db::open_reader(path, Duration::ZERO)?;
        Ok(Fresh {
            inner: Mutex::new(Inner {
                watcher,
                seen: None,
            }),
        })
    }

    /// The log as committed now, and the token with hash `hash` if it was found active since the
    /// last commit. One `PRAGMA data_version` when nothing was committed; three indexed reads
    /// more when something was.
    pub fn check(&self, hash: Option<&str>) -> Result<Check, HubError> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let version: i64 = inner
            .watcher
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        let reread = inner.seen.as_ref().is_none_or(|s| s.version != version);
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
        })
    }

    /// Keeps `token` (looked up after a [`Fresh::check`] that returned `version`) for the next
    /// requests, unless a later check has already seen a commit. A commit after the lookup that
    /// no check has seen yet is seen by the next check, which forgets the token again.
    pub fn remember(&self, version: i64, hash: String, token: ActiveToken) {
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

    #[test]
    fn a_commit_by_another_connection_rereads_the_log_and_forgets_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite3");
        let writer = db::open(&path).unwrap();
        let fresh = Fresh::open(&path).unwrap();

        let first = fresh.check(Some("h")).unwrap();
        assert!(first.reread);
        assert!(first.token.is_none());
        fresh.remember(first.version, "h".into(), token());
        let again = fresh.check(Some("h")).unwrap();
        assert!(!again.reread);
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
        let after = fresh.check(Some("h")).unwrap();
        assert!(after.reread);
        assert_eq!(after.log.head, first.log.head + 1);
        assert!(after.token.is_none(), "a commit forgets every token");

        // A lookup that started before a commit is not kept once a check has seen the commit.
        writer
            .execute("UPDATE meta SET value = '7' WHERE key = 'log_floor'", [])
            .unwrap();
        assert!(fresh.check(None).unwrap().reread);
        fresh.remember(after.version, "h".into(), token());
        assert!(fresh.check(Some("h")).unwrap().token.is_none());
    }
}
