//! `GET /v1/blobs/{sha256}`'s own header, and `GET /v1/blobs/{sha256}/text`: the text the hub
//! extracted from a document's PDF, for search.
//!
//! A separate, optional endpoint rather than a field of the change feed: the feed stays small
//! (a document's text can be far larger than its metadata), and older apps, which know neither
//! the endpoint nor the type, keep working unchanged. The app takes the text from here and parses
//! no PDF itself (`styrebord_sync::SyncEngine::index_text` says why).

use serde::{Deserialize, Serialize};
use styrebord_core::meeting::Sha256;

/// The response header of `GET /v1/blobs/{sha256}` (200 and 206) with the whole blob's BLAKE3
/// digest in lowercase hex, which the hub computed when it stored the blob, after its SHA-256
/// matched. The app checks a download by it instead of by the SHA-256: ≈ 3× less CPU for the
/// same assurance against a damaged transfer, and the hash was the initial sync's main cost over
/// plain `curl` (docs/BENCHMARKS.md). Without it (an older hub, or a blob stored before the hub
/// recorded the digest) the app checks the SHA-256, as before. Every later read of the file
/// still checks the SHA-256 that names it.
pub const BLOB_BLAKE3_HEADER: &str = "styrebord-blake3";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentText {
    /// The blob the text was read from.
    pub sha256: Sha256,
    /// The text of each page, in page order (lines end in `\n`); empty for a PDF without text.
    pub pages: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_new_fields() {
        let sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        let t = DocumentText {
            sha256: Sha256::parse(sha).unwrap(),
            pages: vec!["Side 1\n".into(), "Side 2\n".into()],
        };
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["sha256"], sha);
        assert_eq!(json["pages"][1], "Side 2\n");
        let mut newer = json.clone();
        newer["language"] = "da".into();
        assert_eq!(serde_json::from_value::<DocumentText>(newer).unwrap(), t);
    }
}
