//! `Store`: every SQL statement of the hub, behind one struct (a small trait can later let
//! PostgreSQL stand in; not built). Writes go through [`Store::write`], which runs a closure in
//! one transaction; [`record`] upserts an entity **and** appends its change in that transaction.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use styrebord_core::access::Visibility;
use styrebord_core::entity::EntityKind;
use styrebord_core::org::{Person, Role};
use styrebord_core::{OrgId, PersonId};
use styrebord_protocol::{Change, Entity, PersonInfo};

use crate::db;
use crate::error::HubError;
use crate::fresh::{Check, Fresh};
use crate::pool::ReadPool;

/// How a record's [`Visibility`] is stored in the `audience` column: `all`, `secretariat` or
/// `org:<CODE>`. Reads filter with [`VISIBLE`], which `tests/visibility.rs` proves agrees with
/// core's [`Visibility::allows`] for every role, organisation and visibility.
pub fn audience_sql(v: &Visibility) -> String {
    match v {
        Visibility::Everyone => "all".into(),
        Visibility::Secretariat => "secretariat".into(),
        Visibility::Organisation(o) => format!("org:{o}"),
    }
}

/// The stored `audience` column back as a [`Visibility`].
pub fn audience_from_sql(s: &str) -> Result<Visibility, HubError> {
    match s {
        "all" => Ok(Visibility::Everyone),
        "secretariat" => Ok(Visibility::Secretariat),
        other => other
            .strip_prefix("org:")
            .and_then(|code| OrgId::parse(code).ok())
            .map(Visibility::Organisation)
            .ok_or_else(|| HubError::Invalid(format!("stored audience {other:?} is unreadable"))),
    }
}

/// Whose eyes a read is for.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub secretariat: bool,
    pub org: OrgId,
}

impl Viewer {
    pub fn of(person: &Person) -> Self {
        Viewer {
            secretariat: person.role == Role::Secretariat,
            org: person.org.clone(),
        }
    }
}

/// The SQL condition "`audience` column visible to :secretariat, :org" — core's
/// [`Visibility::allows`] as SQL (see [`audience_sql`]).
pub const VISIBLE: &str = "(audience = 'all' OR :secretariat = 1 OR audience = :org)";

/// What a presented token turns out to be.
#[derive(Debug)]
pub enum TokenLookup {
    Unknown,
    Revoked,
    Active {
        person: Person,
        token_id: String,
        /// When the token was last noted as used (RFC 3339), if ever.
        last_used_at: Option<String>,
    },
}

#[derive(Clone)]
pub struct Store {
    /// The one writer (SQLite has one writer at a time anyway).
    conn: Arc<Mutex<Connection>>,
    /// Reads, side by side with each other and with the writer (WAL mode).
    readers: Arc<ReadPool>,
    /// The log's head and active tokens as of the last commit by anyone (`fresh.rs`).
    fresh: Arc<Fresh>,
    blob_dir: PathBuf,
    /// The change log's head as last seen, for long polls waiting on news.
    head: Arc<tokio::sync::watch::Sender<u64>>,
    /// Whether the task that notices other processes' commits for parked long polls runs.
    watching: Arc<AtomicBool>,
}

pub const DB_FILE: &str = "hub.sqlite3";

/// Read connections at most: reads are short and CPU-bound.
const READERS: usize = 8;

/// How often, while long polls are parked, the hub asks SQLite whether another process (the
/// CLI) has committed: a parked poll hears of such a write within this.
const EXTERNAL_COMMIT_CHECK: Duration = Duration::from_millis(250);

