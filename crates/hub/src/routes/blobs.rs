//! `GET /v1/blobs/{sha256}`: immutable document bytes, with Range (206/416) and ETag (304), for
//! documents the person may see; `GET /v1/blobs/{sha256}/text`: their extracted text.

use std::io::SeekFrom;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use styrebord_core::meeting::Sha256;
use styrebord_protocol::{DocumentText, BLOB_BLAKE3_HEADER};
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use crate::auth::Authed;
use crate::blobs::blob_path;
use crate::error::{ApiError, HubError};
use crate::routes::AppState;
use crate::store::{self, BlobMeta, Viewer};

/// The blob `raw` names, if `auth`'s person may see a document with it: digest and what the
/// hub recorded of it.
async fn visible_blob(
    state: &AppState,
    auth: &Authed,
    raw: &str,
) -> Result<(Sha256, BlobMeta), ApiError> {
    let sha = Sha256::parse(raw).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "blob_id_invalid",
            "Et dokument-id er 64 hexadecimale tegn (SHA-256).",
            "A document id is 64 hexadecimal characters (SHA-256).",
        )
    })?;
    let viewer = Viewer::of(&auth.person);
    let key = sha.as_str().to_owned();
    let (visible, meta) = state
        .store
        .run(move |s| {
            s.read(|c| {
                Ok((
                    store::blob_visibility(c, &viewer, &key)?,
                    store::blob_meta(c, &key)?,
                ))
            })
        })
        .await??;
    match (visible, meta) {
        (Some(true), Some(meta)) => Ok((sha, meta)),
        (Some(false), Some(_)) => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "document_not_published",
            "Dokumentet er ikke udsendt endnu.",
            "The document has not been published yet.",
        )),
        _ => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "blob_not_found",
            "Dokumentet findes ikke på serveren.",
            "The document does not exist on the server.",
        )),
    }
}

/// `GET /v1/blobs/{sha256}/text`: the text extracted from the document, one string per page.
pub async fn text(
    State(state): State<AppState>,
    auth: Authed,
    Path(raw): Path<String>,
) -> Result<Json<DocumentText>, ApiError> {
    let (sha, _) = visible_blob(&state, &auth, &raw).await?;
    let key = sha.as_str().to_owned();
    let stored = state
        .store
        .run(move |s| s.read(|c| store::blob_text(c, &key)))
        .await??
        .flatten();
    let Some(json) = stored else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "text_not_available",
            "Der kunne ikke læses tekst fra dokumentet. Åbn selve dokumentet i stedet.",
            "No text could be read from the document. Open the document itself instead.",
        ));
    };
    let pages: Vec<String> = serde_json::from_str(&json).map_err(HubError::from)?;
    Ok(Json(DocumentText { sha256: sha, pages }))
}

pub async fn get(
    State(state): State<AppState>,
    auth: Authed,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (sha, meta) = visible_blob(&state, &auth, &raw).await?;
    let size = meta.size;
    let etag = format!("\"{}\"", sha.as_str());
    let mut base = HeaderMap::new();
    base.insert(header::ETAG, hv(&etag));
    base.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    base.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );

    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let hit = inm
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == "*" || t == etag);
        if hit {
            return Ok((StatusCode::NOT_MODIFIED, base).into_response());
        }
    }
    base.insert(header::CONTENT_TYPE, hv(&meta.mime));
    if let Some(blake3) = &meta.blake3 {
        // The whole blob's digest, on a 206 too: the app hashes the bytes it already has.
        base.insert(BLOB_BLAKE3_HEADER, hv(blake3));
    }

    let range = headers
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .map(|r| parse_range(r, size));
    let (status, start, len) = match range {
        None | Some(RangeSpec::Ignore) => (StatusCode::OK, 0, size),
        Some(RangeSpec::Unsatisfiable) => {
            let mut err = ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "range_not_satisfiable",
                format!("Det ønskede udsnit ligger uden for dokumentet ({size} byte)."),
                format!("The requested range is outside the document ({size} bytes)."),
            )
            .into_response();
            err.headers_mut()
                .insert(header::CONTENT_RANGE, hv(&format!("bytes */{size}")));
            return Ok(err);
        }
        Some(RangeSpec::Bytes(a, b)) => {
            base.insert(header::CONTENT_RANGE, hv(&format!("bytes {a}-{b}/{size}")));
            (StatusCode::PARTIAL_CONTENT, a, b - a + 1)
        }
    };
    base.insert(header::CONTENT_LENGTH, hv(&len.to_string()));
    let path = blob_path(state.store.blob_dir(), &sha);
    let mut file = tokio::fs::File::open(&path).await.map_err(HubError::from)?;
    if start > 0 {
        file.seek(SeekFrom::Start(start))
            .await
            .map_err(HubError::from)?;
    }
    let body = Body::from_stream(ReaderStream::with_capacity(file.take(len), BLOB_READ_SIZE));
    Ok((status, base, body).into_response())
}

