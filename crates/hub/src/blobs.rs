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
