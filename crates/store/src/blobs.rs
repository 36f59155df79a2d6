//! The blob cache index: one row per document blob, with a state the member can see.
//!
//! `queued → downloading → available`, or `→ failed` (hash mismatch, HTTP error) with a time after
//! which it is tried again. Only the sync engine moves a blob to `available`, and only after the
//! verified file has been renamed into place.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use styrebord_core::entity::EntityKind;
use styrebord_core::meeting::Document;

use crate::{now, search, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum BlobState {
    Queued,
    Downloading,
    Available,
    Failed,
}

impl BlobState {
    pub fn as_str(self) -> &'static str {
        match self {
            BlobState::Queued => "queued",
            BlobState::Downloading => "downloading",
            BlobState::Available => "available",
            BlobState::Failed => "failed",
        }
    }

    pub(crate) fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "queued" => BlobState::Queued,
            "downloading" => BlobState::Downloading,
            "available" => BlobState::Available,
            "failed" => BlobState::Failed,
            _ => return Err(StoreError::Corrupt(format!("blob state {s:?}"))),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    pub sha256: String,
    pub size: u64,
    pub mime: String,
    pub state: BlobState,
    pub bytes_done: u64,
    pub attempts: u32,
    pub last_error: Option<String>,
    /// A document title that uses the blob (for "downloading …" in the progress bar).
    pub title: Option<String>,
}

/// How many blobs are in each state, and their bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct BlobCounts {
    pub queued: u64,
    pub downloading: u64,
    pub available: u64,
    pub failed: u64,
    pub bytes_total: u64,
    pub bytes_available: u64,
}

/// Queues the document's blob if it is new; returns 1 if it was.
pub(crate) fn enqueue(conn: &Connection, d: &Document, now: &str) -> Result<usize, StoreError> {
    let n = conn
        .prepare_cached(
            "INSERT INTO blobs (sha256, size, mime, state, updated_at) VALUES (?1, ?2, ?3, 'queued', ?4)
             ON CONFLICT (sha256) DO NOTHING",
        )?
        .execute(params![d.sha256.as_str(), d.size_bytes as i64, d.mime, now])?;
    Ok(n)
}

/// The kinds the blob queries join on, named by [`EntityKind`] (the SQL text is built from them).
const DOCUMENT: &str = EntityKind::Document.as_str();
const MEETING: &str = EntityKind::Meeting.as_str();

fn entry_columns() -> String {
    format!(
        "b.sha256, b.size, b.mime, b.state, b.bytes_done, b.attempts, b.last_error,
         (SELECT json_extract(e.body, '$.title') FROM entities e WHERE e.kind = '{DOCUMENT}' AND e.sha256 = b.sha256 LIMIT 1)"
    )
}

fn entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<(BlobEntry, String)> {
    Ok((
        BlobEntry {
            sha256: r.get(0)?,
            size: r.get::<_, i64>(1)? as u64,
            mime: r.get(2)?,
            state: BlobState::Queued,
            bytes_done: r.get::<_, i64>(4)? as u64,
            attempts: r.get::<_, i64>(5)? as u32,
            last_error: r.get(6)?,
            title: r.get(7)?,
        },
        r.get(3)?,
    ))
}

fn entries(
    rows: impl Iterator<Item = rusqlite::Result<(BlobEntry, String)>>,
) -> Result<Vec<BlobEntry>, StoreError> {
    let mut out = Vec::new();
    for row in rows {
        let (mut e, state) = row?;
        e.state = BlobState::parse(&state)?;
        out.push(e);
    }
    Ok(out)
}

