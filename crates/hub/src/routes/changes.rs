//! `GET /v1/changes?since=<cursor>&limit=<n>`: the change log, filtered for the person.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use styrebord_protocol::{ChangesPage, Cursor, DEFAULT_LIMIT, MAX_LIMIT};

use crate::auth::Authed;
use crate::error::ApiError;
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

pub async fn get(
    State(state): State<AppState>,
    auth: Authed,
    ApiQuery(q): ApiQuery<ChangesQuery>,
) -> Result<Json<ChangesPage>, ApiError> {
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
    if let (Some(since), true) = (since, wait > 0) {
        // Nothing new past the cursor: hold the request until the log grows or time is up.
        let mut head = state.store.watch_head();
        let _ = tokio::time::timeout(
            std::time::Duration::from_secs(wait),
            head.wait_for(|h| *h > since.seq),
        )
        .await;
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
                if let Some(reset) = reset_reason(since, epoch, floor, head) {
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

/// Why the client must start over (HTTP 410), if it must.
fn reset_reason(since: Cursor, epoch: u32, floor: u64, head: u64) -> Option<ApiError> {
    let gone = |code: &str, en: &str| {
        Some(ApiError::new(
            StatusCode::GONE,
            code,
            "Serverens data er ændret, så appen henter alt forfra. Dine egne ikke-sendte \
             ændringer bevares.",
            format!("{en} The app fetches everything again; your own unsent changes are kept."),
        ))
    };
    if since.epoch != epoch {
        return gone(
            "reset_epoch_changed",
            "The server's data epoch has changed.",
        );
    }
    if since.seq < floor {
        return gone(
            "reset_cursor_too_old",
            "The server no longer keeps changes that old.",
        );
    }
    if since.seq > head {
        return gone(
            "reset_cursor_ahead",
            "The cursor is ahead of the server (restored from a backup?).",
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case(1, 5, 0, 10, None)]
    #[case(2, 5, 0, 10, Some("reset_epoch_changed"))]
    #[case(1, 3, 4, 10, Some("reset_cursor_too_old"))]
    #[case(1, 4, 4, 10, None)]
    #[case(1, 11, 0, 10, Some("reset_cursor_ahead"))]
    fn resets(
        #[case] e: u32,
        #[case] seq: u64,
        #[case] floor: u64,
        #[case] head: u64,
        #[case] code: Option<&str>,
    ) {
        let got = reset_reason(Cursor { epoch: e, seq }, 1, floor, head);
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
