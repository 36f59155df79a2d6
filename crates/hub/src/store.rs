//! `Store`: every SQL statement of the hub, behind one struct (a small trait can later let
//! PostgreSQL stand in; not built). Writes go through [`Store::write`], which runs a closure in
//! one transaction; [`record`] upserts an entity **and** appends its change in that transaction.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::de::DeserializeOwned;
use styrebord_core::access::Visibility;
use styrebord_core::org::{Person, Role};
use styrebord_core::{OrgId, PersonId, SystemId};
use styrebord_protocol::{Change, ChangeBody, PersonInfo};

use crate::db;
use crate::error::HubError;

/// Who may see an entity's current state and its changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    All,
    Secretariat,
    /// The organisation and the secretariat.
    Org(OrgId),
}

impl From<Visibility> for Audience {
    fn from(v: Visibility) -> Self {
        match v {
            Visibility::Everyone => Audience::All,
            Visibility::Secretariat => Audience::Secretariat,
            Visibility::Organisation(o) => Audience::Org(o),
        }
    }
}

impl Audience {
    pub fn to_sql(&self) -> String {
        match self {
            Audience::All => "all".into(),
            Audience::Secretariat => "secretariat".into(),
            Audience::Org(o) => format!("org:{o}"),
        }
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

/// The SQL condition "`audience` column visible to ?secretariat, ?org".
const VISIBLE: &str = "(audience = 'all' OR :secretariat = 1 OR audience = :org)";

/// What a presented token turns out to be.
#[derive(Debug)]
pub enum TokenLookup {
    Unknown,
    Revoked,
    Active { person: Person, token_id: String },
}

#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    blob_dir: PathBuf,
}

pub const DB_FILE: &str = "hub.sqlite3";

impl Store {
    /// Opens the store in `data_dir` (creating the directory, database and blob folder).
    pub fn open(data_dir: &Path) -> Result<Self, HubError> {
        std::fs::create_dir_all(data_dir.join("blobs"))?;
        let conn = db::open(&data_dir.join(DB_FILE))?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            blob_dir: data_dir.join("blobs"),
        })
    }

    pub fn blob_dir(&self) -> &Path {
        &self.blob_dir
    }

    /// Runs `f` on the connection (reads).
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, HubError>,
    ) -> Result<T, HubError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
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

/// The newest change seq (0 when the log is empty).
pub fn head_seq(conn: &Connection) -> Result<u64, HubError> {
    let seq: i64 = conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM changes", [], |r| {
        r.get(0)
    })?;
    Ok(seq as u64)
}

// ---------------------------------------------------------------- entities and changes

/// Upserts (or, for a tombstone, deletes) the entity `body` describes and appends the change,
/// visible to `audience`. Returns the change's seq. Call inside [`Store::write`].
pub fn record(
    tx: &Transaction<'_>,
    body: &ChangeBody,
    audience: &Audience,
) -> Result<u64, HubError> {
    let kind = body.kind();
    let entity_id = body.entity_id();
    let json = serde_json::to_string(body)?;
    let aud = audience.to_sql();
    match body {
        ChangeBody::RegistrationCancelled { id, .. } => {
            tx.execute(
                "DELETE FROM entities WHERE kind = 'registration' AND id = ?1",
                [id.to_string()],
            )?;
        }
        _ => {
            let (meeting, sha) = index_columns(body);
            tx.execute(
                "INSERT INTO entities (kind, id, meeting, sha256, audience, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (kind, id) DO UPDATE SET meeting = excluded.meeting,
                   sha256 = excluded.sha256, audience = excluded.audience, body = excluded.body",
                params![kind, entity_id, meeting, sha, aud, json],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO changes (kind, entity_id, audience, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![kind, entity_id, aud, json, now()],
    )?;
    Ok(tx.last_insert_rowid() as u64)
}

fn index_columns(body: &ChangeBody) -> (Option<String>, Option<String>) {
    match body {
        ChangeBody::Meeting(m) => (Some(m.id.to_string()), None),
        ChangeBody::AgendaItem(a) => (Some(a.meeting.to_string()), None),
        ChangeBody::Document(d) => (d.meeting.map(|m| m.to_string()), Some(d.sha256.to_string())),
        ChangeBody::Registration(r) => (Some(r.meeting.to_string()), None),
        ChangeBody::Minutes(m) => (Some(m.draft.meeting.to_string()), None),
        ChangeBody::MinutesComment(c) => (Some(c.minutes.to_string()), None),
        _ => (None, None),
    }
}

/// The current state of one entity and its audience.
pub fn get_entity<T: DeserializeOwned>(
    conn: &Connection,
    kind: &str,
    id: &str,
) -> Result<Option<(T, String)>, HubError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT body, audience FROM entities WHERE kind = ?1 AND id = ?2",
            [kind, id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(body, aud)| Ok((unwrap_body::<T>(&body)?, aud)))
        .transpose()
}

/// Every entity of `kind` (of `meeting`, when given), in id order.
pub fn list_entities<T: DeserializeOwned>(
    conn: &Connection,
    kind: &str,
    meeting: Option<&str>,
) -> Result<Vec<T>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT body FROM entities WHERE kind = ?1 AND (?2 IS NULL OR meeting = ?2) ORDER BY id",
    )?;
    let rows = stmt.query_map(params![kind, meeting], |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for row in rows {
        out.push(unwrap_body::<T>(&row?)?);
    }
    Ok(out)
}

/// Whether `system` is in the portfolio.
pub fn system_in_portfolio(conn: &Connection, system: &SystemId) -> Result<bool, HubError> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = 'portfolio_system' AND id = ?1)",
        [system.as_str()],
        |r| r.get(0),
    )?)
}

