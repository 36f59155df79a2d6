//! Applying the change feed: one page and its cursor in one transaction, idempotently; and the
//! reset (HTTP 410) that clears the mirror but keeps the member's own data.

use rusqlite::{params, CachedStatement, Connection, OptionalExtension, Transaction};
use styrebord_core::entity::EntityKind;
use styrebord_protocol::{Change, ChangesPage, Cursor, Entity, UnreadableChange};

use crate::newer_hub::{replay, REPLAY};
use crate::{cursor, meta_delete, meta_get, meta_set, search, Store, StoreError};

/// What applying a page did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    pub changes: usize,
    /// Blobs newly queued for download.
    pub new_blobs: usize,
}

impl Store {
    /// Applies every change of `page` and stores its cursor, in one transaction. Re-applying a
    /// page is harmless (upserts keyed by entity; an older change never overwrites a newer one).
    /// A page whose cursor is behind the stored one (a replayed response) is refused with
    /// [`StoreError::CursorBackwards`] and changes nothing.
    pub fn apply_page(&self, page: &ChangesPage) -> Result<Applied, StoreError> {
        self.apply_page_with_unreadable(page, &[])
    }

    /// [`Store::apply_page`] for a page read with [`ChangesPage::from_json_tolerant`]: the
    /// changes this app could not read are counted in the same transaction, so the member is
    /// told to update (module `newer_hub`).
    pub fn apply_page_with_unreadable(
        &self,
        page: &ChangesPage,
        unreadable: &[UnreadableChange],
    ) -> Result<Applied, StoreError> {
        self.write_refetchable(|tx| {
            crate::newer_hub::note_unreadable(tx, unreadable)?;
            apply_page_tx(tx, page)
        })
    }

    /// Where the next page of the feed starts: after the cursor, or during a replay after an
    /// update (module `newer_hub`) after the replay's own position — at first the start of the
    /// cursor's log (`<epoch>.0`), so a hub restored meanwhile is recognised as usual.
    /// `None`: from whatever the hub holds (a copy never synced).
    pub fn next_pull(&self) -> Result<Option<Cursor>, StoreError> {
        self.read(|tx| {
            let cursor = cursor(tx)?;
            Ok(match replay(tx)? {
                Some(at) => at.or(cursor.map(|c| Cursor::start(c.epoch))),
                None => cursor,
            })
        })
    }

    /// Starts a from-scratch sync after a reset (HTTP 410): clears the hub mirror, its search
    /// rows and the cursor, and marks the copy as resyncing until a page with `has_more == false`
    /// arrives. The outbox, private notes, read status and blob cache survive; writes the hub had
    /// not confirmed are sent again (the hub deduplicates by mutation id); applied ones come back
    /// with the resync.
    pub fn reset_for_resync(&self) -> Result<(), StoreError> {
        self.write(reset_mirror)
    }

    /// True while a from-scratch sync (first sign-in or after a reset) has not finished: the UI
    /// must say the copy is incomplete.
    pub fn is_resyncing(&self) -> Result<bool, StoreError> {
        self.read(|tx| {
            Ok(meta_get(tx, "resyncing")?.as_deref() == Some("1") || cursor(tx)?.is_none())
        })
    }
}

/// Clears the mirror, its search rows and the cursor, and marks the copy as resyncing; applied
/// writes are filed in the outbox history (they come back with the resync).
pub(crate) fn reset_mirror(tx: &Transaction<'_>) -> Result<(), StoreError> {
    // Search rows all derive from the mirror; material text stays in `blobs.text` and is
    // indexed again when its document comes back.
    tx.execute_batch(
        "DELETE FROM entities;
         INSERT INTO search (search) VALUES ('delete-all');
         UPDATE outbox SET state = 'pending' WHERE state = 'sent';",
    )?;
    meta_delete(tx, "cursor")?;
    meta_delete(tx, REPLAY)?;
    tx.execute(
        "INSERT OR REPLACE INTO outbox_history
           (client_seq, mutation_id, kind, op, effect, outcome, created_at, settled_at)
         SELECT client_seq, mutation_id, kind, op, effect, state, created_at, updated_at
         FROM outbox WHERE state = 'applied'",
        [],
    )?;
    tx.execute("DELETE FROM outbox WHERE state = 'applied'", [])?;
    meta_set(tx, "resyncing", "1")
}

