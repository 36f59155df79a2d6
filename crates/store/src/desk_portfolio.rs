//! The desk's "Portefølje og roadmap": the portfolio, the quarterly status due and the roadmap as
//! they will be once the acts still waiting in the outbox reach the hub (read through
//! [`LocalFacts`], which lays them over the mirror), with core's answers about them — which
//! quarter's status is due, which systems still lack one, and which roadmap items need
//! coordinating. No rule is decided here.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use styrebord_core::meeting::{Meeting, MeetingStatus};
use styrebord_core::org::Organisation;
use styrebord_core::portfolio::{
    missing_statuses, reporting_quarter, PortfolioSystem, Quarter, QuarterlyStatus,
};
use styrebord_core::roadmap::{coordination_conflicts, Conflict, RoadmapItem};
use styrebord_core::write::{Facts, FactsUnavailable};
use styrebord_core::SystemId;

use crate::facts::LocalFacts;
use crate::{Store, StoreError};

/// The portfolio and the roadmap on the desk, waiting acts included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DeskPortfolio {
    /// The portfolio's systems, by code.
    pub systems: Vec<PortfolioSystem>,
    /// The committee's organisations, by code: the owners a system can have.
    pub organisations: Vec<Organisation>,
    /// The quarter whose operations status is due (core's `reporting_quarter`).
    pub quarter: Quarter,
    /// The statuses recorded for `quarter`, by system.
    pub statuses: Vec<QuarterlyStatus>,
    /// The systems without a status for `quarter` (core's `missing_statuses`).
    pub missing: Vec<SystemId>,
    /// The roadmap, by start date.
    pub roadmap: Vec<RoadmapItem>,
    /// Core's `coordination_conflicts` over the roadmap and the portfolio as they will be.
    pub conflicts: Vec<Conflict>,
    /// The meetings that have been held, newest first: those whose decision can admit a system
    /// to the portfolio (`AdmitSystem`; core refuses any other).
    pub held_meetings: Vec<Meeting>,
}

fn facts_error(e: FactsUnavailable) -> StoreError {
    StoreError::Corrupt(e.0)
}

impl Store {
    pub fn desk_portfolio(&self, today: NaiveDate) -> Result<DeskPortfolio, StoreError> {
        self.read(|tx| {
            let facts = LocalFacts::new(tx);
            let systems = facts.systems().map_err(facts_error)?;
            let quarter = reporting_quarter(today);
            let mut statuses: Vec<QuarterlyStatus> = facts
                .quarterly_statuses()
                .map_err(facts_error)?
                .into_iter()
                .filter(|s| s.quarter == quarter)
                .collect();
            statuses.sort_by(|a, b| a.system.cmp(&b.system));
            let missing = missing_statuses(&systems, &statuses, quarter);
            let mut roadmap = facts.roadmap_items().map_err(facts_error)?;
            roadmap.sort_by_key(|i| (i.window.start, i.id));
            let conflicts = coordination_conflicts(&roadmap, &systems);
            let mut held_meetings: Vec<Meeting> = facts
                .meetings()
                .map_err(facts_error)?
                .into_iter()
                .filter(|m| m.status == MeetingStatus::Held)
                .collect();
            held_meetings.sort_by_key(|m| std::cmp::Reverse((m.date, m.start)));
            Ok(DeskPortfolio {
                organisations: facts.organisations().map_err(facts_error)?,
                systems,
                quarter,
                statuses,
                missing,
                roadmap,
                conflicts,
                held_meetings,
            })
        })
    }
}
