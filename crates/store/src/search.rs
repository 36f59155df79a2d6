//! Full-text search over agenda items, decisions (minutes), written procedures and material
//! (document titles and the text extracted from their PDFs).
//!
//! One FTS5 table with the `unicode61` tokenizer and `remove_diacritics 0`: case folds ("Møde"
//! = "møde") while æ, ø and å stay letters of their own ("får" never matches "far"). Every word
//! the person types becomes a quoted prefix term (`"møde"*`), so "møde" finds "møder" and
//! "mødet", and no input can inject FTS syntax. Ranking is bm25 with the title weighted 5:1.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use styrebord_core::meeting::Document;
use styrebord_protocol::ChangeBody;

use crate::{Store, StoreError};

/// Marks the start and end of a match in [`SearchHit::snippet`] and [`SearchHit::title`]
/// (control characters, so no text can be mistaken for markup).
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    AgendaItem,
    Decision,
    Procedure,
    Material,
}

impl SearchKind {
    fn as_str(self) -> &'static str {
        match self {
            SearchKind::AgendaItem => "agenda_item",
            SearchKind::Decision => "decision",
            SearchKind::Procedure => "procedure",
            SearchKind::Material => "material",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "agenda_item" => SearchKind::AgendaItem,
            "decision" => SearchKind::Decision,
            "procedure" => SearchKind::Procedure,
            "material" => SearchKind::Material,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The agenda item, minutes, procedure or document id.
    pub id: String,
    /// 1-based page for material, the decision's position for minutes, else 0.
    pub page: u32,
    pub meeting: Option<String>,
    /// The title with matches marked ([`MATCH_START`], [`MATCH_END`]).
    pub title: String,
    /// Up to ~16 words around the best match, marked the same way.
    pub snippet: String,
    /// bm25: lower is better.
    pub rank: f64,
}

/// Turns what a person typed into a safe FTS5 query: every run of letters and digits becomes a
/// quoted prefix term, all terms must match. `None` when nothing searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    let terms: Vec<String> = input
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .take(16)
        .map(|t| format!("\"{t}\"*"))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

impl Store {
    /// Searches everything indexed; best matches first, at most `limit`.
    pub fn search(&self, input: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        let Some(q) = fts_query(input) else {
            return Ok(Vec::new());
        };
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT r.kind, r.ref, r.page, r.meeting,
                    highlight(search, 0, char(2), char(3)),
                    snippet(search, 1, char(2), char(3), '…', 16),
                    bm25(search, 5.0, 1.0) AS rank
             FROM search JOIN search_rows r ON r.rowid = search.rowid
             WHERE search MATCH ?1
             ORDER BY rank LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![q, limit as i64], |r| {
            Ok((
                r.get::<_, String>(0)?,
                SearchHit {
                    kind: SearchKind::Material,
                    id: r.get(1)?,
                    page: r.get::<_, i64>(2)? as u32,
                    meeting: r.get(3)?,
                    title: r.get(4)?,
                    snippet: r.get(5)?,
                    rank: r.get(6)?,
                },
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (kind, mut hit) = row?;
            hit.kind = SearchKind::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("search kind {kind:?}")))?;
            hits.push(hit);
        }
        Ok(hits)
    }
}

fn clear(conn: &Connection, kind: SearchKind, id: &str) -> Result<(), StoreError> {
    conn.prepare_cached(
        "DELETE FROM search WHERE rowid IN (SELECT rowid FROM search_rows WHERE kind = ?1 AND ref = ?2)",
    )?
    .execute([kind.as_str(), id])?;
    conn.prepare_cached("DELETE FROM search_rows WHERE kind = ?1 AND ref = ?2")?
        .execute([kind.as_str(), id])?;
    Ok(())
}

fn insert(
    conn: &Connection,
    kind: SearchKind,
    id: &str,
    page: u32,
    meeting: Option<&str>,
    title: &str,
    body: &str,
) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO search_rows (kind, ref, page, meeting) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![kind.as_str(), id, page, meeting])?;
    let rowid = conn.last_insert_rowid();
    conn.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![rowid, title, body])?;
    Ok(())
}

