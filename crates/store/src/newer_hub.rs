//! A hub newer than this app: changes it cannot read, and reading the feed again after an
//! update.
//!
//! A page may hold changes of a kind or shape this version does not know (the hub was updated
//! first). The rest of the page is applied and the cursor moves on, so the member keeps getting
//! everything this version can show; the set-aside changes are counted here and the member is
//! told to update. After an update (the app's version differs from the one that applied the
//! feed) the app reads the whole feed once more over its copy, without clearing it: what the
//! old version set aside, and fields it dropped from kinds it knew, arrive then, while the copy
//! stays whole and readable offline. Re-applying a change is harmless (apply.rs), so an
//! interrupted replay just goes on in the next round.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use styrebord_protocol::{Cursor, ErrorBody, UnreadableChange};

use crate::{cursor, meta_delete, meta_get, meta_set, Store, StoreError};

/// The version of the app that applied the feed.
const FEED_VERSION: &str = "feed_version";
/// [`Unreadable`], while some changes were set aside.
const UNREADABLE: &str = "unreadable";
/// While the feed is read again: where the replay has got to ("" before its first page).
pub(crate) const REPLAY: &str = "replay";

/// What was set aside, across pages and rounds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Unreadable {
    count: u64,
    /// The first few kinds, for the notice and the log.
    kinds: Vec<String>,
}

/// At most this many kinds are named in the notice.
const KINDS_NAMED: usize = 3;

impl Store {
    /// Before a sync round: when `version` is not the version that applied the feed (the app
    /// was updated), starts reading the feed again from its beginning over the copy, and
    /// forgets what the old version could not read. True when a replay was started.
    pub fn replay_if_updated(&self, version: &str) -> Result<bool, StoreError> {
        // Every round asks; only the first after an update writes.
        if self.read(|tx| meta_get(tx, FEED_VERSION))?.as_deref() == Some(version) {
            return Ok(false);
        }
        self.write(|tx| {
            let applied_by = meta_get(tx, FEED_VERSION)?;
            meta_set(tx, FEED_VERSION, version)?;
            match applied_by {
                // A copy from before versions were recorded, or a new one: nothing to catch up.
                None => Ok(false),
                Some(v) if v == version => Ok(false),
                Some(_) => {
                    meta_delete(tx, UNREADABLE)?;
                    if cursor(tx)?.is_none() {
                        return Ok(false); // not synced yet: the first sync reads it all anyway
                    }
                    meta_set(tx, REPLAY, "")?;
                    Ok(true)
                }
            }
        })
    }

    /// True while the feed is being read again after an update.
    pub fn is_replaying(&self) -> Result<bool, StoreError> {
        self.read(|tx| Ok(replay(tx)?.is_some()))
    }
}

/// The replay under way, if any, with where it has got to (`None` before its first page).
pub(crate) fn replay(conn: &Connection) -> Result<Option<Option<Cursor>>, StoreError> {
    meta_get(conn, REPLAY)?
        .map(|at| match at.as_str() {
            "" => Ok(None),
            at => at
                .parse()
                .map(Some)
                .map_err(|e: styrebord_protocol::CursorError| StoreError::Corrupt(e.to_string())),
        })
        .transpose()
}

/// Counts the changes of a page that were set aside (in the page's transaction).
pub(crate) fn note_unreadable(
    conn: &Connection,
    unreadable: &[UnreadableChange],
) -> Result<(), StoreError> {
    if unreadable.is_empty() {
        return Ok(());
    }
    let mut note: Unreadable = match meta_get(conn, UNREADABLE)? {
        Some(json) => serde_json::from_str(&json)?,
        None => Unreadable::default(),
    };
    note.count += unreadable.len() as u64;
    for u in unreadable {
        if note.kinds.len() < KINDS_NAMED && !u.kind.is_empty() && !note.kinds.contains(&u.kind) {
            note.kinds.push(u.kind.clone());
        }
    }
    meta_set(conn, UNREADABLE, &serde_json::to_string(&note)?)
}

/// What the member is told while changes were set aside: that the app should be updated.
pub(crate) fn app_outdated_notice(conn: &Connection) -> Result<Option<ErrorBody>, StoreError> {
    let Some(json) = meta_get(conn, UNREADABLE)? else {
        return Ok(None);
    };
    let note: Unreadable = serde_json::from_str(&json)?;
    let n = note.count;
    let (da_kinds, en_kinds) = if note.kinds.is_empty() {
        (String::new(), String::new())
    } else {
        let kinds = note.kinds.join(", ");
        (
            format!(" (teknisk navn: {kinds})"),
            format!(" (technical name: {kinds})"),
        )
    };
    let (da_what, en_what) = if n == 1 {
        ("1 oplysning".to_owned(), "1 item".to_owned())
    } else {
        (format!("{n} oplysninger"), format!("{n} items"))
    };
    Ok(Some(ErrorBody::new(
        "app_outdated",
        format!(
            "Hubben har sendt {da_what}, som denne version af Styrebord ikke kan vise{da_kinds}. \
             Resten af din kopi er opdateret. Opdatér Styrebord, når en ny version er klar \
             (Indstillinger, Opdateringer); derefter henter appen dem."
        ),
        format!(
            "The hub sent {en_what} this version of Styrebord cannot show{en_kinds}. The rest \
             of your copy is up to date. Update Styrebord when a new version is ready \
             (Settings, Updates); the app fetches them after that."
        ),
    )))
}