/// Entities are stored as a whole `ChangeBody` (`{kind, body}`); this returns the inner value.
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
        "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = 'document' AND sha256 = ?1)",
        [sha],
        |r| r.get(0),
    )?;
    if !any {
        return Ok(None);
    }
    let visible: bool = conn.query_row(
        &format!(
            "SELECT EXISTS (SELECT 1 FROM entities WHERE kind = 'document' AND sha256 = :sha \
             AND {VISIBLE})"
        ),
        rusqlite::named_params! {
            ":sha": sha, ":secretariat": viewer.secretariat, ":org": format!("org:{}", viewer.org),
        },
        |r| r.get(0),
    )?;
    Ok(Some(visible))
}

/// Size and mime of a stored blob.
pub fn blob_meta(conn: &Connection, sha: &str) -> Result<Option<(u64, String)>, HubError> {
    Ok(conn
        .query_row(
            "SELECT size, mime FROM blobs WHERE sha256 = ?1",
            [sha],
            |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)),
        )
        .optional()?)
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

/// How many changes the log holds (0 for a new hub).
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

pub fn change_count(conn: &Connection) -> Result<u64, HubError> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM changes", [], |r| r.get(0))?;
    Ok(n as u64)
}

pub fn insert_blob(
    tx: &Transaction<'_>,
    sha: &str,
    size: u64,
    mime: &str,
    text: Option<&str>,
) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO blobs (sha256, size, mime, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (sha256) DO UPDATE SET text = COALESCE(excluded.text, blobs.text)",
        params![sha, size as i64, mime, text, now()],
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

/// Inserts a person and announces them (audience: all).
pub fn insert_person(tx: &Transaction<'_>, p: &Person) -> Result<u64, HubError> {
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
    record(
        tx,
        &ChangeBody::Person(person_info(p, true)),
        &Audience::All,
    )
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

/// Active people, in creation order (the seat rules take the first member of an organisation).
pub fn active_persons(conn: &Connection) -> Result<Vec<Person>, HubError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, org, role, name, email, active FROM persons WHERE active = 1 ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([], person_from_row)?;
    rows.map(|r| Ok(to_person(r?)?.0)).collect()
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
    let row: Option<(String, String, Option<String>)> = conn
        .query_row(
            "SELECT id, person_id, revoked_at FROM tokens WHERE hash = ?1",
            [hash],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((token_id, person_id, revoked)) = row else {
        return Ok(TokenLookup::Unknown);
    };
    if revoked.is_some() {
        return Ok(TokenLookup::Revoked);
    }
    let pid = PersonId::parse(&person_id).map_err(|_| HubError::Invalid("bad person id".into()))?;
    match get_person(conn, &pid)? {
        Some((person, true)) => Ok(TokenLookup::Active { person, token_id }),
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

/// Revokes every token of a person and marks them inactive (announced to all).
pub fn revoke_person(tx: &Transaction<'_>, id: &PersonId) -> Result<usize, HubError> {
    let Some((person, _)) = get_person(tx, id)? else {
        return Err(HubError::Invalid(format!("no person with id {id}")));
    };
    let n = tx.execute(
        "UPDATE tokens SET revoked_at = ?2 WHERE person_id = ?1 AND revoked_at IS NULL",
        params![id.to_string(), now()],
    )?;
    tx.execute(
        "UPDATE persons SET active = 0 WHERE id = ?1",
        [id.to_string()],
    )?;
    record(
        tx,
        &ChangeBody::Person(person_info(&person, false)),
        &Audience::All,
    )?;
    Ok(n)
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

pub fn ensure_device(tx: &Transaction<'_>, id: &str, person: &PersonId) -> Result<(), HubError> {
    tx.execute(
        "INSERT INTO devices (id, person_id, last_client_seq) VALUES (?1, ?2, 0)
         ON CONFLICT (id) DO NOTHING",
        params![id, person.to_string()],
    )?;
    Ok(())
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
