//! # styrebord-protocol — the hub's versioned `/v1` wire types
//!
//! Owns the JSON shapes that cross the network between the hub (`crates/hub`) and the desktop
//! app's sync engine: the change feed page, the mutation batch and its per-mutation results, the
//! error body, `/v1/me`. Domain values travel as the types of `styrebord-core`, unchanged.
//!
//! What it must **not** do: no IO, no async, no HTTP client or server, no rules. Request types
//! reject unknown fields (`deny_unknown_fields`) so a typo is an error, not silently ignored;
//! response types accept unknown fields so a newer hub can add some without breaking older apps.
//!
//! Map: [`cursor`] (the opaque change-feed cursor), [`changes`] (`GET /v1/changes`),
//! [`mutations`] (`POST /v1/mutations`), [`error`] (`{code, message_da, message_en}`),
//! [`me`] (`GET /v1/me`), [`people`] (the secretariat's acts on access), [`blobs`] (`GET /v1/blobs/{sha256}/text`).

pub mod blobs;
pub mod changes;
pub mod cursor;
pub mod error;
pub mod me;
pub mod mutations;
pub mod people;

pub use blobs::{DocumentText, BLOB_BLAKE3_HEADER};
pub use changes::{
    Change, ChangesPage, Entity, Minutes, PersonInfo, UnreadableChange, DEFAULT_LIMIT, MAX_LIMIT,
};
pub use cursor::{Cursor, CursorError};
pub use error::ErrorBody;
pub use me::Me;
pub use mutations::{
    DeviceId, Mutation, MutationBatch, MutationId, MutationResult, MutationResults, Op,
    ReceivedBatch, ReceivedMutation, ReceivedOp, MAX_BATCH,
};
pub use people::{
    DeviceInfo, Invitation, NewPerson, Outstanding, PersonAccess, Revoked, TokenInfo,
};

/// The path prefix of this protocol version.
pub const API_PREFIX: &str = "/v1";
