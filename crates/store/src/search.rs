//! Full-text search over agenda items, decisions (minutes), written procedures and material
//! (document titles and the text extracted from their PDFs).
//!
//! One contentless FTS5 table with one row per indexed entity (rowid = the entity's `rid`), the
//! `unicode61` tokenizer and `remove_diacritics 0`: case folds ("Møde" = "møde") while æ, ø and å
//! stay letters of their own ("får" never matches "far"). Every word the person types becomes a
//! quoted term, a prefix term from two letters on (`"møde"*`), so "møde" finds "møder" and
//! "mødet", and no input can inject FTS syntax. Ranking is bm25 with the title weighted 5:1,
//! per thing: a document is one row, not one per page, so a word on every page costs one row.
//!
//! A search is two steps: rank (only rowid and bm25, the cheap part), then build the shown hits
//! from the stored texts: title and snippet marked, and for a document or minutes the page or
//! decision the best passage is on (src/snippet.rs).

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use styrebord_core::entity::EntityKind;
use styrebord_core::meeting::{AgendaItem, Document};
use styrebord_core::procedure::WrittenProcedure;
use styrebord_protocol::{Entity, Minutes};

use crate::snippet::{best_passage, highlight, mentions, Terms, MAX_EXPANSIONS};
use crate::{Store, StoreError};

/// Marks the start and end of a match in [`SearchHit::snippet`] and [`SearchHit::title`]
/// (control characters, so no text can be mistaken for markup).
pub const MATCH_START: char = '\u{2}';
pub const MATCH_END: char = '\u{3}';

/// Separates the pages of a document (and the decisions of minutes) in the indexed text; not a
/// word character, so it never joins two words.
const PAGE_BREAK: char = '\u{c}';

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    AgendaItem,
    Decision,
    Procedure,
    Material,
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
    /// The meeting's date ("YYYY-MM-DD"), so a hit can say which meeting it belongs to.
    pub meeting_date: Option<String>,
    /// The title with matches marked ([`MATCH_START`], [`MATCH_END`]).
    pub title: String,
    /// Up to ~16 words around the best match, marked the same way.
    pub snippet: String,
    /// bm25: lower is better.
    pub rank: f64,
}

/// Turns what a person typed into a safe FTS5 query (see [`Terms`]); `None` when nothing
/// searchable is left.
pub fn fts_query(input: &str) -> Option<String> {
    Terms::parse(input).fts_query()
}

/// At most this many matches are ranked: the newest ones (highest rowid, i.e. mirrored last).
/// A store of a normal size never has this many matches for a query, so its ranking is exact;
/// at ten thousand documents a word like "møde" matches nearly all of them, and ranking every
/// one costs more than a keystroke should (docs/STORE-DECISIONS.md has the figures).
pub const RANKED_MATCHES: u32 = 2_000;

/// A search's hits, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    /// More than [`RANKED_MATCHES`] things matched: the hits are the best of the newest
    /// `RANKED_MATCHES` of them (the UI says so and suggests another word).
    pub newest_only: Option<u32>,
}

