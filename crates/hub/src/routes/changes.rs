//! `GET /v1/changes?since=<cursor>&limit=<n>`: the change log, filtered for the person.
//! A cursor at the head (the steady state of every app) is answered from memory, without SQLite.

use std::future::Future;
use std::pin::Pin;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use futures_util::future::{ready, Either, Ready};
use serde::Deserialize;
use styrebord_protocol::{ChangesPage, Cursor, DEFAULT_LIMIT, MAX_LIMIT};

use crate::auth::Authed;
use crate::error::ApiError;
use crate::fresh::LogState;
use crate::routes::{ApiQuery, AppState};
use crate::store::{self, Viewer};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangesQuery {
    since: Option<String>,
    limit: Option<String>,
    /// Seconds to hold the request open when nothing is new (a long poll), at most
    /// [`MAX_WAIT_SECONDS`]; answered at once when something arrives.
    wait: Option<String>,
}

/// The longest a long poll is held: under the usual proxy idle timeouts (60 s).
pub const MAX_WAIT_SECONDS: u64 = 30;

fn parse_wait(text: Option<&str>) -> Result<u64, ApiError> {
    match text.map(str::parse::<u64>) {
        None => Ok(0),
        Some(Ok(n)) if n <= MAX_WAIT_SECONDS => Ok(n),
        Some(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "wait_invalid",
            format!("wait er et antal sekunder fra 0 til {MAX_WAIT_SECONDS}."),
            format!("wait is a number of seconds from 0 to {MAX_WAIT_SECONDS}."),
        )),
    }
}

/// What [`get`] answers with: at once, or after awaiting the rest on the heap.
type Answer = Result<Json<ChangesPage>, ApiError>;

/// Not an `async fn`: the up-to-date poll is answered before any future exists, so the future
/// axum allocates per request holds no copy of the state, token and query, and the rest (a long
/// poll, a page read from SQLite) is a future of its own on the heap. As an `async fn` an empty
/// poll's request future was 1,832 bytes against `/health`'s 632: above glibc's 1,032-byte
/// per-thread cache, so every poll took the slower malloc and free.
pub fn get(
    State(state): State<AppState>,
    auth: Authed,
    ApiQuery(q): ApiQuery<ChangesQuery>,
) -> Either<Ready<Answer>, Pin<Box<dyn Future<Output = Answer> + Send>>> {
    match parse(&q) {
        Err(e) => Either::Left(ready(Err(e))),
        // The steady state of every app: its cursor at the head, no wait. The token's check has
        // just read the log (after this request arrived): no second one.
        Ok((Some(since), _, 0)) if up_to_date(auth.log, since) == Some(true) => {
            Either::Left(ready(Ok(Json(nothing_new(since)))))
        }
        Ok((since, limit, wait)) => {
            Either::Right(Box::pin(answer(state, auth, since, limit, wait)))
        }
    }
}

/// The cursor, limit and wait asked for.
fn parse(q: &ChangesQuery) -> Result<(Option<Cursor>, u32, u64), ApiError> {
    let limit = parse_limit(q.limit.as_deref())?;
    let wait = parse_wait(q.wait.as_deref())?;
    let since = q
        .since
        .as_deref()
        .map(|s| {
            s.parse::<Cursor>().map_err(|_| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "cursor_invalid",
                    "Synkroniseringspositionen (since) er ugyldig. Synkronisér forfra.",
                    "The sync position (since) is invalid. Sync again from the start.",
                )
            })
        })
        .transpose()?;
    Ok((since, limit, wait))
}

/// A long poll, or a page read from SQLite.
async fn answer(
    state: AppState,
    mut auth: Authed,
    since: Option<Cursor>,
    limit: u32,
    wait: u64,
) -> Result<Json<ChangesPage>, ApiError> {
    if let Some(since) = since {
        // The token's check has just read the log (after this request arrived): no second one.
        let now = up_to_date(auth.log, since);
        if wait > 0 && now != Some(false) {
            // Nothing new past the cursor: hold the request until the log grows or time is up,
            // parked on a channel (the store announces every commit), not on SQLite.
            let mut head = state.store.watch_head();
            let _ = tokio::time::timeout(
                std::time::Duration::from_secs(wait),
                head.wait_for(|h| *h > since.seq),
            )
            .await;
            // A token revoked while the poll was parked gets no page; the recheck reads the
            // log as committed now.
            auth = auth.recheck(&state).await?;
            if up_to_date(auth.log, since) == Some(true) {
                return Ok(Json(nothing_new(since)));
            }
        } else if now == Some(true) {
            return Ok(Json(nothing_new(since)));
        }
    }
    let viewer = Viewer::of(&auth.person);
    let page = state
        .store
        .run(move |s| {
            s.read(|c| {
                let epoch = store::epoch(c)?;
                let floor = store::log_floor(c)?;
                let head = store::head_seq(c)?;
                // No cursor: a fresh start, from whatever the log still holds.
                let fresh = since.is_none();
                let since = since.unwrap_or(Cursor::start(epoch));
                let floor = if fresh { 0 } else { floor };
                // A cursor of another epoch may be one this log continues (a restore).
                let shared = if since.epoch == epoch {
                    None
                } else {
                    store::ancestor_through(c, since.epoch)?
                };
                let log = Log {
                    epoch,
                    floor,
                    head,
                    shared,
                };
                if let Some(reset) = reset_reason(since, &log) {
                    return Ok(Err(reset));
                }
                let (changes, last, has_more) = store::changes_for(c, &viewer, since.seq, limit)?;
                // A full page stops at its last change; otherwise the reader has seen everything
                // up to the head (invisible changes included), so the cursor jumps there.
                let seq = if has_more {
                    last.unwrap_or(since.seq)
                } else {
                    head
                };
                Ok(Ok(ChangesPage {
                    changes,
                    cursor: Cursor { epoch, seq },
                    has_more,
                }))
            })
        })
        .await??;
    Ok(Json(page?))
}