pub(crate) fn apply_page_tx(
    tx: &Transaction<'_>,
    page: &ChangesPage,
) -> Result<Applied, StoreError> {
    let stored = cursor(tx)?;
    // A replay after an update reads the feed again behind the cursor; the cursor stays, so
    // the outbox keeps measuring against what the copy already shows.
    let replaying = replay(tx)?;
    if let Some(stored) = stored {
        if stored.epoch != page.cursor.epoch {
            return Err(StoreError::EpochMismatch {
                stored: stored.epoch,
                page: page.cursor.epoch,
            });
        }
        let reached = match replaying {
            Some(at) => at,
            None => Some(stored),
        };
        if let Some(reached) = reached.filter(|r| page.cursor < *r) {
            return Err(StoreError::CursorBackwards {
                stored: reached,
                page: page.cursor,
            });
        }
    }
    let mut applied = Applied::default();
    let now = crate::now();
    let mut stmts = Statements::prepare(tx)?;
    for change in &page.changes {
        applied.new_blobs += apply_change(tx, &mut stmts, change, &now)?;
        applied.changes += 1;
    }
    drop(stmts);
    match (replaying, stored) {
        (Some(_), _) if page.has_more => meta_set(tx, REPLAY, &page.cursor.to_string())?,
        (Some(_), Some(stored)) if stored > page.cursor => meta_delete(tx, REPLAY)?,
        (Some(_), _) => {
            meta_delete(tx, REPLAY)?;
            meta_set(tx, "cursor", &page.cursor.to_string())?;
        }
        (None, _) => meta_set(tx, "cursor", &page.cursor.to_string())?,
    }
    crate::outbox::prune_settled(tx)?;
    if !page.has_more {
        meta_delete(tx, "resyncing")?;
    }
    Ok(applied)
}

/// Typed columns of an entity row.
struct Row<'a> {
    kind: &'static str,
    id: String,
    meeting: Option<String>,
    parent: Option<String>,
    date: Option<String>,
    num: Option<i64>,
    sha256: Option<&'a str>,
}

/// Serialises `v` into `buf` (emptied first). One buffer serves a whole page, so a change's
/// JSON costs no allocation of its own.
fn to_json<T: serde::Serialize>(buf: &mut Vec<u8>, v: &T) -> Result<(), StoreError> {
    buf.clear();
    serde_json::to_writer(&mut *buf, v)?;
    Ok(())
}