impl Store {
    /// Opens the store in `data_dir` (creating the directory, database and blob folder).
    pub fn open(data_dir: &Path) -> Result<Self, HubError> {
        std::fs::create_dir_all(data_dir.join("blobs"))?;
        let path = data_dir.join(DB_FILE);
        let conn = db::open(&path)?;
        let head = head_seq(&conn)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            readers: Arc::new(ReadPool::new(path.clone(), READERS)),
            fresh: Arc::new(Fresh::open(&path)?),
            blob_dir: data_dir.join("blobs"),
            head: Arc::new(tokio::sync::watch::Sender::new(head)),
            watching: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The change log's head as last seen. Commits by this process announce it at once; a commit
    /// by another process (the CLI) is announced by the next request's [`Store::check`], or
    /// within [`EXTERNAL_COMMIT_CHECK`] while anyone waits on this.
    pub fn watch_head(&self) -> tokio::sync::watch::Receiver<u64> {
        self.watch_other_processes();
        self.head.subscribe()
    }

    /// Without touching the database unless something was committed since the last call: the
    /// log's state, and the token with SHA-256 `hash` if it was found active since then.
    /// See [`Fresh::check`]. Runs on the caller's thread (microseconds; it never waits on a lock).
    pub fn check(&self, hash: Option<&crate::fresh::TokenKey>) -> Result<Check, HubError> {
        check_and_announce(&self.fresh, &self.head, hash)
    }

    /// The cache [`Store::check`] reads (to remember a token found active).
    pub fn fresh(&self) -> &Fresh {
        &self.fresh
    }

    /// Starts, once per store and inside a Tokio runtime, the task that asks for other
    /// processes' commits while long polls are parked (one cheap check per interval, however
    /// many are parked; none while none are).
    fn watch_other_processes(&self) {
        let Ok(rt) = tokio::runtime::Handle::try_current() else {
            return;
        };
        if self.watching.swap(true, Ordering::AcqRel) {
            return;
        }
        let (fresh, head): (Weak<Fresh>, Weak<_>) =
            (Arc::downgrade(&self.fresh), Arc::downgrade(&self.head));
        rt.spawn(async move {
            let mut every = tokio::time::interval(EXTERNAL_COMMIT_CHECK);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                // Ends with the store.
                let (Some(fresh), Some(head)) = (fresh.upgrade(), head.upgrade()) else {
                    return;
                };
                if head.receiver_count() > 0 {
                    let _ = check_and_announce(&fresh, &head, None);
                }
            }
        });
    }

    pub fn blob_dir(&self) -> &Path {
        &self.blob_dir
    }

    /// Runs `f` on a read connection, in one read transaction: every statement of `f` sees the
    /// same committed state, as when reads shared the writer's mutex. `f` cannot write.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, HubError>,
    ) -> Result<T, HubError> {
        let mut conn = self.readers.get()?;
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Runs `f` in one IMMEDIATE transaction, committed when `f` returns `Ok`.
    pub fn write<T, E: From<HubError>>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(HubError::from)?;
        let out = f(&tx)?;
        tx.commit().map_err(HubError::from)?;
        // Wake the long polls when the log grew (one indexed lookup of the last row).
        let head = head_seq(&conn)?;
        self.head.send_if_modified(|h| {
            let grew = head > *h;
            *h = (*h).max(head);
            grew
        });
        Ok(out)
    }

    /// Runs a blocking store call off the async runtime.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Store) -> T + Send + 'static,
    ) -> Result<T, HubError> {
        let store = self.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|e| HubError::Invalid(format!("store task failed: {e}")))
    }
}

/// [`Fresh::check`], and a head that grew (another process's commit) announced to long polls.
fn check_and_announce(
    fresh: &Fresh,
    head: &tokio::sync::watch::Sender<u64>,
    hash: Option<&crate::fresh::TokenKey>,
) -> Result<Check, HubError> {
    let check = fresh.check(hash)?;
    if check.reread {
        let now = check.log.head;
        head.send_if_modified(|h| {
            let grew = now > *h;
            *h = (*h).max(now);
            grew
        });
    }
    Ok(check)
}

// ---------------------------------------------------------------- meta

pub fn meta_get(conn: &Connection, key: &str) -> Result<u64, HubError> {
    let v: String = conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))?;
    v.parse()
        .map_err(|_| HubError::Invalid(format!("meta {key} is not a number: {v}")))
}

