//! Errors: [`StoreError`] (the database or its contents) and [`WriteError`] (a local write that
//! cannot be made: a rule says no, the thing is not there, or the database failed).

use serde::{Serialize, Serializer};
use styrebord_core::write::Denied;
use styrebord_core::Refusal;
use styrebord_protocol::{Cursor, ErrorBody};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("local database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("local database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("stored JSON is unreadable: {0}")]
    Json(#[from] serde_json::Error),
    /// A page would move the cursor backwards: it is older than what is stored (a replayed or
    /// reordered response). Nothing was applied.
    #[error("the change page ends at {page}, before the stored cursor {stored}; ignored")]
    CursorBackwards { stored: Cursor, page: Cursor },
    /// A page of another epoch than the stored cursor: the client must reset first.
    #[error("the change page is of epoch {page}, the store of epoch {stored}; reset first")]
    EpochMismatch { stored: u32, page: u32 },
    #[error("the local database holds unexpected data: {0}")]
    Corrupt(String),
    #[error("cannot start the local database's checkpoint thread: {0}")]
    Thread(std::io::Error),
    /// A rule could not read the local copy it needed.
    #[error("the local copy could not be read: {0}")]
    Unreadable(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Db(_)
            | StoreError::Migration(_)
            | StoreError::Json(_)
            | StoreError::Thread(_)
            | StoreError::Unreadable(_) => "local_database",
            StoreError::CursorBackwards { .. } => "cursor_backwards",
            StoreError::EpochMismatch { .. } => "epoch_mismatch",
            StoreError::Corrupt(_) => "local_database_corrupt",
        }
    }
}

/// The one conversion of a local database fault to what the member is shown.
impl From<&StoreError> for ErrorBody {
    fn from(e: &StoreError) -> Self {
        ErrorBody::new(
            e.code(),
            format!("Den lokale database fejlede: {e}. Genstart appen; fortsætter fejlen, så log ud og ind igen."),
            format!("The local database failed: {e}. Restart the app; if it persists, sign out and in again."),
        )
    }
}

impl Serialize for StoreError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ErrorBody::from(self).serialize(s)
    }
}

/// Why a local write was not made. Nothing was saved.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The committee's rule says no — the same refusal the hub would give.
    #[error("{0}")]
    Refused(#[from] Refusal),
    /// What the write is about is not in the local copy (e.g. not synced yet), or another
    /// precondition of the hub's own (with the hub's code and messages).
    #[error("{}", .0.message_en)]
    Unavailable(ErrorBody),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl From<Denied> for WriteError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Refused(r) => WriteError::Refused(r),
            Denied::Facts(f) => WriteError::Store(StoreError::Unreadable(f.0)),
        }
    }
}

impl From<rusqlite::Error> for WriteError {
    fn from(e: rusqlite::Error) -> Self {
        WriteError::Store(e.into())
    }
}

impl From<serde_json::Error> for WriteError {
    fn from(e: serde_json::Error) -> Self {
        WriteError::Store(e.into())
    }
}

impl WriteError {
    /// `{code, message_da, message_en}`, as the UI shows it.
    pub fn body(&self) -> ErrorBody {
        match self {
            WriteError::Refused(r) => ErrorBody::from(r),
            WriteError::Unavailable(b) => b.clone(),
            WriteError::Store(e) => ErrorBody::from(e),
        }
    }

    pub(crate) fn unavailable(code: &str, da: &str, en: &str) -> Self {
        WriteError::Unavailable(ErrorBody::new(code, da, en))
    }
}

impl Serialize for WriteError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.body().serialize(s)
    }
}
