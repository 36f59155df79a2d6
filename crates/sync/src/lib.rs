//! # styrebord-sync — the member's sync engine
//!
//! Owns the client side of the `/v1` protocol: pull pages of `/v1/changes` and apply each with its
//! cursor in one store transaction (a 410 starts over without touching the outbox); push the
//! outbox in device order and record each mutation's own result; fetch the blobs of documents,
//! upcoming meetings first, resuming with `Range`, verifying SHA-256 and renaming atomically;
//! report progress; and, when the token is revoked, wipe the local copy and say why.
//!
//! What it must **not** do: write SQL (that is `styrebord-store`), decide a committee rule (that
//! is `styrebord-core`), or know about Tauri. Decisions are pure functions in [`plan`] with table
//! tests; [`engine`] is the thin IO around them.

mod download;
pub mod engine;
mod error;
pub mod http;
pub mod people;
pub mod plan;
pub mod progress;
pub mod upload;

pub use engine::{SyncConfig, SyncEngine, SyncReport, BLOB_CONCURRENCY};
pub use error::SyncError;
pub use plan::{backoff, classify, plan_push, Disposition};
pub use progress::{Phase, Progress};
pub use upload::{sha256_of_file, UploadProgress, Uploaded};