pub fn meta_set(conn: &Connection, key: &str, value: u64) -> Result<(), HubError> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value.to_string()],
    )?;
    Ok(())
}

pub fn epoch(conn: &Connection) -> Result<u32, HubError> {
    u32::try_from(meta_get(conn, "epoch")?).map_err(|_| HubError::Invalid("epoch too large".into()))
}

pub fn log_floor(conn: &Connection) -> Result<u64, HubError> {
    meta_get(conn, "log_floor")
}

/// For an epoch this log continues (a restore's backed-up one, `log_ancestors`): the last seq
/// the two logs share. `None` for an epoch this hub never had.
pub fn ancestor_through(conn: &Connection, epoch: u32) -> Result<Option<u64>, HubError> {
    let through: Option<i64> = conn
        .query_row(
            "SELECT through FROM log_ancestors WHERE epoch = ?1",
            [epoch],
            |r| r.get(0),
        )
        .optional()?;
    Ok(through.map(|t| t as u64))
}

/// The newest change seq (0 when the log is empty).
pub fn head_seq(conn: &Connection) -> Result<u64, HubError> {
    let seq: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
        r.get(0)
    })?;
    Ok(seq as u64)
}

// ---------------------------------------------------------------- entities and changes

/// Upserts (or, for a tombstone, deletes) the entity `body` describes and appends the change,
/// visible to `visibility`. Returns the change's seq. Call inside [`Store::write`].
///
/// When the new visibility hides the record from someone who could see it, a [`Entity::Withdrawn`]
/// change for the old audience goes first, so their apps drop it — and because the withdrawal is
/// a record of its own, compacting the log never removes it while the record stays hidden.
pub fn record(
    tx: &Transaction<'_>,
    body: &Entity,
    visibility: &Visibility,
) -> Result<u64, HubError> {
    let kind = body.kind();
    let entity_id = body.entity_id();
    if let Some(old) = stored_visibility(tx, kind, &entity_id)? {
        if old.narrows_to(visibility) {
            let withdrawn = Entity::Withdrawn {
                of: kind,
                id: body.record_key(),
            };
            append_change(tx, &withdrawn, &old)?;
        }
    }
    let json = serde_json::to_string(body)?;
    let aud = audience_sql(visibility);
    match body {
        Entity::RegistrationCancelled { id, .. } => {
            tx.execute(
                "DELETE FROM entities WHERE kind = ?1 AND id = ?2",
                params![EntityKind::Registration.as_str(), id.to_string()],
            )?;
        }
        // Taken back by the secretariat (an agenda item, a document with every version).
        Entity::Withdrawn { of, id } => {
            let sql = if *of == EntityKind::Document {
                "DELETE FROM entities WHERE kind = ?1 AND id LIKE ?2 || '@%'"
            } else {
                "DELETE FROM entities WHERE kind = ?1 AND id = ?2"
            };
            tx.execute(sql, params![of.as_str(), id])?;
        }
        _ => {
            let meeting = body.meeting().map(|m| m.to_string());
            let sha = match body {
                Entity::Document(d) => Some(d.sha256.to_string()),
                _ => None,
            };
            tx.execute(
                "INSERT INTO entities (kind, id, meeting, sha256, audience, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (kind, id) DO UPDATE SET meeting = excluded.meeting,
                   sha256 = excluded.sha256, audience = excluded.audience, body = excluded.body",
                params![kind.as_str(), entity_id, meeting, sha, aud, json],
            )?;
        }
    }
    append_change(tx, body, visibility)
}

fn append_change(
    tx: &Transaction<'_>,
    body: &Entity,
    visibility: &Visibility,
) -> Result<u64, HubError> {
    tx.execute(
        "INSERT INTO changes (kind, entity_id, audience, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            body.kind().as_str(),
            body.entity_id(),
            audience_sql(visibility),
            serde_json::to_string(body)?,
            now()
        ],
    )?;
    Ok(tx.last_insert_rowid() as u64)
}

