//! `PUT /v1/blobs/{sha256}`: the secretariat uploads material over HTTP, by its SHA-256, in one
//! request or in pieces (`Content-Range: bytes START-END/TOTAL`) that resume where the last one
//! stopped; `GET /v1/uploads/{sha256}` says how far an upload got.
//!
//! The bytes go to `blobs/uploads/<sha256>.part` (appended, so a hub killed mid-upload keeps what
//! arrived; the offset the hub reports is of bytes flushed to disk). Only when the last byte is in
//! is the whole file hashed: a wrong hash, a file that is not a PDF, or one over the size limit is
//! refused and the part removed; a right one is renamed into the content-addressed store, its text
//! extracted for search, and recorded. An upload is complete once recorded: a file a hub renamed
//! into the store but died before recording is recorded by the next `PUT` of it. Nothing is
//! visible to anyone until the secretariat publishes it (`publish_document`).

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use futures_util::StreamExt;
use serde::Serialize;
use styrebord_core::acts::{permit, Act};
use styrebord_core::meeting::Sha256;
use styrebord_protocol::ErrorBody;
use tokio::io::AsyncWriteExt;
use tokio_util::bytes::Bytes;

use crate::auth::Authed;
use crate::blobs::{self, blob_path, part_path, Ingested};
use crate::error::{ApiError, HubError};
use crate::routes::AppState;
use crate::store;

/// Uploads under way, by digest: a second upload of the same file waits its turn (409).
#[derive(Clone, Default)]
pub struct Uploads(Arc<Mutex<HashSet<String>>>);

impl Uploads {
    fn begin(&self, sha: &str) -> Option<UploadGuard> {
        let mut busy = self.0.lock().unwrap_or_else(|p| p.into_inner());
        busy.insert(sha.to_owned()).then(|| UploadGuard {
            uploads: self.clone(),
            sha: sha.to_owned(),
        })
    }
}

struct UploadGuard {
    uploads: Uploads,
    sha: String,
}

impl Drop for UploadGuard {
    fn drop(&mut self) {
        let mut busy = self.uploads.0.lock().unwrap_or_else(|p| p.into_inner());
        busy.remove(&self.sha);
    }
}

/// How far an upload is.
#[derive(Debug, Serialize)]
pub struct UploadState {
    pub sha256: String,
    /// Bytes the hub holds of it.
    pub received: u64,
    /// The file is stored (hash checked), ready to publish.
    pub complete: bool,
}

fn parse_sha(s: &str) -> Result<Sha256, ApiError> {
    Sha256::parse(s).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "blob_id_invalid",
            "Filens id skal være dens SHA-256 (64 hexadecimale tegn).",
            "A file's id is its SHA-256 (64 hexadecimal characters).",
        )
    })
}

fn secretariat_only(auth: &Authed) -> Result<(), ApiError> {
    permit(auth.person.role, Act::UploadFile).map_err(|r| ApiError::forbidden(&r))
}

/// `body` as JSON, with `Upload-Offset: received` saying where an upload resumes.
fn at_offset(status: StatusCode, body: impl Serialize, received: u64) -> Response {
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert("upload-offset", HeaderValue::from(received));
    response
}

fn with_offset(status: StatusCode, state: &UploadState) -> Response {
    at_offset(status, state, state.received)
}

