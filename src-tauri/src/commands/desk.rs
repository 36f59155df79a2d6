//! The secretariat's and the chair's desk: the acts the person's role may do (core's matrix), the
//! year and a meeting as they will be with the acts still waiting, and one act at a time —
//! decided offline by core and delivered through the same outbox as a member's writes.

use styrebord_core::acts::Act;
use styrebord_core::entity::ReminderAbout;
use styrebord_core::write::Op;
use styrebord_core::{MeetingId, OrgId};
use styrebord_store::desk::{DeskMeeting, DeskYear};
use styrebord_store::LocalWrite;
use styrebord_sync::UploadProgress;
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

/// How an upload is coming along, sent as `desk://upload` while it runs.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct UploadProgressEvent {
    /// The id the UI gave the upload (its `upload-id` header).
    pub upload: String,
    pub sent: u64,
    pub total: u64,
    /// The connection went; it resumes by itself when the hub can be reached again.
    pub interrupted: bool,
}

pub const EVENT_UPLOAD: &str = "desk://upload";

/// How long an interrupted upload keeps trying before it gives up and says so (the hub keeps
/// what arrived, so choosing the file again resumes).
const UPLOAD_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// A PDF the desk uploaded: its SHA-256 (to publish it by) and size.
#[derive(Debug, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct UploadedFile {
    pub sha256: String,
    pub bytes: u64,
    /// Only what the hub did not already have was sent.
    pub sent: u64,
}

/// Uploads a PDF chosen in the desk (the file's bytes are the raw IPC body): kept in a file of
/// the app's own, sent to the hub streamed and resumable, then available offline and
/// publishable. Needs the hub; the publish act itself can then wait in the outbox. A lost
/// connection is ridden out (resumed from the hub's copy) while the bar says so.
#[tauri::command]
pub async fn desk_upload(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: tauri::ipc::Request<'_>,
) -> CommandResult<UploadedFile> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(CommandError::new(
            "upload_body_invalid",
            "Filen kom ikke med. Vælg den igen.",
            "The file did not arrive. Choose it again.",
        ));
    };
    let (engine, dir) = state
        .with_session(|s| Ok((s.engine.clone(), s.paths.data.join("uploads"))))
        .await?;
    std::fs::create_dir_all(&dir).map_err(CommandError::internal)?;
    let file = dir.join(format!("{}.pdf", uuid::Uuid::now_v7()));
    std::fs::write(&file, bytes).map_err(CommandError::internal)?;
    // The UI names the upload so its bar follows this one (two may run at once).
    let upload = request
        .headers()
        .get("upload-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let report: std::sync::Arc<dyn Fn(UploadProgress) + Send + Sync> =
        std::sync::Arc::new(move |p: UploadProgress| {
            crate::events::publish(
                &app,
                EVENT_UPLOAD,
                UploadProgressEvent {
                    upload: upload.clone(),
                    sent: p.sent,
                    total: p.total,
                    interrupted: p.interrupted,
                },
            );
        });
    let result = engine
        .upload_patiently(&file, report, UPLOAD_PATIENCE)
        .await;
    let _ = std::fs::remove_file(&file);
    let (sha256, up) = result?;
    Ok(UploadedFile {
        sha256,
        bytes: up.bytes,
        sent: up.sent,
    })
}