fn stored_visibility(
    conn: &Connection,
    kind: EntityKind,
    id: &str,
) -> Result<Option<Visibility>, HubError> {
    let aud: Option<String> = conn
        .query_row(
            "SELECT audience FROM entities WHERE kind = ?1 AND id = ?2",
            [kind.as_str(), id],
            |r| r.get(0),
        )
        .optional()?;
    aud.as_deref().map(audience_from_sql).transpose()
}

/// The current state of one entity.
pub fn get_entity<T: DeserializeOwned>(
    conn: &Connection,
    kind: EntityKind,
    id: &str,
) -> Result<Option<T>, HubError> {
    let body: Option<String> = conn
        .prepare_cached("SELECT body FROM entities WHERE kind = ?1 AND id = ?2")?
        .query_row([kind.as_str(), id], |r| r.get(0))
        .optional()?;
    body.map(|b| unwrap_body::<T>(&b)).transpose()
}

/// Whether an entity of `kind` has this id (for a document: any version of it).
pub fn entity_exists(conn: &Connection, kind: EntityKind, id: &str) -> Result<bool, HubError> {
    let sql = if kind == EntityKind::Document {
        "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = ?1 AND id LIKE ?2 || '@%')"
    } else {
        "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = ?1 AND id = ?2)"
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([kind.as_str(), id], |r| r.get(0))?)
}

/// Every stored version of a document.
pub fn document_versions(
    conn: &Connection,
    id: &str,
) -> Result<Vec<styrebord_core::meeting::Document>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT body FROM entities WHERE kind = ?1 AND id LIKE ?2 || '@%' ORDER BY id",
    )?;
    let rows = stmt.query_map(params![EntityKind::Document.as_str(), id], |r| {
        r.get::<_, String>(0)
    })?;
    let mut out = Vec::new();
    for row in rows {
        out.push(unwrap_body(&row?)?);
    }
    Ok(out)
}

/// Every entity of `kind` (of `meeting`, when given), in id order.
pub fn list_entities<T: DeserializeOwned>(
    conn: &Connection,
    kind: EntityKind,
    meeting: Option<&str>,
) -> Result<Vec<T>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT body FROM entities WHERE kind = ?1 AND (?2 IS NULL OR meeting = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![kind.as_str(), meeting], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(unwrap_body::<T>(&row?)?);
    }
    Ok(out)
}

/// Entities are stored as a whole `Entity` (`{kind, body}`); this returns the inner value.
fn unwrap_body<T: DeserializeOwned>(json: &str) -> Result<T, HubError> {
    let mut v: serde_json::Value = serde_json::from_str(json)?;
    let inner = v
        .get_mut("body")
        .map(serde_json::Value::take)
        .ok_or_else(|| HubError::Invalid("stored entity has no body".into()))?;
    Ok(serde_json::from_value(inner)?)
}

/// Changes after `since` that `viewer` may see, oldest first, at most `limit`, and the seq of the
/// last change *scanned* (so a page of invisible changes still moves the cursor on).
pub fn changes_for(
    conn: &Connection,
    viewer: &Viewer,
    since: u64,
    limit: u32,
) -> Result<(Vec<Change>, Option<u64>, bool), HubError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT seq, body FROM changes WHERE seq > :since AND {VISIBLE} ORDER BY seq LIMIT :limit"
    ))?;
    let org = format!("org:{}", viewer.org);
    let rows = stmt.query_map(
        rusqlite::named_params! {
            ":since": since as i64,
            ":secretariat": viewer.secretariat,
            ":org": org,
            ":limit": i64::from(limit) + 1,
        },
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )?;
    let mut changes = Vec::new();
    for row in rows {
        let (seq, body) = row?;
        changes.push(Change {
            seq: seq as u64,
            body: serde_json::from_str(&body)?,
        });
    }
    let has_more = changes.len() > limit as usize;
    changes.truncate(limit as usize);
    let last = changes.last().map(|c| c.seq);
    Ok((changes, last, has_more))
}

