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

/// A batch as the hub reads it: the envelope must be right (else the whole batch is refused,
/// `json_wrong_shape`), but an op the hub cannot read — a newer app's kind of write, or a
/// newer shape of a known one — is only that mutation's problem ([`ReceivedOp::Unreadable`]):
/// it is answered as rejected and the writes around it go on.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedBatch {
    pub device_id: DeviceId,
    pub mutations: Vec<ReceivedMutation>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceivedMutation {
    pub mutation_id: MutationId,
    pub client_seq: u64,
    pub op: ReceivedOp,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReceivedOp {
    Known(Op),
    /// Not an op of this version: its `type` as sent (empty when it has none), the op as
    /// sent (for the payload check of a replay), and why it could not be read.
    Unreadable {
        op_type: String,
        raw: serde_json::Value,
        error: String,
    },
}

impl<'de> Deserialize<'de> for ReceivedOp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = serde_json::Value::deserialize(d)?;
        Ok(match Op::deserialize(&raw) {
            Ok(op) => ReceivedOp::Known(op),
            Err(e) => ReceivedOp::Unreadable {
                op_type: raw
                    .get("type")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                error: e.to_string(),
                raw,
            },
        })
    }
}

impl ErrorBody {
    /// The rejection of a mutation whose op this hub cannot read (code `op_unreadable`). The
    /// parser's own words (which may list every op this hub knows) are for the hub's log, not
    /// for the member.
    pub fn op_unreadable(op_type: &str) -> ErrorBody {
        ErrorBody::new(
            "op_unreadable",
            format!(
                "Hubben kan ikke læse denne ændring (handlingen »{op_type}«). Den er sendt fra \
                 en nyere version af Styrebord end hubbens, og den er ikke gemt på hubben. Bed \
                 sekretariatet opdatere hubben, og foretag ændringen igen derefter."
            ),
            format!(
                "The hub cannot read this change (the action \"{op_type}\"). It was sent from \
                 a newer version of Styrebord than the hub's, and it was not stored on the hub. \
                 Ask the secretariat to update the hub, then make the change again."
            ),
        )
    }
}

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
    fn a_batch_is_read_whole_but_an_unknown_op_only_marks_its_mutation() {
        let text = r#"{"device_id":"01890a5d-ac96-774b-bcce-b302099a8057","mutations":[
            {"mutation_id":"01890a5d-ac96-774b-bcce-b302099a8058","client_seq":1,
             "op":{"type":"dismiss_comment","comment":"01890a5d-ac96-774b-bcce-b302099a8059"}},
            {"mutation_id":"01890a5d-ac96-774b-bcce-b302099a805a","client_seq":2,
             "op":{"type":"cancel_registration","meeting":"01890a5d-ac96-774b-bcce-b302099a805b",
                   "registration":"01890a5d-ac96-774b-bcce-b302099a805d","reason":"syg"}},
            {"mutation_id":"01890a5d-ac96-774b-bcce-b302099a805c","client_seq":3,"op":{}}]}"#;
        let batch: ReceivedBatch = serde_json::from_str(text).unwrap();
        let kinds: Vec<_> = batch
            .mutations
            .iter()
            .map(|m| match &m.op {
                ReceivedOp::Known(_) => "known".to_owned(),
                ReceivedOp::Unreadable { op_type, .. } => format!("unreadable {op_type}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "unreadable dismiss_comment",
                "unreadable cancel_registration",
                "unreadable "
            ]
        );
        // The envelope stays strict.
        let extra = r#"{"device_id":"01890a5d-ac96-774b-bcce-b302099a8057","mutations":[],"x":1}"#;
        assert!(serde_json::from_str::<ReceivedBatch>(extra).is_err());
    }

    #[test]
    fn an_op_this_version_knows_reads_as_the_client_wrote_it() {
        let op = Op::CancelRegistration {
            meeting: styrebord_core::MeetingId::parse("01890a5d-ac96-774b-bcce-b302099a8056")
                .unwrap(),
            registration: styrebord_core::RegistrationId::parse(
                "01890a5d-ac96-774b-bcce-b302099a8057",
            )
            .unwrap(),
        };
        let m = Mutation {
            mutation_id: MutationId(Uuid::nil()),
            client_seq: 4,
            op: op.clone(),
        };
        let back: ReceivedMutation =
            serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
        assert_eq!(back.op, ReceivedOp::Known(op));
        assert_eq!(back.client_seq, 4);
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
