//! The desk's "Portefølje og roadmap": the portfolio, the quarterly status due and the roadmap as
//! they will be with the acts still waiting, with core's missing statuses and coordination
//! conflicts. Its edits are ordinary desk acts (`desk_act`).

use styrebord_store::desk_portfolio::DeskPortfolio;
use tauri::State;

use crate::error::CommandResult;
use crate::session::today;
use crate::state::AppState;

#[tauri::command]
pub async fn desk_portfolio(state: State<'_, AppState>) -> CommandResult<DeskPortfolio> {
    state
        .with_session(|s| Ok(s.store.desk_portfolio(today())?))
        .await
}