/// Whether a document with this blob is visible to `viewer`: `None` when no document has it.
pub fn blob_visibility(
    conn: &Connection,
    viewer: &Viewer,
    sha: &str,
) -> Result<Option<bool>, HubError> {
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = ?1 AND sha256 = ?2)",
        [EntityKind::Document.as_str(), sha],
        |r| r.get(0),
    )?;
    if !any {
        return Ok(None);
    }
    let visible: bool = conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = :kind AND sha256 = :sha \
             AND {VISIBLE})"
        ),
        rusqlite::named_params! {
            ":kind": EntityKind::Document.as_str(), ":sha": sha, ":secretariat": viewer.secretariat, ":org": format!("org:{}", viewer.org),
        },
        |r| r.get(0),
    )?;
    Ok(Some(visible))
}

/// What the hub records of a stored blob besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobMeta {
    pub size: u64,
    pub mime: String,
    /// Its BLAKE3 digest (hex), sent with it for the app's check; `None` for a blob stored
    /// before the hub recorded it (migration 0004).
    pub blake3: Option<String>,
}

/// Size, mime and BLAKE3 digest of a stored blob.
pub fn blob_meta(conn: &Connection, sha: &str) -> Result<Option<BlobMeta>, HubError> {
    Ok(conn
        .query_row(
            "SELECT size, mime, blake3 FROM blobs WHERE sha256 = ?1",
            [sha],
            |r| {
                Ok(BlobMeta {
                    size: r.get::<_, i64>(0)? as u64,
                    mime: r.get(1)?,
                    blake3: r.get(2)?,
                })
            },
        )
        .optional()?)
}

/// The blobs stored before the hub recorded their BLAKE3 digest (migration 0004).
pub fn blobs_without_blake3(conn: &Connection) -> Result<Vec<String>, HubError> {
    let mut stmt = conn.prepare("SELECT sha256 FROM blobs WHERE blake3 IS NULL ORDER BY sha256")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records the BLAKE3 digest of a blob that had none; one that has one keeps it.
pub fn set_blob_blake3(tx: &Transaction<'_>, sha: &str, blake3: &str) -> Result<(), HubError> {
    tx.execute(
        "UPDATE blobs SET blake3 = ?2 WHERE sha256 = ?1 AND blake3 IS NULL",
        params![sha, blake3],
    )?;
    Ok(())
}

/// The text extracted from a stored blob: `None` when there is no such blob, `Some(None)` when
/// no text could be read from it. The text is a JSON array with one string per page.
pub fn blob_text(conn: &Connection, sha: &str) -> Result<Option<Option<String>>, HubError> {
    Ok(conn
        .query_row("SELECT text FROM blobs WHERE sha256 = ?1", [sha], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?)
}

/// Deletes every change that a later change of the same entity supersedes; returns how many.
///
/// Each change carries its entity's whole new state, so a reader at any cursor still gets the
/// latest state of everything changed after it, and a new device still gets everything: no
/// cursor becomes invalid, so neither the epoch nor the log floor moves. The head (the newest
/// change) is always the latest of its entity, so cursors never point past the log.
pub fn compact_changes(tx: &Transaction<'_>) -> Result<u64, HubError> {
    let removed = tx.execute(
        "DELETE FROM changes WHERE seq NOT IN
           (SELECT MAX(seq) FROM changes GROUP BY kind, entity_id)",
        [],
    )?;
    Ok(removed as u64)
}

/// How many changes the log holds (0 for a new hub).
pub fn change_count(conn: &Connection) -> Result<u64, HubError> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))?;
    Ok(n as u64)
}

/// Records a stored blob. Stored again (the same bytes published twice), it keeps what it
/// had and gains what it lacked: the text, and the BLAKE3 digest of a blob stored before the
/// hub recorded one.
pub fn insert_blob(
    tx: &Transaction<'_>,
    sha: &str,
    blake3: &str,
    size: u64,
    mime: &str,
    text: Option<&str>,
) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO blobs (sha256, size, mime, text, created_at, blake3) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (sha256) DO UPDATE SET text = COALESCE(excluded.text, blobs.text),
           blake3 = COALESCE(blobs.blake3, excluded.blake3)",
        params![sha, size as i64, mime, text, now(), blake3],
    )?;
    Ok(())
}