/// Bytes of the part on disk, flushed first: an offset the hub reports survives a crash.
async fn received(part: &Path) -> Result<u64, HubError> {
    let file = match tokio::fs::File::open(part).await {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    file.sync_all().await?;
    Ok(file.metadata().await?.len())
}

/// The size of the file if it is recorded in the store (hashed, checked, text extracted).
async fn recorded(state: &AppState, sha: &Sha256) -> Result<Option<u64>, ApiError> {
    let key = sha.as_str().to_owned();
    let meta = state
        .store
        .run(move |s| s.read(|c| store::blob_meta(c, &key)))
        .await??;
    Ok(meta.map(|m| m.size))
}

/// The file is already stored: `200`, whatever the request carries (content-addressed).
fn already_stored(sha: &Sha256, size: u64) -> Response {
    with_offset(
        StatusCode::OK,
        &UploadState {
            sha256: sha.to_string(),
            received: size,
            complete: true,
        },
    )
}

/// `GET /v1/uploads/{sha256}`: how much of the file the hub holds.
pub async fn status(
    State(state): State<AppState>,
    auth: Authed,
    UrlPath(sha): UrlPath<String>,
) -> Result<Response, ApiError> {
    secretariat_only(&auth)?;
    let sha = parse_sha(&sha)?;
    let dir = state.store.blob_dir().to_path_buf();
    if let Some(size) = recorded(&state, &sha).await? {
        return Ok(already_stored(&sha, size));
    }
    let got = received(&part_path(&dir, &sha)).await?;
    Ok(with_offset(
        StatusCode::OK,
        &UploadState {
            sha256: sha.to_string(),
            received: got,
            complete: false,
        },
    ))
}

/// `bytes START-END/TOTAL` → (start, end inclusive, total).
fn content_range(headers: &HeaderMap) -> Result<Option<(u64, u64, u64)>, ApiError> {
    let Some(value) = headers.get("content-range") else {
        return Ok(None);
    };
    let invalid = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "content_range_invalid",
            "Content-Range skal have formen »bytes START-SLUT/I_ALT«.",
            "Content-Range must read \"bytes START-END/TOTAL\".",
        )
    };
    let text = value.to_str().map_err(|_| invalid())?;
    let rest = text.strip_prefix("bytes ").ok_or_else(invalid)?;
    let (range, total) = rest.split_once('/').ok_or_else(invalid)?;
    let (start, end) = range.split_once('-').ok_or_else(invalid)?;
    let parse = |s: &str| s.trim().parse::<u64>().map_err(|_| invalid());
    let (start, end, total) = (parse(start)?, parse(end)?, parse(total)?);
    if start > end || end >= total {
        return Err(invalid());
    }
    Ok(Some((start, end, total)))
}

/// `PUT /v1/blobs/{sha256}`: a piece (or all) of a file.
pub async fn put(
    State(state): State<AppState>,
    auth: Authed,
    UrlPath(sha): UrlPath<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    secretariat_only(&auth)?;
    let sha = parse_sha(&sha)?;
    let dir = state.store.blob_dir().to_path_buf();
    let limit = state.max_upload;
    let range = content_range(&headers)?;
    let announced = range.map(|(_, _, total)| total).or_else(|| {
        headers
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
    });
    if announced.is_some_and(|total| total > limit) {
        return Err(too_large(limit));
    }
    if let Some(size) = recorded(&state, &sha).await? {
        drain(body, &headers, limit).await;
        return Ok(already_stored(&sha, size));
    }
    let Some(guard) = state.uploads.begin(sha.as_str()) else {
        drain(body, &headers, limit).await;
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "upload_in_progress",
            "Filen er ved at blive lagt op i en anden forbindelse. Vent, og fortsæt så dér, hvor \
             den slap.",
            "The file is being uploaded over another connection. Wait, then resume where it \
             stopped.",
        ));
    };
    // Another upload of the same file may have finished while this one waited for its turn.
    if let Some(size) = recorded(&state, &sha).await? {
        drop(guard);
        drain(body, &headers, limit).await;
        return Ok(already_stored(&sha, size));
    }
    let stored = blob_path(&dir, &sha);
    if stored.exists() {
        // Renamed into the store by a hub that stopped before recording it: record it now.
        let answer = complete(&state, &sha, &stored).await;
        drop(guard);
        drain(body, &headers, limit).await;
        return answer;
    }
    let part = part_path(&dir, &sha);
    tokio::fs::create_dir_all(part.parent().unwrap_or(&dir))
        .await
        .map_err(HubError::from)?;
    let have = received(&part).await?;
    let start = range.map_or(0, |(start, _, _)| start);
    if start != have {
        drop(guard);
        drain(body, &headers, limit).await;
        return Ok(at_offset(
            StatusCode::CONFLICT,
            ErrorBody::new(
                "upload_offset_mismatch",
                format!(
                    "Serveren har {have} byte af filen; fortsæt fra byte {have} (Upload-Offset)."
                ),
                format!("The server holds {have} bytes of the file; resume at byte {have} (Upload-Offset)."),
            ),
            have,
        ));
    }
    let mut file = tokio::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&part)
        .await
        .map_err(HubError::from)?;
    let mut written = have;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk: Bytes = match chunk {
            Ok(chunk) => chunk,
            Err(_) => {
                // Keep what arrived, on disk, before the next request may resume after it.
                file.sync_all().await.map_err(HubError::from)?;
                return Err(body_unreadable());
            }
        };
        written += chunk.len() as u64;
        if written > limit {
            drop(file);
            let _ = tokio::fs::remove_file(&part).await;
            return Err(too_large(limit));
        }
        file.write_all(&chunk).await.map_err(HubError::from)?;
    }
    file.sync_all().await.map_err(HubError::from)?;
    drop(file);
    if let Some((_, end, _)) = range {
        if written != end + 1 {
            // The piece was shorter than its range said; keep what came, say where to resume.
            return Ok(at_offset(
                StatusCode::BAD_REQUEST,
                ErrorBody::new(
                    "upload_piece_short",
                    format!("Stykket var kortere end angivet; serveren har {written} byte."),
                    format!(
                        "The piece was shorter than its range; the server holds {written} bytes."
                    ),
                ),
                written,
            ));
        }
    }
    let total = range.map_or(written, |(_, _, total)| total);
    if written < total {
        return Ok(with_offset(
            StatusCode::OK,
            &UploadState {
                sha256: sha.to_string(),
                received: written,
                complete: false,
            },
        ));
    }
    complete(&state, &sha, &part).await
}

