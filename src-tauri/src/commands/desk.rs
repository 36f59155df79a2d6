//! The secretariat's and the chair's desk: the acts the person's role may do (core's matrix), the
//! year and a meeting as they will be with the acts still waiting, and one act at a time —
//! decided offline by core and delivered through the same outbox as a member's writes.

use styrebord_core::acts::Act;
use styrebord_core::entity::ReminderAbout;
use styrebord_core::write::Op;
use styrebord_core::{MeetingId, OrgId};
use styrebord_store::desk::{DeskMeeting, DeskYear};
use styrebord_store::LocalWrite;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::session::today;
use crate::state::AppState;

/// What the signed-in person may do; the UI shows the desk only when this names a desk act.
#[tauri::command]
pub async fn my_acts(state: State<'_, AppState>) -> CommandResult<Vec<Act>> {
    state.with_session(|s| Ok(s.store.my_acts()?)).await
}

#[tauri::command]
pub async fn desk_year(state: State<'_, AppState>, year: i32) -> CommandResult<DeskYear> {
    state.with_session(|s| Ok(s.store.desk_year(year)?)).await
}

#[tauri::command]
pub async fn desk_meeting(
    state: State<'_, AppState>,
    meeting: String,
) -> CommandResult<DeskMeeting> {
    let id =
        MeetingId::parse(&meeting).map_err(|_| CommandError::not_found("Mødet", "The meeting"))?;
    state
        .with_session(|s| {
            s.store
                .desk_meeting(id, today())?
                .ok_or_else(|| CommandError::not_found("Mødet", "The meeting"))
        })
        .await
}

/// Who has not answered a procedure or commented in a round (from the local copy).
#[tauri::command]
pub async fn desk_outstanding(
    state: State<'_, AppState>,
    about: ReminderAbout,
) -> CommandResult<Vec<OrgId>> {
    state
        .with_session(|s| Ok(s.store.desk_outstanding(about)?))
        .await
}

/// One act of the desk: decided by core over the local copy, saved with its outbox row, and
/// sent at once when the hub can be reached. Refusals are core's, in its words.
#[tauri::command]
pub async fn desk_act(state: State<'_, AppState>, op: Op) -> CommandResult<LocalWrite> {
    state
        .with_session(|s| {
            let write = s.store.write_op(op, today())?;
            s.engine.wake();
            Ok(write)
        })
        .await
}
