//! `POST /v1/mutations`: a batch of a device's writes, each answered on its own.
//!
//! Every mutation has a client-minted UUIDv7 `mutation_id` and the device's next `client_seq`
//! (1, 2, 3, … per device). The hub applies each exactly once:
//! - a mutation it has seen (same id, same payload) gets the stored result again, no effect;
//! - the same id with a different payload, or a `client_seq` gap, refuses the **whole batch**
//!   with HTTP 409 before anything is stored (`mutation_payload_changed`, `client_seq_gap`,
//!   `client_seq_conflict`);
//! - a business refusal is a per-mutation [`MutationResult::Rejected`] that still advances the
//!   device's sequence, so it never blocks the writes queued after it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::ErrorBody;

/// Most mutations in one batch.
pub const MAX_BATCH: usize = 100;

/// One installation of the app; it owns a `client_seq` sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(pub Uuid);

/// A mutation's id, minted by the client (UUIDv7) when the write is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
#[serde(transparent)]
pub struct MutationId(pub Uuid);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MutationBatch {
    pub device_id: DeviceId,
    /// In `client_seq` order; 1 to [`MAX_BATCH`] of them.
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mutation {
    pub mutation_id: MutationId,
    /// 1 for the device's first mutation, then +1 each.
    pub client_seq: u64,
    pub op: Op,
}

/// What a mutation does: core's [`Op`], decided by core on both sides.
pub use styrebord_core::write::Op;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MutationResults {
    /// One per mutation sent, in the same order.
    pub results: Vec<MutationResult>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MutationResult {
    /// The effect is visible in the change feed from `seq` on.
    Applied {
        mutation_id: MutationId,
        client_seq: u64,
        seq: u64,
        /// What the person should know about the write (a deadline missed, where a case went).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        notices: Vec<ErrorBody>,
    },
    /// A business refusal; final (retrying cannot help). The device's sequence moved on.
    Rejected {
        mutation_id: MutationId,
        client_seq: u64,
        #[serde(flatten)]
        error: ErrorBody,
    },
}

impl MutationResult {
    pub fn mutation_id(&self) -> MutationId {
        match self {
            MutationResult::Applied { mutation_id, .. }
            | MutationResult::Rejected { mutation_id, .. } => *mutation_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_rejects_unknown_fields() {
        let text =
            r#"{"device_id":"01890a5d-ac96-774b-bcce-b302099a8057","mutations":[],"extra":true}"#;
        assert!(serde_json::from_str::<MutationBatch>(text).is_err());
    }

    #[test]
    fn rejected_result_is_flat() {
        let id = MutationId(Uuid::nil());
        let r = MutationResult::Rejected {
            mutation_id: id,
            client_seq: 3,
            error: ErrorBody::new("comment_empty", "da", "en"),
        };
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["status"], "rejected");
        assert_eq!(json["code"], "comment_empty");
        assert_eq!(serde_json::from_value::<MutationResult>(json).unwrap(), r);
    }
}
