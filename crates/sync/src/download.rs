//! The bytes of a blob download: the part file they are written into, and the digest they are
//! checked by before the file is renamed into place.
//!
//! The check is the hub's BLAKE3 of the blob when it sends one ([`BLOB_BLAKE3_HEADER`]), else the
//! SHA-256 that names the blob. BLAKE3 costs about a third of the CPU of SHA-256 here (SHA-NI
//! 1.4–1.7 GB/s against 4.3–5.6 GB/s, docs/BENCHMARKS.md), and the hash was most of the client's
//! CPU in an initial sync. Reads of a stored file check the SHA-256 itself (`read_blob`), so what
//! a member sees never rests on the hub's word alone.

use std::path::{Path, PathBuf};

use reqwest::header::HeaderMap;
use sha2::{Digest, Sha256};
use styrebord_protocol::BLOB_BLAKE3_HEADER;

use crate::SyncError;

/// Which hash a download is checked with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    Sha256,
    Blake3,
}

/// The digest (lowercase hex) a downloaded blob must have, and its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    pub check: Check,
    pub hex: String,
}

impl Expected {
    /// From the blob's answer: the hub's BLAKE3 when it sends a well-formed one, else the
    /// blob's own SHA-256 (an older hub, or a blob it stored before it recorded BLAKE3).
    pub fn of(sha256: &str, headers: &HeaderMap) -> Self {
        let blake3 = headers
            .get(BLOB_BLAKE3_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
        match blake3 {
            Some(hex) => Expected {
                check: Check::Blake3,
                hex: hex.to_ascii_lowercase(),
            },
            None => Expected {
                check: Check::Sha256,
                hex: sha256.to_owned(),
            },
        }
    }
}

/// A running hash of either kind.
pub(crate) enum BlobHasher {
    Sha256(Sha256),
    // Boxed: BLAKE3's state (≈ 1.9 KB) would make every value of the enum that large.
    Blake3(Box<blake3::Hasher>),
}

impl BlobHasher {
    pub fn new(check: Check) -> Self {
        match check {
            Check::Sha256 => BlobHasher::Sha256(Sha256::new()),
            Check::Blake3 => BlobHasher::Blake3(Box::default()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            BlobHasher::Sha256(h) => h.update(bytes),
            BlobHasher::Blake3(h) => {
                h.update(bytes);
            }
        }
    }

    /// The digest in lowercase hex.
    pub fn hex(self) -> String {
        match self {
            BlobHasher::Sha256(h) => hex::encode(h.finalize()),
            BlobHasher::Blake3(h) => h.finalize().to_hex().to_string(),
        }
    }
}

/// Writes a download into its part file and hashes it on a blocking thread, while the async side
/// goes on receiving: network, hashing and disk work at the same time, and no file call blocks
/// an async thread. A resumed download first hashes the bytes already in the file.
pub(crate) struct PartWriter {
    chunks: tokio::sync::mpsc::Sender<bytes::Bytes>,
    done: tokio::task::JoinHandle<std::io::Result<BlobHasher>>,
}

impl PartWriter {
    pub fn start(part: PathBuf, offset: u64, check: Check) -> Self {
        let (chunks, mut rx) = tokio::sync::mpsc::channel::<bytes::Bytes>(32);
        let done = tokio::task::spawn_blocking(move || {
            use std::io::{Seek, Write};
            let mut hasher = if offset > 0 {
                hash_prefix(&part, offset, check)?
            } else {
                BlobHasher::new(check)
            };
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .write(true)
                .truncate(false)
                .open(&part)?;
            // Cut to `offset` only when the file is longer: truncating a new, empty file to 0
            // makes ext4 (auto_da_alloc) start writing it back in `close`, on this thread,
            // which curl never pays (perf of the initial sync, docs/BENCHMARKS.md).
            if file.metadata()?.len() != offset {
                file.set_len(offset)?;
            }
            file.seek(std::io::SeekFrom::Start(offset))?;
            // Each chunk is written as it came, as curl does: no BufWriter. Copying the chunks
            // into a 256 KiB buffer first (one more pass over every byte) measured about a
            // third more client CPU per initial sync (docs/BENCHMARKS.md, issue 13).
            while let Some(chunk) = rx.blocking_recv() {
                hasher.update(&chunk);
                file.write_all(&chunk)?;
            }
            Ok(hasher)
        });
        PartWriter { chunks, done }
    }

    /// Hands a chunk to the writer; `false` when the writer has stopped (it failed).
    pub async fn write(&self, chunk: bytes::Bytes) -> bool {
        self.chunks.send(chunk).await.is_ok()
    }

    /// Waits until everything handed over is in the file; the hash of the whole file so far.
    pub async fn finish(self) -> Result<BlobHasher, SyncError> {
        drop(self.chunks);
        Ok(self
            .done
            .await
            .map_err(|e| SyncError::Io(std::io::Error::other(e)))??)
    }
}

/// SHA-256 (hex) of a whole file.
pub(crate) fn sha256_of_file(path: &Path) -> std::io::Result<String> {
    Ok(hash_prefix(path, u64::MAX, Check::Sha256)?.hex())
}

/// A hasher fed with the first `len` bytes of the file (all of it when shorter).
fn hash_prefix(path: &Path, len: u64, check: Check) -> std::io::Result<BlobHasher> {
    use std::io::Read;
    let mut f = std::fs::File::open(path)?.take(len);
    let mut h = BlobHasher::new(check);
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const SHA: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    fn headers(blake3: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(BLOB_BLAKE3_HEADER, HeaderValue::from_str(blake3).unwrap());
        h
    }

    #[test]
    fn the_hubs_blake3_is_the_check_when_it_is_well_formed() {
        let b3 = blake3::hash(b"test").to_hex().to_string();
        let e = Expected::of(SHA, &headers(&b3.to_ascii_uppercase()));
        assert_eq!(e.check, Check::Blake3);
        assert_eq!(e.hex, b3);
    }

    #[test]
    fn without_a_well_formed_blake3_the_sha256_is_the_check() {
        for h in [HeaderMap::new(), headers("abc"), headers(&"g".repeat(64))] {
            let e = Expected::of(SHA, &h);
            assert_eq!(
                e,
                Expected {
                    check: Check::Sha256,
                    hex: SHA.to_owned()
                }
            );
        }
    }

    #[test]
    fn each_hasher_gives_its_algorithms_digest_in_pieces_as_whole() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i * 31 % 251) as u8).collect();
        for check in [Check::Sha256, Check::Blake3] {
            let mut h = BlobHasher::new(check);
            for piece in data.chunks(70_001) {
                h.update(piece);
            }
            let want = match check {
                Check::Sha256 => hex::encode(Sha256::digest(&data)),
                Check::Blake3 => blake3::hash(&data).to_hex().to_string(),
            };
            assert_eq!(h.hex(), want, "{check:?}");
        }
    }

    #[test]
    fn a_resumed_download_hashes_the_bytes_already_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("part");
        std::fs::write(&path, b"hello, world").unwrap();
        let mut h = hash_prefix(&path, 5, Check::Blake3).unwrap();
        h.update(b", world");
        assert_eq!(h.hex(), blake3::hash(b"hello, world").to_hex().to_string());
        assert_eq!(
            sha256_of_file(&path).unwrap(),
            hex::encode(Sha256::digest(b"hello, world"))
        );
    }
}
