//! The secretariat's acts on people and access, over HTTP: invite (the token returned once), a
//! new token, revoke a token or a person, each person's tokens and devices with their last
//! contact, and changing an organisation's representative. Also who has not answered a
//! procedure or a comment round. Each act passes core's role × act matrix first (403), then
//! core's rules (422); the same functions serve the CLI.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use styrebord_core::acts::{permit, Act};
use styrebord_core::entity::{PersonInfo, ReminderAbout};
use styrebord_core::ids::{MinutesId, PersonId, WrittenProcedureId};
use styrebord_core::org::Actor;
use styrebord_core::write::outstanding;
use styrebord_core::Refusal;
use styrebord_protocol::{Invitation, NewPerson, Outstanding, PersonAccess, Revoked};

use crate::admin;
use crate::auth::Authed;
use crate::error::{ApiError, HubError};
use crate::facts::HubFacts;
use crate::routes::{ApiJson, ApiQuery, AppState};
use crate::store;

/// The caller as an actor allowed to do `act`, or 403.
fn actor_for(auth: &Authed, act: Act) -> Result<Actor, ApiError> {
    permit(auth.person.role, act).map_err(|r| ApiError::forbidden(&r))?;
    Ok(Actor::from(&auth.person))
}

fn invitation(i: admin::Invitation) -> Invitation {
    Invitation {
        person: i.person,
        token_id: i.token_id,
        token: i.token,
    }
}

/// `GET /v1/people`
pub async fn list(
    State(state): State<AppState>,
    auth: Authed,
) -> Result<Json<Vec<PersonAccess>>, ApiError> {
    actor_for(&auth, Act::ListDevices)?;
    let people = state
        .store
        .run(|s| {
            s.read(|c| {
                store::all_persons(c)?
                    .into_iter()
                    .map(|person| {
                        let (tokens, devices) = store::access_of(c, &person.id)?;
                        Ok(PersonAccess {
                            person,
                            tokens,
                            devices,
                        })
                    })
                    .collect::<Result<Vec<_>, HubError>>()
            })
        })
        .await??;
    Ok(Json(people))
}

/// `POST /v1/people`
pub async fn invite(
    State(state): State<AppState>,
    auth: Authed,
    ApiJson(new): ApiJson<NewPerson>,
) -> Result<(StatusCode, Json<Invitation>), ApiError> {
    let act = if new.replace_representative {
        Act::ChangeRepresentative
    } else {
        Act::InvitePerson
    };
    let actor = actor_for(&auth, act)?;
    let info = PersonInfo {
        id: new.id,
        name: new.name,
        email: new.email,
        org: new.org,
        role: new.role,
        active: true,
    };
    let replace = new.replace_representative;
    let made = state
        .store
        .run(move |s| admin::appoint(s, &actor, &info, replace))
        .await??;
    Ok((StatusCode::CREATED, Json(invitation(made))))
}

/// `POST /v1/people/{id}/tokens`
pub async fn new_token(
    State(state): State<AppState>,
    auth: Authed,
    Path(person): Path<PersonId>,
) -> Result<(StatusCode, Json<Invitation>), ApiError> {
    actor_for(&auth, Act::IssueToken)?;
    let made = state
        .store
        .run(move |s| admin::issue_token(s, &person))
        .await??;
    Ok((StatusCode::CREATED, Json(invitation(made))))
}

/// `DELETE /v1/people/{id}`
pub async fn revoke_person(
    State(state): State<AppState>,
    auth: Authed,
    Path(person): Path<PersonId>,
) -> Result<Json<Revoked>, ApiError> {
    let actor = actor_for(&auth, Act::RevokeAccess)?;
    let n = state
        .store
        .run(move |s| admin::revoke_person(s, &actor, person))
        .await??;
    Ok(Json(Revoked {
        person: Some(person),
        tokens_revoked: n,
    }))
}

/// `DELETE /v1/tokens/{id}`
pub async fn revoke_token(
    State(state): State<AppState>,
    auth: Authed,
    Path(token): Path<String>,
) -> Result<Json<Revoked>, ApiError> {
    actor_for(&auth, Act::RevokeAccess)?;
    let revoked = state
        .store
        .run(move |s| s.write(|tx| store::revoke_token(tx, &token)))
        .await??;
    if !revoked {
        return Err(ApiError::refused(&Refusal::TokenNotFound));
    }
    Ok(Json(Revoked {
        person: None,
        tokens_revoked: 1,
    }))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutstandingQuery {
    procedure: Option<WrittenProcedureId>,
    minutes: Option<MinutesId>,
}

/// `GET /v1/outstanding?procedure=…` or `?minutes=…`
pub async fn awaited(
    State(state): State<AppState>,
    auth: Authed,
    ApiQuery(q): ApiQuery<OutstandingQuery>,
) -> Result<Json<Outstanding>, ApiError> {
    actor_for(&auth, Act::ListOutstanding)?;
    let about = match (q.procedure, q.minutes) {
        (Some(p), None) => ReminderAbout::Procedure(p),
        (None, Some(m)) => ReminderAbout::Minutes(m),
        _ => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "query_invalid",
                "Angiv enten procedure=… eller minutes=….",
                "Give either procedure=… or minutes=….",
            ))
        }
    };
    let orgs = state
        .store
        .run(move |s| s.read(|c| Ok(outstanding(&HubFacts::new(c), about)?)))
        .await??;
    Ok(Json(Outstanding { orgs }))
}
