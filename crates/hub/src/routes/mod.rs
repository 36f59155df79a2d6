//! The HTTP surface: one module per endpoint, the shared state, and extractors that turn every
//! malformed request into our JSON error instead of axum's plain-text rejections.

mod blobs;
mod changes;
mod me;
mod mutations;
mod people;
mod updates;
pub mod upload;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use tower_http::catch_panic::CatchPanicLayer;

use crate::error::ApiError;
use crate::store::Store;

/// Where "today" comes from: the clock, or a fixed day (tests, demos).
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(NaiveDate),
}

impl Clock {
    pub fn today(&self) -> NaiveDate {
        match self {
            Clock::System => styrebord_core::calendar::committee_today(chrono::Utc::now()),
            Clock::Fixed(d) => *d,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub clock: Clock,
    /// The largest file the secretariat may upload, in bytes.
    pub max_upload: u64,
    pub uploads: upload::Uploads,
}

/// The whole API.
pub fn router(state: AppState, max_body: usize) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/v1/me", get(me::get))
        .route("/v1/changes", get(changes::get))
        .route("/v1/mutations", post(mutations::post))
        .route("/v1/people", get(people::list).post(people::invite))
        .route("/v1/people/{id}", delete(people::revoke_person))
        .route("/v1/people/{id}/tokens", post(people::new_token))
        .route("/v1/tokens/{id}", delete(people::revoke_token))
        .route("/v1/outstanding", get(people::awaited))
        .route(
            "/v1/blobs/{sha256}",
            // An upload streams to disk, so the JSON body limit does not apply to it.
            get(blobs::get)
                .put(upload::put)
                .layer(DefaultBodyLimit::disable()),
        )
        .route("/v1/uploads/{sha256}", get(upload::status))
        .route("/v1/blobs/{sha256}/text", get(blobs::text))
        .merge(updates::routes())
        .fallback(|| async { ApiError::not_found() })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CatchPanicLayer::custom(|_| {
            axum::response::IntoResponse::into_response(ApiError::internal())
        }))
        // Request ids, the request's log span and metrics are added around this by
        // server.rs (telemetry.rs, metrics.rs), apart from the handlers.
        .with_state(state)
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "api_version": "v1" }))
}

/// `Json<T>` whose rejections are our JSON errors with specific codes.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(r: &JsonRejection) -> ApiError {
    let detail = r.body_text();
    match r {
        JsonRejection::JsonDataError(_) => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "json_wrong_shape",
            format!("Forespørgslens JSON har forkerte felter eller typer: {detail}"),
            format!("The request's JSON has wrong fields or types: {detail}"),
        ),
        JsonRejection::JsonSyntaxError(_) => ApiError::new(
            StatusCode::BAD_REQUEST,
            "json_invalid",
            format!("Forespørgslen er ikke gyldig JSON: {detail}"),
            format!("The request is not valid JSON: {detail}"),
        ),
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "content_type_invalid",
            "Send forespørgslen med Content-Type: application/json.",
            "Send the request with Content-Type: application/json.",
        ),
        _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => body_too_large(),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "body_unreadable",
            "Forespørgslens indhold kunne ikke læses. Send den igen.",
            "The request body could not be read. Send it again.",
        ),
    }
}

pub fn body_too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        "Forespørgslen er for stor. Send færre ændringer ad gangen.",
        "The request is too large. Send fewer changes at a time.",
    )
}

/// `Query<T>` whose rejections are our JSON error `query_invalid`.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(q) => Ok(ApiQuery(q.0)),
            Err(r) => Err(query_rejection(&r)),
        }
    }
}

fn query_rejection(r: &QueryRejection) -> ApiError {
    let detail = r.body_text();
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "query_invalid",
        format!("Adressens parametre er ugyldige: {detail}"),
        format!("The address's query parameters are invalid: {detail}"),
    )
}