/// The entity's columns, and its JSON written into `json`.
fn row<'a>(body: &'a Entity, json: &mut Vec<u8>) -> Result<Option<Row<'a>>, StoreError> {
    let kind = body.kind().as_str();
    let mut r = Row {
        kind,
        id: String::new(),
        meeting: None,
        parent: None,
        date: None,
        num: None,
        sha256: None,
    };
    match body {
        Entity::Organisation(o) => {
            r.id = o.code.to_string();
            to_json(json, o)?;
        }
        Entity::Person(p) => {
            r.id = p.id.to_string();
            r.parent = Some(p.org.to_string());
            to_json(json, p)?;
        }
        Entity::Meeting(m) => {
            r.id = m.id.to_string();
            r.meeting = Some(r.id.clone());
            r.date = Some(m.date.to_string());
            to_json(json, m)?;
        }
        Entity::AgendaItem(a) => {
            r.id = a.id.to_string();
            r.meeting = Some(a.meeting.to_string());
            r.num = Some(i64::from(a.number));
            to_json(json, a)?;
        }
        Entity::Document(d) => {
            // One row per document: the newest version wins (see the upsert below).
            r.id = d.id.to_string();
            r.meeting = d.meeting.map(|m| m.to_string());
            // An agenda item's material, or a written procedure's.
            r.parent = d
                .agenda_item
                .map(|a| a.to_string())
                .or_else(|| d.procedure.map(|p| p.to_string()));
            r.date = Some(d.published_on.to_string());
            r.num = Some(i64::from(d.version));
            r.sha256 = Some(d.sha256.as_str());
            to_json(json, d)?;
        }
        Entity::Registration(g) => {
            r.id = g.id.to_string();
            r.meeting = Some(g.meeting.to_string());
            r.parent = Some(g.org.to_string());
            to_json(json, g)?;
        }
        Entity::RegistrationCancelled { .. } | Entity::Withdrawn { .. } => return Ok(None),
        Entity::Committee(c) => {
            r.id = "committee".to_owned();
            to_json(json, c)?;
        }
        Entity::Attendance(a) => {
            r.id = a.meeting.to_string();
            r.meeting = Some(r.id.clone());
            to_json(json, a)?;
        }
        Entity::Minutes(m) => {
            r.id = m.draft.id.to_string();
            r.meeting = Some(m.draft.meeting.to_string());
            to_json(json, m)?;
        }
        Entity::MinutesComment(c) => {
            r.id = c.id.to_string();
            r.parent = Some(c.minutes.to_string());
            r.date = Some(c.written_on.to_string());
            to_json(json, c)?;
        }
        Entity::WrittenProcedure(p) => {
            r.id = p.id.to_string();
            r.date = Some(p.deadline.to_string());
            to_json(json, p)?;
        }
        Entity::PortfolioSystem(s) => {
            r.id = s.code.to_string();
            r.parent = Some(s.owner.to_string());
            to_json(json, s)?;
        }
        Entity::QuarterlyStatus(s) => {
            r.id = format!("{}@{}", s.system, s.quarter);
            r.parent = Some(s.system.to_string());
            r.date = Some(s.quarter.to_string());
            to_json(json, s)?;
        }
        Entity::RoadmapItem(i) => {
            r.id = i.id.to_string();
            r.parent = Some(i.system.to_string());
            r.date = Some(i.window.start.to_string());
            to_json(json, i)?;
        }
        Entity::Reminder(m) => {
            r.id = m.id.to_string();
            r.parent = Some(m.org.to_string());
            r.date = Some(m.sent_on.to_string());
            to_json(json, m)?;
        }
        Entity::Escalation(e) => {
            r.id = e.id.to_string();
            r.parent = e.agenda_item.map(|a| a.to_string());
            to_json(json, e)?;
        }
    }
    Ok(Some(r))
}

/// The statements of [`apply_change`], taken from the cache once per page rather than looked
/// up (SQL text hashed and compared) several times per change.
struct Statements<'c> {
    insert: CachedStatement<'c>,
    stored: CachedStatement<'c>,
    touch: CachedStatement<'c>,
    update: CachedStatement<'c>,
    /// The current change's body as JSON (one buffer for the page, see [`to_json`]).
    json: Vec<u8>,
}

impl<'c> Statements<'c> {
    fn prepare(tx: &'c Connection) -> Result<Self, StoreError> {
        Ok(Statements {
            // A new entity is inserted at once (a first sync is nearly all new ones); only a
            // conflict, an entity already mirrored, reads the stored row.
            insert: tx.prepare_cached(
                "INSERT INTO entities (kind, id, meeting, parent, date, num, sha256, seq, body)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (kind, id) DO NOTHING",
            )?,
            stored: tx.prepare_cached(
                "SELECT rid, seq, num, body FROM entities WHERE kind = ?1 AND id = ?2",
            )?,
            touch: tx.prepare_cached("UPDATE entities SET seq = ?2 WHERE rid = ?1")?,
            update: tx.prepare_cached(
                "UPDATE entities SET meeting = ?2, parent = ?3, date = ?4, num = ?5, sha256 = ?6,
                   seq = ?7, body = ?8
                 WHERE rid = ?1",
            )?,
            json: Vec::with_capacity(4096),
        })
    }
}