impl Store {
    /// Searches everything indexed; best matches first, at most `limit`.
    pub fn search(&self, input: &str, limit: usize) -> Result<SearchResults, StoreError> {
        let terms = Terms::parse(input);
        if terms.is_empty() {
            return Ok(SearchResults {
                hits: Vec::new(),
                newest_only: None,
            });
        }
        self.read(|tx| {
            // In the same transaction as the match, so the words a prefix stands for are
            // exactly those of the index it runs on.
            let q = terms
                .fts_query_expanded(|prefix| indexed_words_starting_with(tx, prefix))?
                .unwrap_or_default();
            // One pass over the matches, newest first, ranking only the first RANKED_MATCHES
            // (+1 to know whether there were more): bm25 is computed per returned row, so the
            // LIMIT bounds the ranking work. (A separate query for the bound, then one ranking
            // above it, read the index twice; for a prefix like "drift" that is two merges of
            // every matching word's list.) The top `limit` are picked here: 2,000 floats.
            let mut ranked: Vec<(i64, f64)> = tx
                .prepare_cached(
                    "SELECT rowid, bm25(search, 5.0, 1.0) FROM search WHERE search MATCH ?1
                     ORDER BY rowid DESC LIMIT ?2",
                )?
                .query_map(params![q, RANKED_MATCHES + 1], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?
                .collect::<Result<_, _>>()?;
            let newest_only = ranked.len() > RANKED_MATCHES as usize;
            ranked.truncate(RANKED_MATCHES as usize);
            // Stable: equal ranks stay newest first.
            ranked.sort_by(|a, b| a.1.total_cmp(&b.1));
            ranked.truncate(limit);
            let mut hits = Vec::with_capacity(ranked.len());
            for (rid, rank) in ranked {
                hits.extend(hit(tx, &terms, rid, rank)?);
            }
            Ok(SearchResults {
                hits,
                newest_only: newest_only.then_some(RANKED_MATCHES),
            })
        })
    }
}

/// The indexed words that start with `prefix` (case-folded), if there are at most
/// [`MAX_EXPANSIONS`]; `None` when there are more.
///
/// `search_terms` is an `fts5vocab` table over the index (made per connection in `db::open`).
/// It counts each word's rows as it lists them, so a lookup reads the position lists of the
/// words it returns, in place: cheaper than the copy a prefix term costs, by 2–5× on the
/// benchmark's frequent words.
fn indexed_words_starting_with(
    conn: &Connection,
    prefix: &str,
) -> Result<Option<Vec<String>>, StoreError> {
    // Every word starting with `prefix` sorts below `prefix` + the highest code point.
    let below = format!("{prefix}\u{10ffff}");
    let words: Vec<String> = conn
        .prepare_cached(
            "SELECT term FROM temp.search_terms WHERE term >= ?1 AND term < ?2 LIMIT ?3",
        )?
        .query_map(params![prefix, below, MAX_EXPANSIONS + 1], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok((words.len() <= MAX_EXPANSIONS).then_some(words))
}

/// Pages of index one [`Store::tidy_search`] step merges at most (≈2 MB of writes, tens of ms).
const TIDY_PAGES: i64 = 500;

impl Store {
    /// One bounded step of merging the search index's segments; `true` while there was work.
    ///
    /// Every transaction that indexes something adds a small segment, and a query reads every
    /// segment: after a first sync of thousands of documents, frequent words cost twice what
    /// they cost on a merged index. The sync engine calls this after a round that indexed
    /// something, until it returns `false` (a negative 'merge' merges any level with two or
    /// more segments, i.e. works towards one segment, in steps that keep the store responsive).
    pub fn tidy_search(&self) -> Result<bool, StoreError> {
        self.write_refetchable(|tx| {
            let before = tx.total_changes();
            tx.execute(
                "INSERT INTO search (search, rank) VALUES ('merge', ?1)",
                [-TIDY_PAGES],
            )?;
            // The command itself counts as one change; anything beyond it is merge work.
            Ok(tx.total_changes() - before > 1)
        })
    }
}

/// The shown hit for the entity `rid`; `None` if it is not (or no longer) an indexed entity.
fn hit(
    conn: &Connection,
    terms: &Terms,
    rid: i64,
    rank: f64,
) -> Result<Option<SearchHit>, StoreError> {
    let row: Option<(String, String, Option<String>, String)> = conn
        .prepare_cached("SELECT kind, id, meeting, body FROM entities WHERE rid = ?1")?
        .query_row([rid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let Some((kind, id, meeting, body)) = row else {
        return Ok(None);
    };
    let Some(body) = indexed_body(&kind, &body)? else {
        return Ok(None);
    };
    let Some(text) = indexed_text(conn, &body)? else {
        return Ok(None);
    };
    let best = best_passage(&text.pages, terms);
    let snippet_of =
        |p: Option<&crate::snippet::Passage>| p.map(|p| p.snippet.clone()).unwrap_or_default();
    let (kind, page, title, snippet) = match &body {
        Entity::AgendaItem(_) => (
            SearchKind::AgendaItem,
            0,
            &text.titles[0],
            snippet_of(best.as_ref()),
        ),
        Entity::WrittenProcedure(_) => (
            SearchKind::Procedure,
            0,
            &text.titles[0],
            snippet_of(best.as_ref()),
        ),
        // The page of the best passage (0 while the document's text is not known).
        Entity::Document(_) => (
            SearchKind::Material,
            best.as_ref().map_or(0, |p| p.page + 1),
            &text.titles[0],
            snippet_of(best.as_ref()),
        ),
        // Minutes: the decision with the best passage; when only an agenda item title matched,
        // the first decision under a matching title.
        _ => {
            let i = match &best {
                Some(p) if p.score.0 > 0 => p.page,
                _ => (0..text.titles.len())
                    .find(|&i| mentions(&text.titles[i], terms))
                    .unwrap_or(0),
            };
            let Some(title) = text.titles.get(i) else {
                return Ok(None);
            };
            let passage = best_passage(&text.pages[i..=i], terms);
            (
                SearchKind::Decision,
                i + 1,
                title,
                snippet_of(passage.as_ref()),
            )
        }
    };
    let meeting_date = match &meeting {
        Some(m) => conn
            .prepare_cached(
                "SELECT json_extract(body, '$.date') FROM entities WHERE kind = ?1 AND id = ?2",
            )?
            .query_row([EntityKind::Meeting.as_str(), m.as_str()], |r| {
                r.get::<_, Option<String>>(0)
            })
            .optional()?
            .flatten(),
        None => None,
    };
    Ok(Some(SearchHit {
        kind,
        id,
        page: page as u32,
        meeting_date,
        meeting,
        title: highlight(title, terms),
        snippet,
        rank,
    }))
}

/// What an entity's search row indexes: its title(s) and its text, page by page (a document's
/// pages, a minutes' decisions with their agenda item titles, else one page).
struct IndexedText {
    titles: Vec<String>,
    pages: Vec<String>,
}

/// The typed body of a stored entity of an indexed kind; `None` for every other kind.
fn indexed_body(kind: &str, json: &str) -> Result<Option<Entity>, StoreError> {
    Ok(Some(match kind.parse::<EntityKind>() {
        Ok(EntityKind::AgendaItem) => Entity::AgendaItem(serde_json::from_str::<AgendaItem>(json)?),
        Ok(EntityKind::WrittenProcedure) => {
            Entity::WrittenProcedure(serde_json::from_str::<WrittenProcedure>(json)?)
        }
        Ok(EntityKind::Document) => Entity::Document(serde_json::from_str::<Document>(json)?),
        Ok(EntityKind::Minutes) => Entity::Minutes(serde_json::from_str::<Minutes>(json)?),
        _ => return Ok(None),
    }))
}

/// The kinds that have a search row.
const INDEXED: [EntityKind; 4] = [
    EntityKind::AgendaItem,
    EntityKind::WrittenProcedure,
    EntityKind::Document,
    EntityKind::Minutes,
];

fn indexed_text(conn: &Connection, body: &Entity) -> Result<Option<IndexedText>, StoreError> {
    Ok(Some(match body {
        Entity::AgendaItem(a) => IndexedText {
            titles: vec![format!("{}. {}", a.number, a.title)],
            pages: vec![a.description.clone()],
        },
        Entity::WrittenProcedure(p) => IndexedText {
            titles: vec![p.title.clone()],
            pages: vec![p.description.clone()],
        },
        Entity::Document(d) => {
            let text: Option<String> = conn
                .prepare_cached("SELECT text FROM blobs WHERE sha256 = ?1")?
                .query_row([d.sha256.as_str()], |r| r.get(0))
                .optional()?
                .flatten();
            IndexedText {
                titles: vec![d.title.clone()],
                pages: match text {
                    Some(t) => serde_json::from_str(&t)?,
                    None => Vec::new(),
                },
            }
        }
        Entity::Minutes(m) => {
            let mut titles = Vec::with_capacity(m.draft.decisions.len());
            for d in &m.draft.decisions {
                let title: Option<String> = conn
                    .prepare_cached("SELECT json_extract(body, '$.title') FROM entities WHERE kind = ?1 AND id = ?2")?
                    .query_row(
                        [EntityKind::AgendaItem.as_str(), &d.agenda_item.to_string()],
                        |r| r.get(0),
                    )
                    .optional()?
                    .flatten();
                titles.push(title.unwrap_or_default());
            }
            IndexedText {
                titles,
                pages: m.draft.decisions.iter().map(|d| d.text.clone()).collect(),
            }
        }
        _ => return Ok(None),
    }))
}

/// Whether the text `body` indexes differs from what the stored JSON `stored` indexed (for the
/// kinds whose index row is determined by their own body; minutes also carry agenda item
/// titles, so they always count as changed).
pub(crate) fn indexed_text_changed(body: &Entity, stored: &str) -> Result<bool, StoreError> {
    Ok(match body {
        Entity::AgendaItem(a) => {
            let o: AgendaItem = serde_json::from_str(stored)?;
            (o.number, &o.title, &o.description) != (a.number, &a.title, &a.description)
        }
        Entity::WrittenProcedure(p) => {
            let o: WrittenProcedure = serde_json::from_str(stored)?;
            (&o.title, &o.description) != (&p.title, &p.description)
        }
        Entity::Document(d) => {
            let o: Document = serde_json::from_str(stored)?;
            (&o.title, &o.sha256) != (&d.title, &d.sha256)
        }
        Entity::Minutes(_) => true,
        _ => false,
    })
}

/// (Re-)indexes the entity `rid` whose body is `body` (called after its row was written).
/// `existed`: the entity was already mirrored, so its old search row is removed first (a new
/// entity has none: search rows exist only for mirrored entities, and go with them).
pub(crate) fn index_entity(
    conn: &Connection,
    rid: i64,
    body: &Entity,
    existed: bool,
) -> Result<(), StoreError> {
    let Some(text) = indexed_text(conn, body)? else {
        return Ok(());
    };
    if existed {
        conn.prepare_cached("DELETE FROM search WHERE rowid = ?1")?
            .execute([rid])?;
    }
    conn.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![rid, joined(&text.titles), joined(&text.pages)])?;
    Ok(())
}

/// Indexes a newly mirrored document whose blob was queued in the same transaction, so has no
/// text yet: what [`index_entity`] writes for it (the title, an empty body), without looking
/// the text up. Applying a first sync does this for every document.
pub(crate) fn index_document_without_text(
    conn: &Connection,
    rid: i64,
    d: &Document,
) -> Result<(), StoreError> {
    conn.prepare_cached("INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)")?
        .execute(params![rid, d.title, ""])?;
    Ok(())
}

/// Pages (or titles) as one indexed text, separated by [`PAGE_BREAK`]; a single one as it is.
fn joined(parts: &[String]) -> std::borrow::Cow<'_, str> {
    match parts {
        [one] => std::borrow::Cow::Borrowed(one),
        _ => std::borrow::Cow::Owned(parts.join(PAGE_BREAK.encode_utf8(&mut [0; 4]))),
    }
}

/// Re-indexes the documents whose blob is `sha256` (its text just became known).
pub(crate) fn reindex_blob(conn: &Connection, sha256: &str) -> Result<(), StoreError> {
    let docs: Vec<(i64, String)> = conn
        .prepare_cached("SELECT rid, body FROM entities WHERE kind = ?1 AND sha256 = ?2")?
        .query_map([EntityKind::Document.as_str(), sha256], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    for (rid, json) in docs {
        let d: Document = serde_json::from_str(&json)?;
        index_entity(conn, rid, &Entity::Document(d), true)?;
    }
    Ok(())
}

/// Empties the search index (with the mirror it derives from).
pub(crate) fn clear_all(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("INSERT INTO search (search) VALUES ('delete-all')")?;
    Ok(())
}

/// Rebuilds the whole index from the mirror, with the current code (after a migration that
/// changed what is indexed; the migration leaves the `search_reindex` mark).
pub(crate) fn reindex_all(conn: &Connection) -> Result<(), StoreError> {
    clear_all(conn)?;
    let rows: Vec<(i64, String, String)> = conn
        .prepare("SELECT rid, kind, body FROM entities WHERE kind IN (?1, ?2, ?3, ?4)")?
        .query_map(INDEXED.map(EntityKind::as_str), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<Result<_, _>>()?;
    for (rid, kind, json) in rows {
        if let Some(body) = indexed_body(&kind, &json)? {
            index_entity(conn, rid, &body, false)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_gives_the_indexed_words_of_a_prefix_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("s.sqlite3")).unwrap();
        conn.execute_batch(
            "INSERT INTO search (rowid, title, body) VALUES
               (1, 'Driftsstatus', 'drift og DRIFTSPLAN'),
               (2, 'Møde', 'mødet møderne driftsøkonomi'),
               (3, 'Drev', 'dri drif')",
        )
        .unwrap();
        let words = |p: &str| indexed_words_starting_with(&conn, p).unwrap();
        let owned = |w: &[&str]| Some(w.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        // Case-folded, æøå as letters, in the index's order (bytes of UTF-8).
        assert_eq!(
            words("drifts"),
            owned(&["driftsplan", "driftsstatus", "driftsøkonomi"])
        );
        assert_eq!(words("møde"), owned(&["møde", "møderne", "mødet"]));
        assert_eq!(words("driftsø"), owned(&["driftsøkonomi"]));
        assert_eq!(words("zzz"), owned(&[]));
        // "dri" stands for six words: more than MAX_EXPANSIONS, so it stays a prefix.
        assert_eq!(words("dri"), None);
        assert_eq!(MAX_EXPANSIONS, 4);
        // After a delete the word is gone from what a prefix stands for.
        conn.execute("DELETE FROM search WHERE rowid = 2", [])
            .unwrap();
        assert_eq!(words("møde"), owned(&[]));
    }
}
