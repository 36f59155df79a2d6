//! `GET /v1/updates/{target}/{arch}/{current_version}`: the Tauri updater's dynamic manifest
//! (204 when nothing newer is published, else 200 `{version, notes, pub_date, url, signature}`),
//! and `GET /v1/updates/packages/{sha256}`: a published package's bytes.
//!
//! Both need a member's token, like the rest of `/v1`: a hub reachable from outside hands
//! nothing to strangers, and the app already holds the token. The token adds no integrity —
//! the signature, checked by the app against its built-in key, does that.

use std::path::PathBuf;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tokio_util::io::ReaderStream;

use crate::auth::Authed;
use crate::error::ApiError;
use crate::routes::{ApiQuery, AppState};
use crate::updates;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/v1/updates/{target}/{arch}/{current_version}",
            get(manifest),
        )
        .route("/v1/updates/packages/{sha256}", get(package))
}

/// What the Tauri updater reads (its "dynamic" format).
#[derive(Debug, Serialize)]
pub struct Manifest {
    pub version: String,
    pub notes: Option<String>,
    pub pub_date: String,
    pub url: String,
    pub signature: String,
    /// The package's file name as published (not read by the updater; the app offers it when
    /// the member saves the package).
    pub file_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestQuery {
    /// The updater's `{{bundle_type}}`: how the app was installed (`deb`, `msi`, …, `unknown`).
    bundle: Option<String>,
}

/// The data directory: the blob folder's parent (`Store::open` puts it at `<data>/blobs`).
fn data_dir(state: &AppState) -> PathBuf {
    state
        .store
        .blob_dir()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default()
}

async fn manifest(
    State(state): State<AppState>,
    _auth: Authed,
    Path((target, arch, current)): Path<(String, String, String)>,
    ApiQuery(q): ApiQuery<ManifestQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let current = semver::Version::parse(current.trim_start_matches('v')).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "update_version_invalid",
            format!("«{current}» er ikke et versionsnummer som 1.2.3."),
            format!("“{current}” is not a version number like 1.2.3."),
        )
    })?;
    let data = data_dir(&state);
    let found = tokio::task::spawn_blocking(move || {
        updates::newest_for(&data, &target, &arch, q.bundle.as_deref(), &current)
    })
    .await
    .map_err(|_| ApiError::internal())??;
    let Some(release) = found else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    Ok(Json(Manifest {
        url: format!(
            "{}/v1/updates/packages/{}",
            origin(&headers),
            release.sha256
        ),
        version: release.version,
        notes: release.notes,
        pub_date: release.pub_date,
        signature: release.signature,
        file_name: release.file_name,
    })
    .into_response())
}

/// This hub as the request addressed it (Host, and the scheme a proxy in front says it used).
/// The updater needs an absolute URL; Styrebord's app fetches the path from the hub it is
/// signed in to in any case, so its token never goes to another address.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .and_then(|p| p.split(',').next())
        .map(str::trim)
        .filter(|p| *p == "https" || *p == "http")
        .unwrap_or("http");
    format!("{scheme}://{host}")
}

async fn package(
    State(state): State<AppState>,
    _auth: Authed,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let not_found = || {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "update_package_not_found",
            "Opdateringspakken findes ikke på hubben. Søg efter opdateringer igen.",
            "The update package is not on the hub. Check for updates again.",
        )
    };
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(not_found());
    }
    let data = data_dir(&state);
    let key = sha256.clone();
    let release = {
        let data = data.clone();
        tokio::task::spawn_blocking(move || updates::published_package(&data, &key))
            .await
            .map_err(|_| ApiError::internal())??
            .ok_or_else(not_found)?
    };
    let file = tokio::fs::File::open(updates::package_path(&data, &sha256))
        .await
        .map_err(|_| not_found())?;
    let len = file
        .metadata()
        .await
        .map_err(|_| ApiError::internal())?
        .len();
    let mut response = Body::from_stream(ReaderStream::new(file)).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    // The file name is ours (a published package's), but quote-safe all the same.
    let name: String = release
        .file_name
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\')
        .collect();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}