/// Whether `since` is the head of `log` (the log as committed when the request's token was
/// checked: `Store::check`, from memory unless something was committed since the last request);
/// `None` when that cannot be said. The head is everyone's, so "nothing new" never skips a
/// change this person may see; a cursor behind it, ahead of it or of another epoch takes the
/// ordinary way.
fn up_to_date(log: Option<LogState>, since: Cursor) -> Option<bool> {
    let log = log?;
    Some(since.epoch == log.epoch && since.seq == log.head && log.floor <= since.seq)
}

/// The page the ordinary way gives for a cursor at the head: no changes, the same cursor.
fn nothing_new(since: Cursor) -> ChangesPage {
    ChangesPage {
        changes: Vec::new(),
        cursor: since,
        has_more: false,
    }
}

fn parse_limit(text: Option<&str>) -> Result<u32, ApiError> {
    let Some(text) = text else {
        return Ok(DEFAULT_LIMIT);
    };
    match text.parse::<u32>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "limit_out_of_range",
            format!("limit skal være et helt tal fra 1 til {MAX_LIMIT}."),
            format!("limit must be a whole number from 1 to {MAX_LIMIT}."),
        )),
    }
}

/// What a cursor is measured against: this hub's log.
struct Log {
    epoch: u32,
    floor: u64,
    head: u64,
    /// When the cursor is of an earlier epoch this log continues (the hub was restored from a
    /// backup of it): the last seq the two logs share.
    shared: Option<u64>,
}

/// Why the client cannot go on from `since`, if it cannot: start over (HTTP 410), or its cursor
/// is ahead of this log (409 `cursor_ahead`: the hub was restored from a backup older than what
/// the app has seen).
fn reset_reason(since: Cursor, log: &Log) -> Option<ApiError> {
    let gone = |code: &str, en: &str| {
        Some(ApiError::new(
            StatusCode::GONE,
            code,
            "Serverens data er ændret, så appen henter alt forfra. Dine egne ikke-sendte \
             ændringer bevares.",
            format!("{en} The app fetches everything again; your own unsent changes are kept."),
        ))
    };
    let head = Cursor {
        epoch: log.epoch,
        seq: log.head,
    };
    let ahead = || {
        Some(ApiError::new(
            StatusCode::CONFLICT,
            "cursor_ahead",
            format!(
                "Hubben er gendannet fra en sikkerhedskopi og har ikke alt, hvad appen har set \
                 (appen er ved {since}, hubben ved {head}). Appen henter alt igen og sender \
                 dine ændringer igen, så hubben får dem."
            ),
            format!(
                "The hub was restored from a backup and lacks some of what the app has seen \
                 (the app is at {since}, the hub at {head}). The app fetches everything again \
                 and sends your changes again, so the hub gets them."
            ),
        ))
    };
    if since.epoch != log.epoch {
        match log.shared {
            // Changes past the shared part were lost with the restore; the same seqs here
            // (once this log grows) are other changes.
            Some(through) if since.seq > through => return ahead(),
            Some(_) => {}
            None => {
                return gone(
                    "reset_epoch_changed",
                    "The server's data epoch has changed.",
                )
            }
        }
    }
    if since.seq < log.floor {
        return gone(
            "reset_cursor_too_old",
            "The server no longer keeps changes that old.",
        );
    }
    if since.seq > log.head {
        // The data was put back by hand (files copied, no `restore`): same epoch, shorter log.
        return ahead();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(1, 5, 0, 10, None, None)]
    #[case(2, 5, 0, 10, None, Some("reset_epoch_changed"))]
    #[case(1, 3, 4, 10, None, Some("reset_cursor_too_old"))]
    #[case(1, 4, 4, 10, None, None)]
    #[case(1, 11, 0, 10, None, Some("cursor_ahead"))]
    // Epoch 2 is the backed-up log this one (epoch 1) continues, shared up to seq 8.
    #[case(2, 8, 0, 10, Some(8), None)]
    #[case(2, 3, 0, 10, Some(8), None)]
    #[case(2, 9, 0, 10, Some(8), Some("cursor_ahead"))]
    // The restored log has grown past the app's cursor: still ahead, the seqs mean other changes.
    #[case(2, 9, 0, 50, Some(8), Some("cursor_ahead"))]
    #[case(2, 3, 4, 10, Some(8), Some("reset_cursor_too_old"))]
    fn resets(
        #[case] e: u32,
        #[case] seq: u64,
        #[case] floor: u64,
        #[case] head: u64,
        #[case] shared: Option<u64>,
        #[case] code: Option<&str>,
    ) {
        let log = Log {
            epoch: 1,
            floor,
            head,
            shared,
        };
        let got = reset_reason(Cursor { epoch: e, seq }, &log);
        assert_eq!(got.map(|e| e.body.code), code.map(str::to_owned));
    }

    #[rstest]
    #[case(None, Some(DEFAULT_LIMIT))]
    #[case(Some("1"), Some(1))]
    #[case(Some("1000"), Some(1000))]
    #[case(Some("0"), None)]
    #[case(Some("1001"), None)]
    #[case(Some("-1"), None)]
    #[case(Some("99999999999999999999"), None)]
    #[case(Some("ten"), None)]
    fn limits(#[case] text: Option<&str>, #[case] expected: Option<u32>) {
        assert_eq!(parse_limit(text).ok(), expected);
    }
}
