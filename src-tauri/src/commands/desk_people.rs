//! Personer on the desk: who has access, with their tokens and devices; invite (the token shown
//! once), a new token, revoke a token or a person, change an organisation's representative.
//! These go straight to the hub — a token is minted there and shown once, so nothing is queued —
//! and with the hub away the desk is told so in words that do not promise a later delivery.

use styrebord_core::ids::PersonId;
use styrebord_protocol::people::{Invitation, NewPerson, PersonAccess, Revoked};
use styrebord_sync::{SyncEngine, SyncError};
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

/// The hub is needed for people: an offline error says that, not "sent later".
fn people_error(e: SyncError) -> CommandError {
    match e {
        SyncError::Network(detail) | SyncError::Certificate(detail) => CommandError::new(
            "people_need_hub",
            format!(
                "Adgang kan kun ændres med forbindelse til hubben, og den kan ikke nås lige nu ({detail}). Intet er ændret; prøv igen, når der er forbindelse."
            ),
            format!(
                "Access can only be changed with the hub reachable, and it cannot be reached now ({detail}). Nothing was changed; try again when online."
            ),
        ),
        other => other.into(),
    }
}

async fn engine(state: &State<'_, AppState>) -> CommandResult<std::sync::Arc<SyncEngine>> {
    state.with_session(|s| Ok(s.engine.clone())).await
}

#[tauri::command]
pub async fn desk_people(state: State<'_, AppState>) -> CommandResult<Vec<PersonAccess>> {
    engine(&state).await?.people().await.map_err(people_error)
}

#[tauri::command]
pub async fn desk_invite(
    state: State<'_, AppState>,
    person: NewPerson,
) -> CommandResult<Invitation> {
    engine(&state)
        .await?
        .invite(&person)
        .await
        .map_err(people_error)
}

#[tauri::command]
pub async fn desk_new_token(
    state: State<'_, AppState>,
    person: PersonId,
) -> CommandResult<Invitation> {
    engine(&state)
        .await?
        .new_token(person)
        .await
        .map_err(people_error)
}

#[tauri::command]
pub async fn desk_revoke_person(
    state: State<'_, AppState>,
    person: PersonId,
) -> CommandResult<Revoked> {
    engine(&state)
        .await?
        .revoke_person(person)
        .await
        .map_err(people_error)
}

#[tauri::command]
pub async fn desk_revoke_token(
    state: State<'_, AppState>,
    token: String,
) -> CommandResult<Revoked> {
    engine(&state)
        .await?
        .revoke_token(&token)
        .await
        .map_err(people_error)
}

/// The committee's organisations (from the local copy), for choosing whom to invite.
#[tauri::command]
pub async fn organisations(
    state: State<'_, AppState>,
) -> CommandResult<Vec<styrebord_core::org::Organisation>> {
    state.with_session(|s| Ok(s.store.organisations()?)).await
}
