//! `POST /v1/mutations`: a device's batch, validated whole (replays, sequence) before anything is
//! stored, then applied in order in one transaction, each answered on its own. An op this hub
//! cannot read (a newer app's) is answered `op_unreadable` on its own, like a business refusal,
//! so it never blocks the writes queued after it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use chrono::NaiveDate;
use rusqlite::Transaction;
use sha2::{Digest, Sha256};
use styrebord_core::acts::permit;
use styrebord_core::org::{Actor, Person};
use styrebord_protocol::{
    ErrorBody, MutationResult, MutationResults, ReceivedBatch, ReceivedMutation, ReceivedOp,
    MAX_BATCH,
};

use crate::auth::Authed;
use crate::error::{ApiError, HubError};
use crate::ops::{self, OpError};
use crate::routes::{ApiJson, AppState};
use crate::store;

pub async fn post(
    State(state): State<AppState>,
    auth: Authed,
    ApiJson(batch): ApiJson<ReceivedBatch>,
) -> Result<Json<MutationResults>, ApiError> {
    check_shape(&batch)?;
    // The role × act matrix first: an act the role may never do refuses the whole batch, before
    // anything is stored (an honest app never sends one; its own check is the same table).
    for m in &batch.mutations {
        if let ReceivedOp::Known(op) = &m.op {
            permit(auth.person.role, op.act()).map_err(|r| ApiError::forbidden(&r))?;
        }
    }
    let today = state.clock.today();
    let results = state
        .store
        .run(move |s| s.write(|tx| process(tx, &auth.person, &batch, today)))
        .await??;
    Ok(Json(results))
}

fn bad_batch(code: &str, da: String, en: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, da, en)
}

fn check_shape(batch: &ReceivedBatch) -> Result<(), ApiError> {
    if batch.mutations.is_empty() || batch.mutations.len() > MAX_BATCH {
        return Err(bad_batch(
            "batch_size_invalid",
            format!("Send mellem 1 og {MAX_BATCH} ændringer ad gangen."),
            format!("Send between 1 and {MAX_BATCH} mutations at a time."),
        ));
    }
    if batch.mutations.iter().any(|m| m.client_seq == 0) {
        return Err(bad_batch(
            "client_seq_invalid",
            "client_seq begynder ved 1.".into(),
            "client_seq starts at 1.".into(),
        ));
    }
    Ok(())
}

/// How one mutation of the batch is to be handled, decided before any effect.
enum Plan {
    Replay(MutationResult),
    Apply(String),
}

fn payload_hash(m: &ReceivedMutation) -> Result<String, HubError> {
    // A known op is hashed as core's type writes it (as every stored hash was made); one this
    // hub cannot read, as it was sent.
    let op = match &m.op {
        ReceivedOp::Known(op) => serde_json::to_vec(op)?,
        ReceivedOp::Unreadable { raw, .. } => serde_json::to_vec(raw)?,
    };
    let mut h = Sha256::new();
    h.update(m.client_seq.to_be_bytes());
    h.update(&op);
    Ok(hex::encode(h.finalize()))
}

fn conflict(code: &str, da: String, en: String) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, code, da, en)
}

fn process(
    tx: &Transaction<'_>,
    person: &Person,
    batch: &ReceivedBatch,
    today: NaiveDate,
) -> Result<MutationResults, ApiError> {
    let device_id = batch.device_id.0.to_string();
    match store::device(tx, &device_id)? {
        Some((owner, _)) if owner != person.id.to_string() => {
            return Err(conflict(
                "device_conflict",
                "Enheds-id'et bruges allerede af en anden person. Geninstallér appen.".into(),
                "The device id is already used by another person. Reinstall the app.".into(),
            ))
        }
        Some(_) => {}
        None => store::ensure_device(tx, &device_id, &person.id)?,
    }
    let last = store::device(tx, &device_id)?.map(|(_, s)| s).unwrap_or(0);

    // 1. Decide every mutation's fate; refuse the whole batch before any effect.
    let mut expected = last + 1;
    let mut plans = Vec::with_capacity(batch.mutations.len());
    for m in &batch.mutations {
        let id = m.mutation_id.0.to_string();
        let hash = payload_hash(m)?;
        if let Some(seen) = store::stored_mutation(tx, &id)? {
            if seen.device_id != device_id
                || seen.client_seq != m.client_seq
                || seen.payload_hash != hash
            {
                return Err(conflict(
                    "mutation_payload_changed",
                    format!("Ændringen {id} er allerede modtaget med et andet indhold. Den kan ikke ændres; opret en ny."),
                    format!("Mutation {id} was already received with different content. It cannot change; create a new one."),
                ));
            }
            let result: MutationResult =
                serde_json::from_str(&seen.result).map_err(HubError::from)?;
            plans.push(Plan::Replay(result));
        } else if m.client_seq < expected {
            return Err(conflict(
                "client_seq_conflict",
                format!(
                    "client_seq {} er allerede brugt af en anden ændring fra denne enhed.",
                    m.client_seq
                ),
                format!(
                    "client_seq {} is already used by another mutation from this device.",
                    m.client_seq
                ),
            ));
        } else if m.client_seq > expected {
            return Err(conflict(
                "client_seq_gap",
                format!("Ændringerne kom i forkert rækkefølge: forventede client_seq {expected}, fik {}. Send de manglende først.", m.client_seq),
                format!("Mutations out of order: expected client_seq {expected}, got {}. Send the missing ones first.", m.client_seq),
            ));
        } else {
            expected += 1;
            plans.push(Plan::Apply(hash));
        }
    }

    // 2. Apply the new ones in order; a rejection is a result and still advances the sequence.
    let mut results = Vec::with_capacity(plans.len());
    for (m, plan) in batch.mutations.iter().zip(plans) {
        let result = match plan {
            Plan::Replay(r) => r,
            Plan::Apply(hash) => {
                let op = match &m.op {
                    ReceivedOp::Known(op) => Ok(op),
                    ReceivedOp::Unreadable { op_type, error, .. } => {
                        tracing::warn!(
                            op_type,
                            error,
                            "a mutation's op this hub cannot read (a newer app?)"
                        );
                        Err(ErrorBody::op_unreadable(op_type))
                    }
                };
                let applied = op
                    .map_err(OpError::Rejected)
                    .and_then(|op| ops::apply(tx, &Actor::from(person), op, today));
                let result = match applied {
                    Ok(applied) => MutationResult::Applied {
                        mutation_id: m.mutation_id,
                        client_seq: m.client_seq,
                        seq: applied.seq,
                        notices: applied.notices.iter().map(ErrorBody::from).collect(),
                    },
                    Err(OpError::Rejected(error)) => MutationResult::Rejected {
                        mutation_id: m.mutation_id,
                        client_seq: m.client_seq,
                        error,
                    },
                    Err(OpError::Hub(e)) => return Err(e.into()),
                };
                let json = serde_json::to_string(&result).map_err(HubError::from)?;
                store::store_mutation(
                    tx,
                    &m.mutation_id.0.to_string(),
                    &device_id,
                    m.client_seq,
                    &hash,
                    &json,
                )?;
                result
            }
        };
        results.push(result);
    }
    Ok(MutationResults { results })
}