/// Reads and drops the rest of a body the hub answers without keeping, so that the answer reaches
/// the client: answering and closing while a body is still coming resets the connection, and a
/// client still sending sees a broken pipe instead of the answer. Not when the client waits for
/// `100 Continue` (it has sent nothing), and never more than the size limit.
async fn drain(body: Body, headers: &HeaderMap, limit: u64) {
    let waits = headers
        .get("expect")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"));
    if waits {
        return;
    }
    let mut stream = body.into_data_stream();
    let mut seen = 0u64;
    while let Some(Ok(chunk)) = stream.next().await {
        seen += chunk.len() as u64;
        if seen > limit {
            break;
        }
    }
}

/// The last byte is in: hash, check, store, extract, record — or refuse and forget the part.
/// `part` is the file in the store itself when a hub stopped between storing and recording it.
async fn complete(state: &AppState, sha: &Sha256, part: &Path) -> Result<Response, ApiError> {
    let part = part.to_path_buf();
    let digest = sha.clone();
    let ingested = state
        .store
        .run(move |s| blobs::ingest(s, &part, &digest))
        .await??;
    match ingested {
        Ingested::WrongHash => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "blob_hash_mismatch",
            "Filens indhold passer ikke med dens SHA-256. Intet er gemt; læg filen op igen.",
            "The file's content does not match its SHA-256. Nothing was kept; upload it again.",
        )),
        Ingested::NotPdf => {
            let r = styrebord_core::Refusal::MaterialNotPdf;
            Err(ApiError {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                body: ErrorBody::from(&r),
            })
        }
        Ingested::Stored { size } => Ok(with_offset(
            StatusCode::CREATED,
            &UploadState {
                sha256: sha.to_string(),
                received: size,
                complete: true,
            },
        )),
    }
}

fn too_large(limit: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload_too_large",
        format!("Filen er større end de {limit} byte, serveren tager imod. Del materialet op, eller bed driften hæve grænsen (--max-upload)."),
        format!("The file is larger than the {limit} bytes the server accepts. Split the material, or ask operations to raise the limit (--max-upload)."),
    )
}

fn body_unreadable() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "body_unreadable",
        "Forbindelsen blev afbrudt under overførslen. Fortsæt, hvor den slap.",
        "The connection broke during the transfer. Resume where it stopped.",
    )
}
