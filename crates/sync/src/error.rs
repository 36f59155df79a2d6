//! Why a sync step failed, and whether trying again can help.

use serde::{Serialize, Serializer};
use styrebord_protocol::ErrorBody;
use styrebord_store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// No usable HTTP answer: connection refused or cut, timeout, truncated or malformed body.
    #[error("the hub could not be reached: {0}")]
    Network(String),
    /// A hub answered, but its TLS certificate is not trusted (expired, wrong name, or signed by
    /// an authority this computer does not know), or this computer has no trusted certificates to
    /// check one with. Retried, since IT may fix it, but said plainly: this is not "offline".
    #[error("the hub's certificate is not trusted: {0}")]
    Certificate(String),
    /// The hub answered with an error. `retry` says whether backing off and retrying can help.
    #[error("the hub answered {status}: {}", .body.message_en)]
    Hub {
        status: u16,
        body: ErrorBody,
        retry: bool,
    },
    /// The token was revoked: the local copy has been wiped.
    #[error("{}", .0.message_en)]
    Revoked(ErrorBody),
    /// A blob's file no longer matches its hash (torn by a power cut, damaged, deleted); it has
    /// been queued for download again.
    #[error("{}", .0.message_en)]
    BlobDamaged(ErrorBody),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
}

impl SyncError {
    /// Trying again later (with backoff) can help.
    pub fn is_retryable(&self) -> bool {
        match self {
            SyncError::Network(_) | SyncError::Certificate(_) => true,
            SyncError::Hub { retry, .. } => *retry,
            SyncError::Revoked(_)
            | SyncError::BlobDamaged(_)
            | SyncError::Store(_)
            | SyncError::Io(_) => false,
        }
    }

    /// `{code, message_da, message_en}` for the UI.
    pub fn body(&self) -> ErrorBody {
        match self {
            SyncError::Network(e) => ErrorBody::new(
                "offline",
                format!("Serveren kan ikke nås ({e}). Dine ændringer gemmes og sendes, når der er forbindelse."),
                format!("The server cannot be reached ({e}). Your changes are kept and sent when you are online."),
            ),
            SyncError::Certificate(e) => ErrorBody::new(
                "hub_certificate_untrusted",
                format!("Hubbens sikkerhedscertifikat kan ikke godkendes ({e}). Forbindelsen er afbrudt for at beskytte dine data. Kontakt sekretariatet eller din it-afdeling; dine ændringer gemmes imens."),
                format!("The hub's security certificate cannot be trusted ({e}). The connection was stopped to protect your data. Contact the secretariat or your IT department; your changes are kept meanwhile."),
            ),
            SyncError::Hub { body, .. } | SyncError::Revoked(body) | SyncError::BlobDamaged(body) => {
                body.clone()
            }
            SyncError::Store(e) => serde_json::to_value(e)
                .ok()
                .and_then(|v| serde_json::from_value(v).ok())
                .unwrap_or_else(|| ErrorBody::new("local_database", e.to_string(), e.to_string())),
            SyncError::Io(e) => ErrorBody::new(
                "local_files",
                format!("Appen kunne ikke skrive sine filer: {e}. Tjek at der er plads på disken."),
                format!("The app could not write its files: {e}. Check that the disk has space."),
            ),
        }
    }
}

impl Serialize for SyncError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.body().serialize(s)
    }
}

/// Classifies a failed request: a refused certificate (rustls's typed error, found in reqwest's
/// error chain) is told apart from being offline; `tests/https.rs` holds it to real TLS
/// endpoints.
pub(crate) fn request_failed(e: &reqwest::Error) -> SyncError {
    match crate::http::certificate_refused(e) {
        Some(reason) => SyncError::Certificate(reason),
        None => SyncError::Network(e.to_string()),
    }
}