// ---------------------------------------------------------------- people and tokens

fn person_from_row(
    r: &rusqlite::Row<'_>,
) -> rusqlite::Result<(String, String, String, String, String, bool)> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
    ))
}

fn to_person(
    row: (String, String, String, String, String, bool),
) -> Result<(Person, bool), HubError> {
    let (id, org, role, name, email, active) = row;
    let bad = |what: &str| HubError::Invalid(format!("stored person has a bad {what}"));
    Ok((
        Person {
            id: PersonId::parse(&id).map_err(|_| bad("id"))?,
            org: OrgId::parse(&org).map_err(|_| bad("org"))?,
            role: serde_json::from_value(serde_json::Value::String(role))
                .map_err(|_| bad("role"))?,
            name,
            email,
        },
        active,
    ))
}

pub fn role_str(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub fn person_info(p: &Person, active: bool) -> PersonInfo {
    PersonInfo {
        id: p.id,
        name: p.name.clone(),
        email: p.email.clone(),
        org: p.org.clone(),
        role: p.role,
        active,
    }
}

/// Inserts a person's row (their announcement is the decision's [`Entity::Person`] change).
pub fn insert_person(tx: &Transaction<'_>, p: &Person) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO persons (id, org, role, name, email, active, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
        params![
            p.id.to_string(),
            p.org.as_str(),
            role_str(p.role),
            p.name,
            p.email,
            now()
        ],
    )?;
    Ok(())
}

pub fn get_person(conn: &Connection, id: &PersonId) -> Result<Option<(Person, bool)>, HubError> {
    conn.query_row(
        "SELECT id, org, role, name, email, active FROM persons WHERE id = ?1",
        [id.to_string()],
        person_from_row,
    )
    .optional()?
    .map(to_person)
    .transpose()
}

/// Every person, active or revoked, in id order.
pub fn all_persons(conn: &Connection) -> Result<Vec<PersonInfo>, HubError> {
    let mut stmt =
        conn.prepare_cached("SELECT id, org, role, name, email, active FROM persons ORDER BY id")?;
    let rows = stmt.query_map([], person_from_row)?;
    rows.map(|r| {
        let (p, active) = to_person(r?)?;
        Ok(person_info(&p, active))
    })
    .collect()
}

pub fn insert_token(
    tx: &Transaction<'_>,
    token_id: &str,
    person: &PersonId,
    hash: &str,
) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO tokens (id, person_id, hash, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_id, person.to_string(), hash, now()],
    )?;
    Ok(())
}

pub fn lookup_token(conn: &Connection, hash: &str) -> Result<TokenLookup, HubError> {
    let row: Option<(String, String, Option<String>, Option<String>)> = conn
        .prepare_cached(
            "SELECT id, person_id, revoked_at, last_used_at FROM tokens WHERE hash = ?1",
        )?
        .query_row([hash], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((token_id, person_id, revoked, last_used_at)) = row else {
        return Ok(TokenLookup::Unknown);
    };
    if revoked.is_some() {
        return Ok(TokenLookup::Revoked);
    }
    let pid = PersonId::parse(&person_id).map_err(|_| HubError::Invalid("bad person id".into()))?;
    match get_person(conn, &pid)? {
        Some((person, true)) => Ok(TokenLookup::Active {
            person,
            token_id,
            last_used_at,
        }),
        _ => Ok(TokenLookup::Revoked),
    }
}

/// Revokes one token; `false` when no such unrevoked token exists.
pub fn revoke_token(tx: &Transaction<'_>, token_id: &str) -> Result<bool, HubError> {
    let n = tx.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
        params![token_id, now()],
    )?;
    Ok(n > 0)
}

