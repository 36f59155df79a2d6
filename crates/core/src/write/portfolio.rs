//! The secretariat's acts on the portfolio: systems, quarterly operations status, the roadmap.
//! Each names only systems the portfolio holds and only organisations the committee has.

use crate::entity::Entity;
use crate::portfolio::{PortfolioSystem, QuarterlyStatus};
use crate::refusal::Refusal;
use crate::roadmap::RoadmapItem;

use super::{require_text, Change, Decided, Decision, Denied, Facts};

fn in_portfolio(facts: &impl Facts, system: &crate::SystemId) -> Result<(), Denied> {
    match facts.system(system)? {
        Some(_) => Ok(()),
        None => Err(Refusal::SystemNotInPortfolio {
            system: system.clone(),
        }
        .into()),
    }
}

pub(super) fn upsert_system(facts: &impl Facts, system: &PortfolioSystem) -> Decided {
    require_text(&system.name, Refusal::TitleMissing)?;
    if !facts.organisation_exists(&system.owner)? {
        return Err(Refusal::UnknownOrganisation {
            org: system.owner.clone(),
        }
        .into());
    }
    Ok(Decision::one(Change::everyone(Entity::PortfolioSystem(
        system.clone(),
    ))))
}

pub(super) fn record_status(facts: &impl Facts, status: &QuarterlyStatus) -> Decided {
    in_portfolio(facts, &status.system)?;
    let percent = status.availability_percent;
    if !(0.0..=100.0).contains(&percent) {
        return Err(Refusal::AvailabilityOutOfRange {
            percent: percent.to_string(),
        }
        .into());
    }
    Ok(Decision::one(Change::everyone(Entity::QuarterlyStatus(
        status.clone(),
    ))))
}

pub(super) fn upsert_roadmap_item(facts: &impl Facts, item: &RoadmapItem) -> Decided {
    require_text(&item.title, Refusal::TitleMissing)?;
    in_portfolio(facts, &item.system)?;
    if item.window.end < item.window.start {
        return Err(Refusal::DateRangeInverted {
            start: item.window.start,
            end: item.window.end,
        }
        .into());
    }
    Ok(Decision::one(Change::everyone(Entity::RoadmapItem(
        item.clone(),
    ))))
}
