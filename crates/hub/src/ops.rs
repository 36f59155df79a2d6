//! Applying a write: core decides it ([`styrebord_core::write::decide`]) from the hub's facts
//! ([`HubFacts`]), and the hub records each change the decision names with [`store::record`], in
//! the caller's transaction. No rule lives here: a refusal is core's, in core's words.

use chrono::NaiveDate;
use rusqlite::Transaction;
use styrebord_core::org::Actor;
use styrebord_core::write::{decide, Decision, Denied, Notice, Op};
use styrebord_protocol::ErrorBody;

use crate::error::HubError;
use crate::facts::HubFacts;
use crate::store;

/// Why an operation was not applied.
#[derive(Debug)]
pub enum OpError {
    /// A business answer for the person: becomes a `rejected` result.
    Rejected(ErrorBody),
    /// Our fault: the whole request fails with 500.
    Hub(HubError),
}

impl From<HubError> for OpError {
    fn from(e: HubError) -> Self {
        OpError::Hub(e)
    }
}

impl From<Denied> for OpError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::Refused(r) => OpError::Rejected(ErrorBody::from(&r)),
            Denied::Facts(e) => OpError::Hub(HubError::Facts(e)),
        }
    }
}

/// What an applied write did: the seq of its last change, and what the person should know.
#[derive(Debug, Clone, PartialEq)]
pub struct Applied {
    pub seq: u64,
    pub notices: Vec<Notice>,
}

/// Decides `op` for `actor` on `today` and records it; nothing is written when it is refused.
pub fn apply(
    tx: &Transaction<'_>,
    actor: &Actor,
    op: &Op,
    today: NaiveDate,
) -> Result<Applied, OpError> {
    let decision = decide(&HubFacts::new(tx), actor, op, today)?;
    Ok(record(tx, decision)?)
}

/// Records every change of an allowed decision, in order.
pub fn record(tx: &Transaction<'_>, decision: Decision) -> Result<Applied, HubError> {
    let mut seq = store::head_seq(tx)?;
    for change in &decision.changes {
        seq = store::record(tx, &change.entity, &change.visibility)?;
    }
    Ok(Applied {
        seq,
        notices: decision.notices,
    })
}
