//! The hub library's error type (`HubError`, for IO, storage and admin mistakes) and the HTTP
//! error (`ApiError`) that always answers `{code, message_da, message_en}` as JSON.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use styrebord_protocol::ErrorBody;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("stored JSON is unreadable: {0}")]
    Json(#[from] serde_json::Error),
    /// A mistake in what the secretariat asked for; the text says what to do.
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Refused(#[from] styrebord_core::Refusal),
    /// A rule could not read what it needed (a database fault inside a decision).
    #[error("{0}")]
    Facts(#[from] styrebord_core::write::FactsUnavailable),
}

/// An HTTP error answer. Client mistakes are 4xx with a specific code; only our own faults are
/// 500 (`internal`), and their details go to the log, not the client.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub body: ErrorBody,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &str,
        da: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            status,
            body: ErrorBody::new(code, da, en),
        }
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Der skete en fejl på serveren. Prøv igen om lidt; fortsætter fejlen, så kontakt sekretariatet.",
            "Something went wrong on the server. Try again shortly; if it persists, contact the secretariat.",
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "Adressen findes ikke i Styrebords API.",
            "There is no such address in Styrebord's API.",
        )
    }

    /// The role may not ask for this act at all (core's role × act matrix): 403, in core's words.
    pub fn forbidden(refusal: &styrebord_core::Refusal) -> Self {
        Self {
            status: StatusCode::FORBIDDEN,
            body: ErrorBody::from(refusal),
        }
    }

    /// The rules refused what was asked: 422, in core's words.
    pub fn refused(refusal: &styrebord_core::Refusal) -> Self {
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ErrorBody::from(refusal),
        }
    }

    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Metoden understøttes ikke på denne adresse.",
            "This method is not supported at this address.",
        )
    }
}

/// Core's "no" to an act of the hub's own (the CLI): the refusal, or the fault reading its facts.
impl From<styrebord_core::write::Denied> for HubError {
    fn from(d: styrebord_core::write::Denied) -> Self {
        match d {
            styrebord_core::write::Denied::Refused(r) => HubError::Refused(r),
            styrebord_core::write::Denied::Facts(f) => HubError::Facts(f),
        }
    }
}

impl From<HubError> for ApiError {
    fn from(e: HubError) -> Self {
        if let HubError::Refused(r) = &e {
            return ApiError::refused(r);
        }
        tracing::error!(error = %e, "request failed");
        ApiError::internal()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}