impl Store {
    /// The blobs to fetch now, most urgent first: material of upcoming meetings (soonest
    /// first), then everything else (newest first). Failed blobs come back once `now` is past
    /// their retry time; interrupted downloads resume.
    pub fn blobs_to_fetch(
        &self,
        today: NaiveDate,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<BlobEntry>, StoreError> {
        let conn = self.conn();
        let sql = format!(
            "SELECT {},
                (SELECT MIN(m.date) FROM entities d JOIN entities m ON m.kind = '{MEETING}' AND m.id = d.meeting
                  WHERE d.kind = '{DOCUMENT}' AND d.sha256 = b.sha256 AND m.date >= ?1) AS upcoming,
                (SELECT MAX(d.date) FROM entities d WHERE d.kind = '{DOCUMENT}' AND d.sha256 = b.sha256) AS published
             FROM blobs b
             WHERE b.state IN ('queued', 'downloading')
                OR (b.state = 'failed' AND (b.retry_after IS NULL OR b.retry_after <= ?2))
             ORDER BY upcoming IS NULL, upcoming, published DESC, b.sha256
             LIMIT ?3",
            entry_columns()
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(
            params![
                today.to_string(),
                now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                limit as i64
            ],
            entry,
        )?;
        entries(rows)
    }

    pub fn blob(&self, sha256: &str) -> Result<Option<BlobEntry>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM blobs b WHERE b.sha256 = ?1",
            entry_columns()
        ))?;
        let row = stmt.query_row([sha256], entry).optional()?;
        Ok(entries(row.into_iter().map(Ok))?.pop())
    }

    /// Every blob, for the settings/sync view.
    pub fn blobs(&self) -> Result<Vec<BlobEntry>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {} FROM blobs b ORDER BY b.sha256",
            entry_columns()
        ))?;
        let rows = stmt.query_map([], entry)?;
        entries(rows)
    }

    pub fn blob_counts(&self) -> Result<BlobCounts, StoreError> {
        let conn = self.conn();
        let mut c = BlobCounts::default();
        let mut stmt =
            conn.prepare_cached("SELECT state, COUNT(*), SUM(size) FROM blobs GROUP BY state")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        })?;
        for row in rows {
            let (state, n, bytes) = row?;
            c.bytes_total += bytes;
            match BlobState::parse(&state)? {
                BlobState::Queued => c.queued = n,
                BlobState::Downloading => c.downloading = n,
                BlobState::Available => {
                    c.available = n;
                    c.bytes_available = bytes;
                }
                BlobState::Failed => c.failed = n,
            }
        }
        Ok(c)
    }

    /// A download started or progressed (`bytes_done` already on disk in the partial file).
    ///
    /// Committed without waiting for the disk ([`Store::write_refetchable`]): after a power cut
    /// the download resumes from the partial file's own length, whatever this row says.
    pub fn blob_downloading(&self, sha256: &str, bytes_done: u64) -> Result<(), StoreError> {
        self.write_refetchable(|tx| {
            tx.prepare_cached(
                "UPDATE blobs SET state = 'downloading', bytes_done = ?2, updated_at = ?3
                 WHERE sha256 = ?1 AND state <> 'available'",
            )?
            .execute(params![sha256, bytes_done as i64, now()])?;
            Ok(())
        })
    }

    /// The verified file is in place: the blob is available. `text` is the PDF's text per page
    /// (when it could be extracted), indexed for search for every document using the blob.
    ///
    /// Committed without waiting for the disk ([`Store::write_refetchable`]): the file, verified
    /// and renamed into place, is the truth, and every read checks its hash again (the sync
    /// engine's `read_blob`), so a file a power cut tore is queued again, never shown. If a power
    /// cut loses this commit, the next round finds the file in place, checks it and marks it
    /// available again, and text not stored is extracted again.
    pub fn blob_available(&self, sha256: &str, text: Option<&[String]>) -> Result<(), StoreError> {
        self.write_refetchable(|tx| {
            let text = text.map(serde_json::to_string).transpose()?;
            tx.prepare_cached(
                "UPDATE blobs SET state = 'available', bytes_done = size, last_error = NULL,
                   retry_after = NULL, text = ?2, updated_at = ?3 WHERE sha256 = ?1",
            )?
            .execute(params![sha256, text, now()])?;
            if text.is_some() {
                search::reindex_blob(tx, sha256)?;
            }
            Ok(())
        })
    }

    /// A file this device uploaded and the hub confirmed stored: it is on this disk already (the
    /// caller put it in the blob folder), so it is available to read offline, and the desk may
    /// publish it (core asks whether the hub has the file).
    pub fn blob_uploaded(&self, sha256: &str, size: u64, mime: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO blobs (sha256, size, mime, state, bytes_done, updated_at)
             VALUES (?1, ?2, ?3, 'available', ?2, ?4)
             ON CONFLICT (sha256) DO UPDATE SET state = 'available', bytes_done = excluded.size,
               last_error = NULL, retry_after = NULL, updated_at = excluded.updated_at",
            params![sha256, size as i64, mime, now()],
        )?;
        Ok(())
    }

    /// Available PDFs whose text is not here yet (for search), of a document this copy has
    /// from the hub: the desk's upload not yet published is not asked about (the hub shows the
    /// text of a document's file, not of a file alone).
    pub fn blobs_to_index(&self, limit: usize) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT sha256 FROM blobs WHERE state = 'available' AND text IS NULL AND mime = 'application/pdf'
               AND EXISTS (SELECT 1 FROM entities WHERE entities.sha256 = blobs.sha256)
             ORDER BY sha256 LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a blob's text per page (empty when none could be extracted) and indexes it for
    /// every document using the blob.
    pub fn set_blob_text(&self, sha256: &str, pages: &[String]) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.prepare_cached("UPDATE blobs SET text = ?2 WHERE sha256 = ?1")?
                .execute(params![sha256, serde_json::to_string(pages)?])?;
            search::reindex_blob(tx, sha256)
        })
    }

    /// The download failed (`error` says why); it is tried again after `retry_after`. A failed
    /// blob is never shown as available.
    pub fn blob_failed(
        &self,
        sha256: &str,
        error: &str,
        retry_after: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached(
                "UPDATE blobs SET state = 'failed', attempts = attempts + 1, last_error = ?2,
                   retry_after = ?3, bytes_done = 0, updated_at = ?4
                 WHERE sha256 = ?1 AND state <> 'available'",
            )?
            .execute(params![
                sha256,
                error,
                retry_after.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                now()
            ])?;
        Ok(())
    }

    /// The file of an available blob went missing (deleted by hand, disk cleaned): queue it again.
    pub fn blob_missing(&self, sha256: &str) -> Result<(), StoreError> {
        self.conn()
            .prepare_cached("UPDATE blobs SET state = 'queued', bytes_done = 0, updated_at = ?2 WHERE sha256 = ?1")?
            .execute(params![sha256, now()])?;
        Ok(())
    }
}