/// Bytes read from a blob's file per step while it is sent. Each step of a `tokio::fs` file is a
/// hop to a blocking thread and back (a futex wake each way): at 64 KiB, 7,750 hops per 508 MB.
/// 512 KiB steps took the hub's CPU while it served an initial sync from 0.36–0.49 to 0.24–0.33 s
/// per 508 MB (256 KiB: 0.37–0.38; docs/BENCHMARKS.md, twentieth session). The cost is memory:
/// a download in flight holds two such buffers (this stream's and the file's own), 1 MiB.
const BLOB_READ_SIZE: usize = 512 * 1024;

fn hv(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap_or_else(|_| HeaderValue::from_static(""))
}

#[derive(Debug, PartialEq, Eq)]
enum RangeSpec {
    /// Inclusive byte positions.
    Bytes(u64, u64),
    Unsatisfiable,
    /// Malformed or multi-range: answered with the whole body, as RFC 9110 allows.
    Ignore,
}

fn parse_range(header: &str, size: u64) -> RangeSpec {
    let Some(spec) = header.trim().strip_prefix("bytes=") else {
        return RangeSpec::Ignore;
    };
    if spec.contains(',') {
        return RangeSpec::Ignore;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return RangeSpec::Ignore;
    };
    let num = |t: &str| t.parse::<u64>().ok();
    match (a.trim(), b.trim()) {
        ("", "") => RangeSpec::Ignore,
        ("", suffix) => match num(suffix) {
            Some(0) => RangeSpec::Unsatisfiable,
            Some(_) if size == 0 => RangeSpec::Unsatisfiable,
            Some(n) => RangeSpec::Bytes(size.saturating_sub(n), size - 1),
            None => RangeSpec::Ignore,
        },
        (start, end) => {
            let Some(start) = num(start) else {
                return RangeSpec::Ignore;
            };
            let end = if end.is_empty() {
                Some(u64::MAX)
            } else {
                num(end)
            };
            match end {
                None => RangeSpec::Ignore,
                Some(end) if end < start => RangeSpec::Ignore,
                Some(_) if start >= size => RangeSpec::Unsatisfiable,
                Some(end) => RangeSpec::Bytes(start, end.min(size - 1)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("bytes=0-9", RangeSpec::Bytes(0, 9))]
    #[case("bytes=90-", RangeSpec::Bytes(90, 99))]
    #[case("bytes=-10", RangeSpec::Bytes(90, 99))]
    #[case("bytes=-1000", RangeSpec::Bytes(0, 99))]
    #[case("bytes=50-5000", RangeSpec::Bytes(50, 99))]
    #[case("bytes=100-", RangeSpec::Unsatisfiable)]
    #[case("bytes=-0", RangeSpec::Unsatisfiable)]
    #[case("bytes=9-1", RangeSpec::Ignore)]
    #[case("bytes=0-1,5-6", RangeSpec::Ignore)]
    #[case("items=0-1", RangeSpec::Ignore)]
    #[case("bytes=x-1", RangeSpec::Ignore)]
    fn ranges(#[case] header: &str, #[case] expected: RangeSpec) {
        assert_eq!(parse_range(header, 100), expected);
    }
}
