//! # styrebord-hub — the secretariat's server
//!
//! Owns the authoritative store (SQLite in WAL mode, append-only migrations), token auth,
//! per-person visibility, the change feed `/v1/changes`, idempotent mutations `/v1/mutations`,
//! blobs `/v1/blobs/{sha256}`, and the secretariat's admin CLI. It is IO and mapping only: every
//! committee rule is asked of `styrebord-core` (who may write and who sees what:
//! `styrebord_core::access`); the wire types are `styrebord-protocol`'s.
//!
//! Map: [`server`] starts/stops; [`routes`] one module per endpoint; [`auth`] tokens; [`store`]
//! all SQL; [`fresh`] what an up-to-date poll needs, from memory; [`db`] opening and
//! migrations; [`ops`] what a mutation does; [`blobs`] files on disk;
//! [`admin`] the CLI's commands; [`demo`] the demo hub; [`cli`] argument parsing; [`error`] errors.
//!
//! Feature `server-ops` (default): what only the secretariat's server runs — [`cli`], `config`,
//! `tls`, `metrics`, `backup`, JSON logs. The app's embedded demo hub goes without it.
//!
//! Architecture invariant: every change to the committee's data is made through
//! [`store::record`], which appends its change-log row in the same transaction.

pub mod admin;
pub mod auth;
#[cfg(feature = "server-ops")]
pub mod backup;
pub mod blobs;
#[cfg(feature = "server-ops")]
pub mod cli;
#[cfg(feature = "server-ops")]
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod facts;
pub mod fresh;
#[cfg(feature = "server-ops")]
pub mod metrics;
pub mod ops;
mod pool;
pub mod routes;
pub mod server;
pub mod store;
pub mod telemetry;
#[cfg(feature = "server-ops")]
pub mod tls;
pub mod updates;

pub use error::{ApiError, HubError};
pub use routes::Clock;
pub use server::{
    start, start_with, RunningHub, ServeConfig, ServeOptions, DEFAULT_MAX_BODY, DEFAULT_MAX_UPLOAD,
};
pub use store::Store;