/// Whether the text `body` indexes differs from what the stored JSON `stored` indexed (for the
/// kinds whose index rows are determined by their own body; minutes also carry agenda item
/// titles, so they always count as changed).
pub(crate) fn indexed_text_changed(body: &ChangeBody, stored: &str) -> Result<bool, StoreError> {
    Ok(match body {
        ChangeBody::AgendaItem(a) => {
            let o: styrebord_core::meeting::AgendaItem = serde_json::from_str(stored)?;
            (o.number, &o.title, &o.description, o.meeting)
                != (a.number, &a.title, &a.description, a.meeting)
        }
        ChangeBody::WrittenProcedure(p) => {
            let o: styrebord_core::procedure::WrittenProcedure = serde_json::from_str(stored)?;
            (&o.title, &o.description) != (&p.title, &p.description)
        }
        ChangeBody::Document(d) => {
            let o: Document = serde_json::from_str(stored)?;
            (&o.title, o.meeting, &o.sha256) != (&d.title, d.meeting, &d.sha256)
        }
        ChangeBody::Minutes(_) => true,
        _ => false,
    })
}

/// Re-indexes what `body` describes (called after its row was written). `existed`: the entity
/// was already mirrored, so its old search rows are removed first (a new entity has none).
pub(crate) fn index_change(
    conn: &Connection,
    body: &ChangeBody,
    existed: bool,
) -> Result<(), StoreError> {
    let clear = |kind: SearchKind, id: &str| -> Result<(), StoreError> {
        if existed {
            clear(conn, kind, id)?;
        }
        Ok(())
    };
    match body {
        ChangeBody::AgendaItem(a) => {
            let id = a.id.to_string();
            clear(SearchKind::AgendaItem, &id)?;
            let title = format!("{}. {}", a.number, a.title);
            let meeting = a.meeting.to_string();
            insert(
                conn,
                SearchKind::AgendaItem,
                &id,
                0,
                Some(&meeting),
                &title,
                &a.description,
            )
        }
        ChangeBody::Minutes(m) => {
            let id = m.draft.id.to_string();
            clear(SearchKind::Decision, &id)?;
            let meeting = m.draft.meeting.to_string();
            for (i, d) in m.draft.decisions.iter().enumerate() {
                let title: Option<String> = conn
                    .prepare_cached("SELECT json_extract(body, '$.title') FROM entities WHERE kind = 'agenda_item' AND id = ?1")?
                    .query_row([d.agenda_item.to_string()], |r| r.get(0))
                    .optional()?
                    .flatten();
                let title = title.unwrap_or_default();
                insert(
                    conn,
                    SearchKind::Decision,
                    &id,
                    i as u32 + 1,
                    Some(&meeting),
                    &title,
                    &d.text,
                )?;
            }
            Ok(())
        }
        ChangeBody::WrittenProcedure(p) => {
            let id = p.id.to_string();
            clear(SearchKind::Procedure, &id)?;
            insert(
                conn,
                SearchKind::Procedure,
                &id,
                0,
                None,
                &p.title,
                &p.description,
            )
        }
        ChangeBody::Document(d) => index_document(conn, d, existed),
        _ => Ok(()),
    }
}

/// Indexes a document: its title, and its text per page once the blob's text is known.
pub(crate) fn index_document(
    conn: &Connection,
    d: &Document,
    existed: bool,
) -> Result<(), StoreError> {
    let id = d.id.to_string();
    if existed {
        clear(conn, SearchKind::Material, &id)?;
    }
    let meeting = d.meeting.map(|m| m.to_string());
    let text: Option<String> = conn
        .prepare_cached("SELECT text FROM blobs WHERE sha256 = ?1")?
        .query_row([d.sha256.as_str()], |r| r.get(0))
        .optional()?
        .flatten();
    let pages: Vec<String> = match text {
        Some(t) => serde_json::from_str(&t)?,
        None => Vec::new(),
    };
    if pages.is_empty() {
        return insert(
            conn,
            SearchKind::Material,
            &id,
            0,
            meeting.as_deref(),
            &d.title,
            "",
        );
    }
    for (i, text) in pages.iter().enumerate() {
        // The title counts once, on the first page.
        let title = if i == 0 { d.title.as_str() } else { "" };
        insert(
            conn,
            SearchKind::Material,
            &id,
            i as u32 + 1,
            meeting.as_deref(),
            title,
            text,
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("møde", Some(r#""møde"*"#))]
    #[case("  Møde   referat ", Some(r#""Møde"* "referat"*"#))]
    #[case(r#"drift" OR x*"#, Some(r#""drift"* "OR"* "x"*"#))]
    #[case("NEAR(a b)", Some(r#""NEAR"* "a"* "b"*"#))]
    #[case("\"*():^-", None)]
    #[case("", None)]
    #[case("æøå", Some(r#""æøå"*"#))]
    fn query_builder(#[case] input: &str, #[case] expected: Option<&str>) {
        assert_eq!(fts_query(input).as_deref(), expected);
    }
}
