//! The one error body of the API: `{code, message_da, message_en}`.

use serde::{Deserialize, Serialize};
use styrebord_core::text::Message;

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

/// What core says (a refusal, a notice) in the API's one shape.
impl<M: Message> From<&M> for ErrorBody {
    fn from(m: &M) -> Self {
        Self::new(m.code(), m.message_da(), m.message_en())
    }
}
