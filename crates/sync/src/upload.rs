//! The desk's upload of material: a file sent to the hub by its SHA-256 (`PUT
//! /v1/blobs/{sha256}`), streamed from disk, resumed from where the hub's copy ends after a lost
//! connection (`GET /v1/uploads/{sha256}`), and — once the hub has it — kept in this device's
//! blob folder so it reads offline and the desk may publish it.

use std::path::Path;

use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::engine::{SyncEngine, SyncReport};
use crate::SyncError;

/// How far an upload has come, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uploaded {
    pub bytes: u64,
    /// What this call sent: less than `bytes` when it resumed an earlier upload.
    pub sent: u64,
    /// The hub already had all of it.
    pub already_there: bool,
}

/// The longest wait between two tries of an interrupted upload.
const UPLOAD_RETRY_MAX: std::time::Duration = std::time::Duration::from_secs(15);

/// Bytes of a file gone out to the hub so far, of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadProgress {
    pub sent: u64,
    pub total: u64,
    /// The connection went; the upload resumes from the hub's copy when it can be reached.
    pub interrupted: bool,
}

/// The file's SHA-256, read in pieces (a 200 MB PDF is never held in memory).
pub async fn sha256_of_file(path: &Path) -> Result<String, SyncError> {
    let mut file = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = file.read(&mut buf).await?;
        if n == 0 {
            return Ok(hex::encode(hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

impl SyncEngine {
    /// Uploads `path` (a PDF), resuming what the hub already holds of it, then keeps it in the
    /// blob folder as available. Returns its SHA-256. Calling it again after a failure resumes.
    pub async fn upload(&self, path: &Path) -> Result<(String, Uploaded), SyncError> {
        self.upload_reporting(path, std::sync::Arc::new(|_| {}))
            .await
    }

    /// [`Self::upload_reporting`] that rides out a lost connection: while the hub cannot be
    /// reached (or answers "try again") it waits with backoff and resumes from where the hub's
    /// copy ends, for up to `patience`, saying `interrupted` meanwhile. Other errors (a refusal,
    /// a file too large) end it at once.
    pub async fn upload_patiently(
        &self,
        path: &Path,
        progress: std::sync::Arc<dyn Fn(UploadProgress) + Send + Sync>,
        patience: std::time::Duration,
    ) -> Result<(String, Uploaded), SyncError> {
        let started = std::time::Instant::now();
        let last = std::sync::Arc::new(std::sync::Mutex::new(None::<UploadProgress>));
        let noted = last.clone();
        let forward = progress.clone();
        let tracked: std::sync::Arc<dyn Fn(UploadProgress) + Send + Sync> =
            std::sync::Arc::new(move |p| {
                *noted.lock().unwrap_or_else(|e| e.into_inner()) = Some(p);
                forward(p)
            });
        let mut attempt = 0;
        loop {
            match self.upload_reporting(path, tracked.clone()).await {
                Err(e) if e.is_retryable() && started.elapsed() < patience => {
                    attempt += 1;
                    let seen = *last.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(p) = seen {
                        progress(UploadProgress {
                            interrupted: true,
                            ..p
                        });
                    }
                    tracing::info!(attempt, error = %e, "upload interrupted; resuming");
                    // Someone is watching the bar: never more than 15 s between tries.
                    tokio::time::sleep(crate::plan::backoff(attempt).min(UPLOAD_RETRY_MAX)).await;
                }
                done => return done,
            }
        }
    }

    /// [`Self::upload`], telling `progress` how many of the file's bytes have gone out so far
    /// (counting what the hub already had), for a progress bar.
    pub async fn upload_reporting(
        &self,
        path: &Path,
        progress: std::sync::Arc<dyn Fn(UploadProgress) + Send + Sync>,
    ) -> Result<(String, Uploaded), SyncError> {
        let sha = sha256_of_file(path).await?;
        let size = tokio::fs::metadata(path).await?.len();
        let mut report = SyncReport::default();
        let status: serde_json::Value = self
            .get_json(&format!("/v1/uploads/{sha}"), &mut report)
            .await?;
        let received = status["received"].as_u64().unwrap_or(0);
        let already_there = status["complete"].as_bool().unwrap_or(false);
        if !already_there {
            let mut file = tokio::fs::File::open(path).await?;
            file.seek(std::io::SeekFrom::Start(received)).await?;
            progress(UploadProgress {
                sent: received,
                total: size,
                interrupted: false,
            });
            // Counted as the body is read, so the bar moves with the bytes going out; a lost
            // connection leaves it where the hub's copy will be resumed from, near enough.
            let mut sent = received;
            let on_read = progress.clone();
            let counted = tokio_util::io::InspectReader::new(file, move |chunk: &[u8]| {
                sent += chunk.len() as u64;
                on_read(UploadProgress {
                    sent,
                    total: size,
                    interrupted: false,
                });
            });
            let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(
                counted,
                256 * 1024,
            ));
            // The length is known: sent as Content-Length (not chunked), so the hub can refuse an
            // oversize file before a byte is kept.
            let mut req = self
                .request(reqwest::Method::PUT, &format!("/v1/blobs/{sha}"))
                .header(reqwest::header::CONTENT_LENGTH, size - received);
            if received > 0 || size > 0 {
                req = req.header(
                    reqwest::header::CONTENT_RANGE,
                    format!("bytes {received}-{}/{size}", size.saturating_sub(1)),
                );
            }
            self.send_checked(req.body(body), &mut report).await?;
        }
        progress(UploadProgress {
            sent: size,
            total: size,
            interrupted: false,
        });
        // Kept here too: the secretariat reads what it uploaded offline like any material.
        let dest = self.blob_file(&sha);
        if let Some(dir) = dest.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let tmp = dest.with_extension("upload");
        tokio::fs::copy(path, &tmp).await?;
        tokio::fs::rename(&tmp, &dest).await?;
        self.store()
            .blob_uploaded(&sha, size, styrebord_core::write::PDF_MIME)?;
        Ok((
            sha,
            Uploaded {
                bytes: size,
                sent: if already_there { 0 } else { size - received },
                already_there,
            },
        ))
    }
}
