//! Read-only commands: every view the UI shows, from the local store (so they work offline).

use std::collections::BTreeSet;

use styrebord_core::portfolio::{impact_of, reporting_quarter, PortfolioSystem, Quarter};
use styrebord_core::{MeetingId, SystemId};
use styrebord_store::views::{
    DecisionLogEntry, MeetingSummary, MeetingView, MinutesView, Overview, ProcedureView,
    RoadmapView, StatusView, SystemView,
};
use styrebord_store::SearchResults;
use tauri::State;

use crate::error::{CommandError, CommandResult};
use crate::session::today;
use crate::state::AppState;

/// Most search results returned at once.
const SEARCH_LIMIT: usize = 50;

fn parse_meeting(id: &str) -> CommandResult<MeetingId> {
    MeetingId::parse(id).map_err(|_| CommandError::not_found("Mødet", "The meeting"))
}

#[tauri::command]
pub async fn overview(state: State<'_, AppState>) -> CommandResult<Overview> {
    state.with_session(|s| Ok(s.store.overview(today())?)).await
}

#[tauri::command]
pub async fn meeting_plan(
    state: State<'_, AppState>,
    year: Option<i32>,
) -> CommandResult<Vec<MeetingSummary>> {
    state
        .with_session(|s| Ok(s.store.meeting_plan(year)?))
        .await
}

#[tauri::command]
pub async fn meeting(state: State<'_, AppState>, id: String) -> CommandResult<Option<MeetingView>> {
    let id = parse_meeting(&id)?;
    state
        .with_session(|s| Ok(s.store.meeting(id, today())?))
        .await
}

#[tauri::command]
pub async fn minutes(
    state: State<'_, AppState>,
    meeting: String,
) -> CommandResult<Option<MinutesView>> {
    let meeting = parse_meeting(&meeting)?;
    state
        .with_session(|s| Ok(s.store.minutes(meeting, today())?))
        .await
}

/// Referater: held meetings and meetings with minutes, newest first, with where each stands.
#[tauri::command]
pub async fn minutes_list(
    state: State<'_, AppState>,
) -> CommandResult<Vec<styrebord_store::minutes_list::MinutesListEntry>> {
    state
        .with_session(|s| Ok(s.store.minutes_list(today())?))
        .await
}

#[tauri::command]
pub async fn procedures(state: State<'_, AppState>) -> CommandResult<Vec<ProcedureView>> {
    state
        .with_session(|s| Ok(s.store.procedures(today())?))
        .await
}

#[tauri::command]
pub async fn decision_log(state: State<'_, AppState>) -> CommandResult<Vec<DecisionLogEntry>> {
    state.with_session(|s| Ok(s.store.decision_log()?)).await
}

#[tauri::command]
pub async fn portfolio(state: State<'_, AppState>) -> CommandResult<Vec<SystemView>> {
    state.with_session(|s| Ok(s.store.portfolio()?)).await
}

#[tauri::command]
pub async fn status(
    state: State<'_, AppState>,
    quarter: Option<String>,
) -> CommandResult<StatusView> {
    // No quarter asked for: the one whose status is due today, by core's rule.
    let quarter = match quarter {
        None => reporting_quarter(today()),
        Some(q) => Quarter::parse(&q).map_err(|_| {
            CommandError::new(
                "quarter_invalid",
                format!("«{q}» er ikke et kvartal; skriv fx 2026-Q3."),
                format!("“{q}” is not a quarter; write e.g. 2026-Q3."),
            )
        })?,
    };
    state.with_session(|s| Ok(s.store.status(quarter)?)).await
}

/// The systems affected, directly or through others, if `system` changes or fails.
#[tauri::command]
pub async fn impact(state: State<'_, AppState>, system: String) -> CommandResult<Vec<String>> {
    let system =
        SystemId::parse(&system).map_err(|_| CommandError::not_found("Systemet", "The system"))?;
    let systems: Vec<PortfolioSystem> = state
        .with_session(|s| Ok(s.store.portfolio()?))
        .await?
        .into_iter()
        .map(|v| v.system)
        .collect();
    let affected: BTreeSet<SystemId> = impact_of(&system, &systems);
    Ok(affected.into_iter().map(|s| s.to_string()).collect())
}

#[tauri::command]
pub async fn roadmap(state: State<'_, AppState>) -> CommandResult<RoadmapView> {
    state.with_session(|s| Ok(s.store.roadmap()?)).await
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: String) -> CommandResult<SearchResults> {
    state
        .with_session(|s| Ok(s.store.search(&query, SEARCH_LIMIT)?))
        .await
}
