//! Read-only commands: every view the UI shows, from the local store (so they work offline).

use std::collections::BTreeSet;

use styrebord_core::portfolio::{
    depends_on_transitively, impact_of, reporting_quarter, PortfolioSystem, Quarter,
};
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
    state.mark("overview asked");
    let overview = state.with_session(|s| Ok(s.store.overview(today())?)).await;
    state.mark("overview answered");
    overview
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
    let systems = portfolio_systems(&state).await?;
    transitive(&system, &systems, impact_of)
}

/// The systems `system` depends on, directly or through others (the other half of the portfolio
/// graph's highlight).
#[tauri::command]
pub async fn dependencies(
    state: State<'_, AppState>,
    system: String,
) -> CommandResult<Vec<String>> {
    let systems = portfolio_systems(&state).await?;
    transitive(&system, &systems, depends_on_transitively)
}

async fn portfolio_systems(state: &State<'_, AppState>) -> CommandResult<Vec<PortfolioSystem>> {
    Ok(state
        .with_session(|s| Ok(s.store.portfolio()?))
        .await?
        .into_iter()
        .map(|v| v.system)
        .collect())
}

/// One of core's transitive closures over the portfolio, as the codes the UI shows (sorted).
fn transitive(
    system: &str,
    systems: &[PortfolioSystem],
    closure: fn(&SystemId, &[PortfolioSystem]) -> BTreeSet<SystemId>,
) -> CommandResult<Vec<String>> {
    let system =
        SystemId::parse(system).map_err(|_| CommandError::not_found("Systemet", "The system"))?;
    Ok(closure(&system, systems)
        .into_iter()
        .map(|s| s.to_string())
        .collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use styrebord_core::portfolio::Criticality;
    use styrebord_core::OrgId;

    fn system(code: &str, depends_on: &[&str]) -> PortfolioSystem {
        let id = |c: &str| SystemId::parse(c).unwrap_or_else(|e| panic!("{c}: {e}"));
        PortfolioSystem {
            code: id(code),
            name: code.to_owned(),
            owner: OrgId::parse("DIGST").unwrap_or_else(|e| panic!("{e}")),
            description: String::new(),
            criticality: Criticality::High,
            depends_on: depends_on.iter().map(|c| id(c)).collect(),
            critical_integrations: vec![],
            decided_at: None,
        }
    }

    /// CPR <- MITID <- NEMLOG-IN <- DIGITAL-POST, and DIGITAL-POST <- CPR directly too.
    fn portfolio() -> Vec<PortfolioSystem> {
        vec![
            system("CPR", &[]),
            system("MITID", &["CPR"]),
            system("NEMLOG-IN", &["MITID"]),
            system("DIGITAL-POST", &["NEMLOG-IN", "CPR"]),
        ]
    }

    fn ok(r: CommandResult<Vec<String>>) -> Vec<String> {
        r.unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn impact_and_dependencies_are_cores_two_closures() {
        let p = portfolio();
        assert_eq!(
            ok(transitive("MITID", &p, impact_of)),
            ["DIGITAL-POST", "NEMLOG-IN"]
        );
        assert_eq!(
            ok(transitive("MITID", &p, depends_on_transitively)),
            ["CPR"]
        );
        assert_eq!(
            ok(transitive("DIGITAL-POST", &p, depends_on_transitively)),
            ["CPR", "MITID", "NEMLOG-IN"]
        );
        assert!(ok(transitive("DIGITAL-POST", &p, impact_of)).is_empty());
    }

    #[test]
    fn a_malformed_code_is_not_found() {
        let err = transitive("ikke en kode", &portfolio(), depends_on_transitively)
            .expect_err("malformed code");
        assert_eq!(err.0.code, "not_found");
    }
}
