//! Reading documents offline: their bytes from the verified blob cache, private notes per page
//! (which never leave the device) and read status.

use styrebord_core::DocumentId;
use styrebord_store::private::Note;
use styrebord_store::views::DocumentView;
use styrebord_store::BlobState;
use tauri::ipc::Response;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

fn parse_document(id: &str) -> CommandResult<DocumentId> {
    DocumentId::parse(id).map_err(|_| CommandError::not_found("Dokumentet", "The document"))
}

#[tauri::command]
pub async fn document(
    state: State<'_, AppState>,
    id: String,
) -> CommandResult<Option<DocumentView>> {
    let id = parse_document(&id)?;
    state.with_session(|s| Ok(s.store.document(id)?)).await
}

/// The PDF's bytes, as a raw IPC response (an ArrayBuffer in the UI; JSON would be ~25× slower).
/// Only bytes whose SHA-256 matches, checked on this read, are ever handed out.
#[tauri::command]
pub async fn document_bytes(state: State<'_, AppState>, sha256: String) -> CommandResult<Response> {
    let engine = state
        .with_session(|s| {
            let entry = s.store.blob(&sha256)?;
            match entry.map(|e| e.state) {
                Some(BlobState::Available) => Ok(s.engine.clone()),
                _ => Err(CommandError::new(
                    "document_not_available",
                    "Dokumentet er ikke hentet endnu. Det hentes, så snart der er forbindelse til hubben.",
                    "The document has not been downloaded yet. It will be as soon as the hub can be reached.",
                )),
            }
        })
        .await?;
    // Checked against its hash on this very read (a torn file is re-queued, never shown).
    let bytes = engine.read_blob(&sha256).await?;
    Ok(Response::new(bytes))
}

#[tauri::command]
pub async fn notes(state: State<'_, AppState>, document: String) -> CommandResult<Vec<Note>> {
    let document = parse_document(&document)?;
    state.with_session(|s| Ok(s.store.notes(document)?)).await
}

#[tauri::command]
pub async fn add_note(
    state: State<'_, AppState>,
    document: String,
    page: Option<u32>,
    text: String,
) -> CommandResult<Note> {
    let document = parse_document(&document)?;
    state
        .with_session(|s| Ok(s.store.add_note(document, page, &text)?))
        .await
}

#[tauri::command]
pub async fn update_note(
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> CommandResult<bool> {
    state
        .with_session(|s| Ok(s.store.update_note(&id, &text)?))
        .await
}

#[tauri::command]
pub async fn delete_note(state: State<'_, AppState>, id: String) -> CommandResult<bool> {
    state.with_session(|s| Ok(s.store.delete_note(&id)?)).await
}

#[tauri::command]
pub async fn mark_read(
    state: State<'_, AppState>,
    document: String,
    last_page: Option<u32>,
) -> CommandResult<()> {
    let document = parse_document(&document)?;
    state
        .with_session(|s| Ok(s.store.mark_read(document, last_page)?))
        .await
}
