//! The one error body of the API: `{code, message_da, message_en}`.

use serde::{Deserialize, Serialize};
use styrebord_core::write::Notice;
use styrebord_core::Refusal;

/// A machine-readable `code` (stable snake_case, listed in docs/API.md) and a message in Danish
/// and English that tells the person what to do next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ErrorBody {
    pub code: String,
    pub message_da: String,
    pub message_en: String,
}

impl ErrorBody {
    pub fn new(code: &str, message_da: impl Into<String>, message_en: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message_da: message_da.into(),
            message_en: message_en.into(),
        }
    }
}

impl From<&Notice> for ErrorBody {
    fn from(n: &Notice) -> Self {
        Self::new(n.code(), n.message_da(), n.message_en())
    }
}

impl From<&Refusal> for ErrorBody {
    fn from(r: &Refusal) -> Self {
        Self::new(r.code(), r.message_da(), r.message_en())
    }
}
