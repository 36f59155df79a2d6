//! Written procedure (skriftlig procedure): deciding a case between meetings.
//!
//! A case is adopted when its deadline passes without objection; silence is consent. One
//! objection moves it to the next meeting's agenda at once and closes the procedure.
//!
//! Responses are per organisation. Before the deadline an organisation may change its mind: a new
//! response *replaces* the earlier one (agree → comment, or comment → object). An objection is the
//! exception — it is final, because it has already moved the case.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{OrgId, PersonId, WrittenProcedureId};
use crate::minutes::check_text;
use crate::org::{Actor, Role};
use crate::refusal::Refusal;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case", tag = "kind", content = "text")]
pub enum Response {
    Agree,
    Comment(String),
    Object(String),
}

impl Response {
    pub fn is_objection(&self) -> bool {
        matches!(self, Response::Object(_))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ProcedureResponse {
    pub org: OrgId,
    pub by: PersonId,
    pub response: Response,
    pub given_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct WrittenProcedure {
    pub id: WrittenProcedureId,
    pub title: String,
    pub description: String,
    /// The last day responses are taken.
    pub deadline: NaiveDate,
    /// At most one per organisation (see [`record_response`]).
    pub responses: Vec<ProcedureResponse>,
    /// Ended by the secretariat before the outcome would otherwise be settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended: Option<ProcedureEnd>,
}

/// How the secretariat ended a procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ProcedureEnd {
    /// Closed early, every organisation having answered without objection: adopted that day.
    Closed { on: NaiveDate },
    /// Withdrawn: the case is not decided in writing (the reason is told to members).
    Withdrawn { on: NaiveDate, reason: String },
}

impl WrittenProcedure {
    /// The organisations that objected, in response order.
    pub fn objecting_orgs(&self) -> Vec<OrgId> {
        self.responses
            .iter()
            .filter(|r| r.response.is_objection())
            .map(|r| r.org.clone())
            .collect()
    }
}

/// Where a written procedure stands on a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// Before or on the deadline, no objection yet.
    Open,
    /// The deadline passed without objection.
    Adopted,
    /// At least one objection: the case goes on the next meeting's agenda
    /// (see [`crate::plan::next_meeting_after`]).
    MovedToMeeting { objected_by: Vec<OrgId> },
    /// The secretariat withdrew the case from written procedure.
    Withdrawn { reason: String },
}

pub fn outcome(procedure: &WrittenProcedure, today: NaiveDate) -> Outcome {
    let objected_by = procedure.objecting_orgs();
    if let Some(ProcedureEnd::Withdrawn { reason, .. }) = &procedure.ended {
        Outcome::Withdrawn {
            reason: reason.clone(),
        }
    } else if !objected_by.is_empty() {
        Outcome::MovedToMeeting { objected_by }
    } else if today > procedure.deadline
        || matches!(procedure.ended, Some(ProcedureEnd::Closed { .. }))
    {
        Outcome::Adopted
    } else {
        Outcome::Open
    }
}

/// May `actor` give `response` for `org` today? Members, substitutes and the chair answer for
/// their own organisation; the secretariat may record an answer for any; observers never answer.
pub fn check_response(
    procedure: &WrittenProcedure,
    org: &OrgId,
    response: &Response,
    actor: &Actor,
    today: NaiveDate,
) -> Result<(), Refusal> {
    match actor.role {
        Role::Observer => return Err(Refusal::ObserverCannotRespond),
        Role::Secretariat => {}
        Role::Chair | Role::Member | Role::Substitute if actor.org == *org => {}
        Role::Chair | Role::Member | Role::Substitute => {
            return Err(Refusal::NotOrgRepresentative { org: org.clone() })
        }
    }
    if procedure.ended.is_some() {
        return Err(Refusal::ProcedureEnded);
    }
    if let Some(first) = procedure.objecting_orgs().into_iter().next() {
        return Err(Refusal::ProcedureClosedByObjection {
            objecting_org: first,
        });
    }
    if today > procedure.deadline {
        return Err(Refusal::ProcedureDeadlinePassed {
            deadline: procedure.deadline,
        });
    }
    match response {
        Response::Agree => Ok(()),
        Response::Comment(text) | Response::Object(text) => check_text(text),
    }
}

/// Checks, then stores the response as given by `actor` today, replacing `org`'s earlier one.
pub fn record_response(
    procedure: &mut WrittenProcedure,
    org: &OrgId,
    response: Response,
    actor: &Actor,
    today: NaiveDate,
) -> Result<(), Refusal> {
    check_response(procedure, org, &response, actor, today)?;
    procedure.responses.retain(|r| r.org != *org);
    procedure.responses.push(ProcedureResponse {
        org: org.clone(),
        by: actor.person,
        response,
        given_on: today,
    });
    Ok(())
}
