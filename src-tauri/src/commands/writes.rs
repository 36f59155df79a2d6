//! The member's own writes. Each is checked offline with the same core rule the hub applies,
//! saved locally together with its outbox row, and pushed when the hub can be reached.

use styrebord_core::minutes::NewComment;
use styrebord_core::procedure::Response;
use styrebord_core::registration::{NewRegistration, RegistrationKind};
use styrebord_core::{AgendaItemId, MeetingId, MinutesId, RegistrationId, WrittenProcedureId};
use styrebord_protocol::MutationId;
use styrebord_store::LocalWrite;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::session::{today, Session};
use crate::state::AppState;

fn bad_id(what_da: &str, what_en: &str) -> CommandError {
    CommandError::not_found(what_da, what_en)
}

fn after_write(session: &Session, write: LocalWrite) -> CommandResult<LocalWrite> {
    // Try to deliver at once; if offline, the engine keeps it and retries.
    session.engine.wake();
    Ok(write)
}

#[tauri::command]
pub async fn register(
    state: State<'_, AppState>,
    meeting: String,
    kind: RegistrationKind,
    name: String,
    email: String,
) -> CommandResult<LocalWrite> {
    let meeting = MeetingId::parse(&meeting).map_err(|_| bad_id("Mødet", "The meeting"))?;
    state
        .with_session(|s| {
            let me = s.store.me()?.ok_or_else(CommandError::not_signed_in)?;
            let new = NewRegistration {
                org: me.org,
                kind,
                person: None,
                name: name.trim().to_string(),
                email: email.trim().to_string(),
            };
            let write = s.store.register(meeting, new, today())?;
            after_write(s, write)
        })
        .await
}

#[tauri::command]
pub async fn cancel_registration(
    state: State<'_, AppState>,
    meeting: String,
    registration: String,
) -> CommandResult<LocalWrite> {
    let meeting = MeetingId::parse(&meeting).map_err(|_| bad_id("Mødet", "The meeting"))?;
    let registration = RegistrationId::parse(&registration)
        .map_err(|_| bad_id("Tilmeldingen", "The registration"))?;
    state
        .with_session(|s| {
            let write = s
                .store
                .cancel_registration(meeting, registration, today())?;
            after_write(s, write)
        })
        .await
}

#[tauri::command]
pub async fn comment(
    state: State<'_, AppState>,
    minutes: String,
    agenda_item: String,
    text: String,
) -> CommandResult<LocalWrite> {
    let minutes = MinutesId::parse(&minutes).map_err(|_| bad_id("Referatet", "The minutes"))?;
    let agenda_item = AgendaItemId::parse(&agenda_item)
        .map_err(|_| bad_id("Dagsordenspunktet", "The agenda item"))?;
    state
        .with_session(|s| {
            let write = s
                .store
                .comment(minutes, NewComment { agenda_item, text }, today())?;
            after_write(s, write)
        })
        .await
}

#[tauri::command]
pub async fn respond(
    state: State<'_, AppState>,
    procedure: String,
    response: Response,
) -> CommandResult<LocalWrite> {
    let procedure = WrittenProcedureId::parse(&procedure)
        .map_err(|_| bad_id("Den skriftlige sag", "The written procedure"))?;
    state
        .with_session(|s| {
            let write = s.store.respond(procedure, response, today())?;
            after_write(s, write)
        })
        .await
}

#[tauri::command]
pub async fn dismiss_rejected(
    state: State<'_, AppState>,
    mutation_id: String,
) -> CommandResult<bool> {
    let id = uuid::Uuid::parse_str(&mutation_id)
        .map(MutationId)
        .map_err(|_| bad_id("Den afviste ændring", "The rejected write"))?;
    state
        .with_session(|s| Ok(s.store.dismiss_rejected(id)?))
        .await
}
