//! What never leaves the device: private notes per document (and page) and read status. Sync
//! never touches these tables; only [`Store::wipe`] deletes them.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use styrebord_core::DocumentId;

use crate::{now, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Note {
    pub id: String,
    pub document: DocumentId,
    /// 1-based page, or `None` for a note on the whole document.
    pub page: Option<u32>,
    pub text: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadStatus {
    pub document: DocumentId,
    pub read_at: String,
    pub last_page: Option<u32>,
}

impl Store {
    /// Adds a private note; returns it.
    pub fn add_note(
        &self,
        document: DocumentId,
        page: Option<u32>,
        text: &str,
    ) -> Result<Note, StoreError> {
        let at = now();
        let note = Note {
            id: uuid::Uuid::now_v7().to_string(),
            document,
            page,
            text: text.to_owned(),
            created_at: at.clone(),
            updated_at: at,
        };
        self.conn().execute(
            "INSERT INTO notes (id, document, page, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![note.id, document.to_string(), page, note.text, note.created_at, note.updated_at],
        )?;
        Ok(note)
    }

    /// Changes a note's text; `false` if there is no such note.
    pub fn update_note(&self, id: &str, text: &str) -> Result<bool, StoreError> {
        let n = self.conn().execute(
            "UPDATE notes SET text = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, text, now()],
        )?;
        Ok(n > 0)
    }

    pub fn delete_note(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .execute("DELETE FROM notes WHERE id = ?1", [id])?
            > 0)
    }

    /// The notes on a document, by page (whole-document notes first), oldest first.
    pub fn notes(&self, document: DocumentId) -> Result<Vec<Note>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id, page, text, created_at, updated_at FROM notes WHERE document = ?1
             ORDER BY page IS NOT NULL, page, created_at",
        )?;
        let rows = stmt.query_map([document.to_string()], |r| {
            Ok(Note {
                id: r.get(0)?,
                document,
                page: r.get(1)?,
                text: r.get(2)?,
                created_at: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Marks a document read (and where the reader was).
    pub fn mark_read(
        &self,
        document: DocumentId,
        last_page: Option<u32>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO read_status (document, read_at, last_page) VALUES (?1, ?2, ?3)
             ON CONFLICT (document) DO UPDATE SET read_at = excluded.read_at,
               last_page = COALESCE(excluded.last_page, read_status.last_page)",
            params![document.to_string(), now(), last_page],
        )?;
        Ok(())
    }

    pub fn mark_unread(&self, document: DocumentId) -> Result<(), StoreError> {
        self.conn().execute(
            "DELETE FROM read_status WHERE document = ?1",
            [document.to_string()],
        )?;
        Ok(())
    }

    pub fn read_status(&self, document: DocumentId) -> Result<Option<ReadStatus>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT read_at, last_page FROM read_status WHERE document = ?1",
                [document.to_string()],
                |r| {
                    Ok(ReadStatus {
                        document,
                        read_at: r.get(0)?,
                        last_page: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }
}
