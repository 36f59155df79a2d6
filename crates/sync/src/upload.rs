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
            let body = reqwest::Body::wrap_stream(tokio_util::io::ReaderStream::with_capacity(
                file,
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
