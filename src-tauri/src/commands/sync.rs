//! Sync status and control, storage use and the calendar export.

use std::path::{Path, PathBuf};

use serde::Serialize;
use styrebord_ical::{meetings_calendar, CalendarInfo, Language};
use styrebord_store::views::SyncStatus;
use styrebord_store::OutboxEntry;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::state::AppState;

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CommandResult<SyncStatus> {
    state.with_session(|s| Ok(s.store.sync_status()?)).await
}

/// Asks the background task to sync now.
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> CommandResult<()> {
    state
        .with_session(|s| {
            s.engine.wake();
            Ok(())
        })
        .await
}

#[tauri::command]
pub async fn outbox(state: State<'_, AppState>) -> CommandResult<Vec<OutboxEntry>> {
    state.with_session(|s| Ok(s.store.outbox()?)).await
}

#[derive(Debug, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct StorageUsed {
    pub bytes: u64,
}

fn dir_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Bytes used by the local copy (database and downloaded documents).
#[tauri::command]
pub async fn storage_used(state: State<'_, AppState>) -> CommandResult<StorageUsed> {
    let data = state.with_session(|s| Ok(s.paths.data.clone())).await?;
    let bytes = tauri::async_runtime::spawn_blocking(move || dir_size(&data))
        .await
        .map_err(CommandError::internal)?;
    Ok(StorageUsed { bytes })
}

#[derive(Debug, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct ExportedFile {
    pub path: PathBuf,
}

/// Writes the meeting plan as `driftsstyregruppen.ics` to the Downloads folder (or the app's
/// data folder where there is none) and says where.
#[tauri::command]
pub async fn export_calendar(
    state: State<'_, AppState>,
    language: Option<String>,
) -> CommandResult<ExportedFile> {
    let (meetings, committee, data) = state
        .with_session(|s| {
            let plan = s.store.meeting_plan(None)?;
            Ok((
                plan.into_iter().map(|m| m.meeting).collect::<Vec<_>>(),
                s.store.sync_status()?.committee.name,
                s.paths.data.clone(),
            ))
        })
        .await?;
    let info = CalendarInfo {
        committee: &committee,
        language: if language.as_deref() == Some("en") {
            Language::English
        } else {
            Language::Danish
        },
        generated_at: chrono::Utc::now(),
    };
    let ics = meetings_calendar(&meetings, &info);
    let dir = directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(Path::to_path_buf))
        .filter(|d| d.is_dir())
        .unwrap_or(data);
    let path = dir.join(format!("{}.ics", file_stem(&committee)));
    tokio::fs::write(&path, ics)
        .await
        .map_err(CommandError::internal)?;
    Ok(ExportedFile { path })
}

/// A file name from the committee's name: "Driftsstyregruppen" → "driftsstyregruppen".
fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().to_lowercase().chars() {
        match c {
            'æ' => stem.push_str("ae"),
            'ø' => stem.push_str("oe"),
            'å' => stem.push_str("aa"),
            c if c.is_ascii_alphanumeric() => stem.push(c),
            _ if !stem.ends_with('-') => stem.push('-'),
            _ => {}
        }
    }
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "styrebord".to_owned()
    } else {
        stem.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn calendar_file_is_named_after_the_committee() {
        assert_eq!(file_stem("Driftsstyregruppen"), "driftsstyregruppen");
        assert_eq!(
            file_stem("Porteføljestyregruppen (PSTG)"),
            "portefoeljestyregruppen-pstg"
        );
        assert_eq!(file_stem("  "), "styrebord");
    }
}