/// Applies one change; returns 1 when it queued a new blob.
///
/// A new entity is inserted directly. For one already mirrored the stored row is read (one
/// primary-key lookup), which lets the common cases skip work: an older change (or a lower
/// document version) changes nothing; a change whose body is byte-for-byte the stored one only
/// moves `seq`; a new entity needs no search rows cleared (search rows only ever exist for
/// mirrored entities); an update re-indexes only when the indexed text changed.
/// `now`: the page's timestamp for new blob rows (formatted once per page, not per document).
fn apply_change(
    tx: &Connection,
    stmts: &mut Statements<'_>,
    change: &Change,
    now: &str,
) -> Result<usize, StoreError> {
    let seq = change.seq as i64;
    let removed = match &change.body {
        Entity::RegistrationCancelled { id, .. } => {
            Some((EntityKind::Registration, id.to_string()))
        }
        // Hidden from this reader now (its visibility narrowed): drop it and its search row.
        Entity::Withdrawn { of, id } => Some((*of, id.clone())),
        _ => None,
    };
    if let Some((kind, id)) = removed {
        let rid: Option<i64> = tx
            .prepare_cached("SELECT rid FROM entities WHERE kind = ?1 AND id = ?2 AND seq <= ?3")?
            .query_row(params![kind.as_str(), id, seq], |r| r.get(0))
            .optional()?;
        if let Some(rid) = rid {
            tx.prepare_cached("DELETE FROM entities WHERE rid = ?1")?
                .execute([rid])?;
            tx.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
                .execute([rid])?;
        }
        return Ok(0);
    }
    let Some(r) = row(&change.body, &mut stmts.json)? else {
        return Ok(0);
    };
    // serde_json writes UTF-8 only; checked rather than assumed (no unsafe here).
    let body = std::str::from_utf8(&stmts.json)
        .map_err(|e| StoreError::Corrupt(format!("an entity's JSON is not UTF-8: {e}")))?;
    if stmts.insert.execute(params![
        r.kind, r.id, r.meeting, r.parent, r.date, r.num, r.sha256, seq, body
    ])? == 1
    {
        let rid = tx.last_insert_rowid();
        return match &change.body {
            Entity::Document(d) => {
                let queued = crate::blobs::enqueue(tx, d, now)?;
                if queued == 1 {
                    // Its blob is new, so it has no text yet: the title alone, without a lookup.
                    search::index_document_without_text(tx, rid, d)?;
                } else {
                    search::index_entity(tx, rid, &change.body, false)?;
                }
                Ok(queued)
            }
            _ => {
                search::index_entity(tx, rid, &change.body, false)?;
                Ok(0)
            }
        };
    }
    // Already mirrored (the insert did nothing).
    let (rid, stored_seq, stored_num, stored_body): (i64, i64, Option<i64>, String) =
        stmts.stored.query_row(params![r.kind, r.id], |x| {
            Ok((x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?))
        })?;
    // An older change never overwrites a newer one; for documents a lower version never
    // overwrites a higher one.
    if seq < stored_seq || (r.kind == EntityKind::Document.as_str() && r.num < stored_num) {
        return Ok(0);
    }
    if stored_body == body {
        // Same state again (a replayed page, or a change that touched nothing we keep).
        stmts.touch.execute(params![rid, seq])?;
        if matches!(change.body, Entity::Minutes(_)) {
            // Decision rows also carry agenda item titles, which may have changed meanwhile.
            search::index_entity(tx, rid, &change.body, true)?;
        }
        return Ok(0);
    }
    stmts.update.execute(params![
        rid, r.meeting, r.parent, r.date, r.num, r.sha256, seq, body
    ])?;
    if search::indexed_text_changed(&change.body, &stored_body)? {
        search::index_entity(tx, rid, &change.body, true)?;
    }
    if r.kind == EntityKind::Document.as_str() && r.num > stored_num {
        // A new version is unread again: the member should see what changed.
        tx.prepare_cached("DELETE FROM read_status WHERE document = ?1")?
            .execute([&r.id])?;
    }
    match &change.body {
        Entity::Document(d) => crate::blobs::enqueue(tx, d, now),
        _ => Ok(0),
    }
}
