//! The secretariat's acts on the portfolio: systems, quarterly operations status, the roadmap.
//! Each names only systems the portfolio holds and only organisations the committee has.

use std::collections::BTreeSet;

use crate::entity::Entity;
use crate::ids::{MeetingId, SystemId};
use crate::meeting::MeetingStatus;
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

/// A system's own fields: a name, a known owner, and dependencies and integrations only on
/// systems in `portfolio` (the portfolio as it will be, this system included).
fn check_system(
    facts: &impl Facts,
    system: &PortfolioSystem,
    portfolio: &BTreeSet<SystemId>,
) -> Result<(), Denied> {
    require_text(&system.name, Refusal::TitleMissing)?;
    if !facts.organisation_exists(&system.owner)? {
        return Err(Refusal::UnknownOrganisation {
            org: system.owner.clone(),
        }
        .into());
    }
    let named = system
        .depends_on
        .iter()
        .chain(system.critical_integrations.iter().map(|i| &i.to));
    for other in named {
        if !portfolio.contains(other) {
            return Err(Refusal::SystemNotInPortfolio {
                system: other.clone(),
            }
            .into());
        }
    }
    Ok(())
}

fn portfolio_with(
    facts: &impl Facts,
    more: &[PortfolioSystem],
) -> Result<BTreeSet<SystemId>, Denied> {
    let mut codes: BTreeSet<SystemId> = facts.systems()?.into_iter().map(|s| s.code).collect();
    codes.extend(more.iter().map(|s| s.code.clone()));
    Ok(codes)
}

/// The portfolio the committee took over when it started: recorded once, on an empty portfolio.
pub(super) fn import(facts: &impl Facts, systems: &[PortfolioSystem]) -> Decided {
    if !facts.systems()?.is_empty() {
        return Err(Refusal::PortfolioAlreadyRecorded.into());
    }
    let portfolio = portfolio_with(facts, systems)?;
    if portfolio.len() != systems.len() {
        let mut seen = BTreeSet::new();
        if let Some(twice) = systems.iter().find(|s| !seen.insert(&s.code)) {
            return Err(Refusal::SystemAlreadyInPortfolio {
                system: twice.code.clone(),
            }
            .into());
        }
    }
    let mut decision = Decision::default();
    for system in systems {
        check_system(facts, system, &portfolio)?;
        let mut system = system.clone();
        system.decided_at = None;
        decision
            .changes
            .push(Change::everyone(Entity::PortfolioSystem(system)));
    }
    Ok(decision)
}

/// A held meeting decided to take `system` into the portfolio (RULES: the committee decides its
/// portfolio).
pub(super) fn admit(
    facts: &impl Facts,
    system: &PortfolioSystem,
    decided_at: MeetingId,
) -> Decided {
    if facts.system(&system.code)?.is_some() {
        return Err(Refusal::SystemAlreadyInPortfolio {
            system: system.code.clone(),
        }
        .into());
    }
    let meeting = facts.meeting(decided_at)?.ok_or(Refusal::MeetingNotFound)?;
    if meeting.status != MeetingStatus::Held {
        return Err(Refusal::DecisionMeetingNotHeld {
            meeting_date: meeting.date,
        }
        .into());
    }
    check_system(
        facts,
        system,
        &portfolio_with(facts, std::slice::from_ref(system))?,
    )?;
    let mut system = system.clone();
    system.decided_at = Some(decided_at);
    Ok(Decision::one(Change::everyone(Entity::PortfolioSystem(
        system,
    ))))
}

/// Changes a system already in the portfolio (how it entered stays as it was).
pub(super) fn upsert_system(facts: &impl Facts, system: &PortfolioSystem) -> Decided {
    let existing = facts
        .system(&system.code)?
        .ok_or(Refusal::SystemNeedsDecision)?;
    check_system(facts, system, &portfolio_with(facts, &[])?)?;
    let mut system = system.clone();
    system.decided_at = existing.decided_at;
    Ok(Decision::one(Change::everyone(Entity::PortfolioSystem(
        system,
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
