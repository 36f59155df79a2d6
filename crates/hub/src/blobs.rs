//! Blob files on disk: `blobs/<first two hex>/<sha256>`, written to a temporary file and renamed
//! into place, so a crash never leaves a half-written blob under its name.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256 as Sha};
use styrebord_core::meeting::Sha256;

use crate::error::HubError;

pub fn blob_path(dir: &Path, sha: &Sha256) -> PathBuf {
    let hex = sha.as_str();
    dir.join(&hex[..2]).join(hex)
}

pub fn sha256_of(bytes: &[u8]) -> Sha256 {
    let hex = hex::encode(Sha::digest(bytes));
    Sha256::parse(&hex).unwrap_or_else(|_| unreachable!("sha2 yields 64 hex characters"))
}

/// The BLAKE3 digest (hex) of bytes whose SHA-256 has been checked: recorded with the blob and
/// sent with it, so the app can check a download ≈ 3× faster than by SHA-256
/// (`styrebord_protocol::BLOB_BLAKE3_HEADER`).
pub fn blake3_of(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Stores `bytes`; returns their digest. Storing the same bytes twice is a no-op.
pub fn put(dir: &Path, bytes: &[u8]) -> Result<Sha256, HubError> {
    let sha = sha256_of(bytes);
    let path = blob_path(dir, &sha);
    if path.exists() {
        return Ok(sha);
    }
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(".{}.tmp", sha.as_str()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path)?;
    Ok(sha)
}

/// What became of a finished upload.
pub enum Ingested {
    /// Its bytes do not hash to the digest it was sent under; nothing was kept.
    WrongHash,
    /// Not a PDF; nothing was kept.
    NotPdf,
    /// Stored under its digest and recorded, with its text for search.
    Stored { size: u64 },
}

/// Finishes a file that has fully arrived at `part` (an upload's part file, or the blob's own
/// path after a crash): checks its hash and that it is a PDF, moves it into the store, extracts
/// its text and records it. The one way material enters the hub — the upload route and the
/// CLI's `publish-material` both end here.
pub fn ingest(
    store: &crate::store::Store,
    part: &Path,
    sha: &Sha256,
) -> Result<Ingested, HubError> {
    let dir = store.blob_dir();
    let path = blob_path(dir, sha);
    let in_store = part == path;
    let bytes = std::fs::read(part)?;
    if sha256_of(&bytes) != *sha {
        std::fs::remove_file(part)?;
        return Ok(Ingested::WrongHash);
    }
    if !bytes.starts_with(b"%PDF") {
        if !in_store {
            std::fs::remove_file(part)?;
        }
        return Ok(Ingested::NotPdf);
    }
    if !in_store {
        let parent = path.parent().unwrap_or(dir);
        std::fs::create_dir_all(parent)?;
        std::fs::rename(part, &path)?;
        // The rename is on disk before the file is recorded as stored.
        std::fs::File::open(parent)?.sync_all()?;
    }
    let text = crate::admin::text_json(crate::admin::extract_text(&bytes).as_deref())?;
    let size = bytes.len() as u64;
    let blake3 = blake3_of(&bytes);
    store.write(|tx| {
        crate::store::insert_blob(
            tx,
            sha.as_str(),
            &blake3,
            size,
            styrebord_core::write::PDF_MIME,
            text.as_deref(),
        )
    })?;
    Ok(Ingested::Stored { size })
}

/// Records the BLAKE3 digest of every blob stored before the hub recorded one (migration 0004),
/// so that the apps check those downloads the cheaper way too. Each file's SHA-256 is checked
/// first: a file that is missing or does not match is logged and left without a digest, so the
/// apps go on checking it by its SHA-256 and refuse it. Returns how many were recorded.
pub fn record_missing_blake3(store: &crate::store::Store) -> Result<u64, HubError> {
    let missing = store.read(crate::store::blobs_without_blake3)?;
    record_blake3(store, missing)
}

/// [`record_missing_blake3`] for the blobs `missing` names.
pub fn record_blake3(store: &crate::store::Store, missing: Vec<String>) -> Result<u64, HubError> {
    let mut recorded = 0;
    for hex in missing {
        let Ok(sha) = Sha256::parse(&hex) else {
            continue;
        };
        let bytes = match std::fs::read(blob_path(store.blob_dir(), &sha)) {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!(blob = %hex, error = %e, "a recorded blob's file cannot be read");
                continue;
            }
        };
        if sha256_of(&bytes) != sha {
            tracing::warn!(blob = %hex, "a stored blob's file does not match its SHA-256");
            continue;
        }
        let blake3 = blake3_of(&bytes);
        store.write(|tx| crate::store::set_blob_blake3(tx, &hex, &blake3))?;
        recorded += 1;
    }
    Ok(recorded)
}

/// Where an upload of `sha` collects its bytes until it is complete.
pub fn part_path(dir: &Path, sha: &Sha256) -> PathBuf {
    dir.join("uploads").join(format!("{}.part", sha.as_str()))
}