/// Marks a person inactive and revokes every token of theirs (revoked, or a representative
/// replaced); returns how many tokens were revoked. The person record itself is announced by the
/// caller, as core decided it.
pub fn deactivate_person(tx: &Transaction<'_>, id: &PersonId) -> Result<usize, HubError> {
    let revoked = tx.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE person_id = ?1 AND revoked_at IS NULL",
        params![id.to_string(), now()],
    )?;
    tx.execute(
        "UPDATE persons SET active = 0 WHERE id = ?1",
        [id.to_string()],
    )?;
    Ok(revoked)
}

// ---------------------------------------------------------------- devices and mutations

/// The device's owner and last applied client_seq.
pub fn device(conn: &Connection, id: &str) -> Result<Option<(String, u64)>, HubError> {
    Ok(conn
        .query_row(
            "SELECT person_id, last_client_seq FROM devices WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as u64)),
        )
        .optional()?)
}

/// Registers the device on its first batch and notes that it wrote now.
pub fn ensure_device(tx: &Transaction<'_>, id: &str, person: &PersonId) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO devices (id, person_id, last_client_seq, last_seen) VALUES (?1, ?2, 0, ?3)
         ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen",
        params![id, person.to_string(), now()],
    )?;
    Ok(())
}

/// Notes that a token was used now.
pub fn touch_token(tx: &Transaction<'_>, token_id: &str) -> Result<(), HubError> {
    tx.execute(
        "UPDATE tokens SET last_used_at = ?2 WHERE id = ?1",
        params![token_id, now()],
    )?;
    Ok(())
}

/// A person's tokens and devices, newest first.
pub fn access_of(
    conn: &Connection,
    person: &PersonId,
) -> Result<
    (
        Vec<styrebord_protocol::TokenInfo>,
        Vec<styrebord_protocol::DeviceInfo>,
    ),
    HubError,
> {
    let tokens = conn
        .prepare_cached(
            "SELECT id, created_at, last_used_at, revoked_at FROM tokens WHERE person_id = ?1
             ORDER BY created_at DESC",
        )?
        .query_map([person.to_string()], |r| {
            Ok(styrebord_protocol::TokenInfo {
                id: r.get(0)?,
                created_at: r.get(1)?,
                last_used_at: r.get(2)?,
                revoked_at: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let devices = conn
        .prepare_cached(
            "SELECT id, last_client_seq, last_seen FROM devices WHERE person_id = ?1
             ORDER BY last_seen DESC",
        )?
        .query_map([person.to_string()], |r| {
            Ok(styrebord_protocol::DeviceInfo {
                id: r.get(0)?,
                last_client_seq: r.get(1)?,
                last_seen: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok((tokens, devices))
}

pub struct StoredMutation {
    pub device_id: String,
    pub client_seq: u64,
    pub payload_hash: String,
    pub result: String,
}

pub fn stored_mutation(
    conn: &Connection,
    mutation_id: &str,
) -> Result<Option<StoredMutation>, HubError> {
    Ok(conn
        .query_row(
            "SELECT device_id, client_seq, payload_hash, result FROM mutations WHERE mutation_id = ?1",
            [mutation_id],
            |r| {
                Ok(StoredMutation {
                    device_id: r.get(0)?,
                    client_seq: r.get::<_, i64>(1)? as u64,
                    payload_hash: r.get(2)?,
                    result: r.get(3)?,
                })
            },
        )
        .optional()?)
}

/// Stores a mutation's result and advances the device's sequence to its client_seq.
pub fn store_mutation(
    tx: &Transaction<'_>,
    mutation_id: &str,
    device_id: &str,
    client_seq: u64,
    payload_hash: &str,
    result: &str,
) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO mutations (mutation_id, device_id, client_seq, payload_hash, result, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![mutation_id, device_id, client_seq as i64, payload_hash, result, now()],
    )?;
    tx.execute(
        "UPDATE devices SET last_client_seq = ?2 WHERE id = ?1",
        params![device_id, client_seq as i64],
    )?;
    Ok(())
}

pub fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}
