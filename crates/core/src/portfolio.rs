//! The system portfolio: systems, their dependencies, quarterly operations status, and the
//! question "if X changes or fails, which systems are affected?".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::ids::{MeetingId, OrgId, SystemId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    High,
    Medium,
    Low,
}

/// A critical integration to another system (shown on the graph; not a dependency edge unless
/// also listed in `depends_on`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Integration {
    pub to: SystemId,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PortfolioSystem {
    pub code: SystemId,
    pub name: String,
    pub owner: OrgId,
    pub description: String,
    pub criticality: Criticality,
    /// Systems this one needs in order to work.
    pub depends_on: Vec<SystemId>,
    pub critical_integrations: Vec<Integration>,
    /// The meeting whose decision admitted the system to the portfolio; absent for the
    /// portfolio the committee took over when it started (`import_portfolio`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decided_at: Option<MeetingId>,
}

/// The systems that depend on `system`, directly or transitively (reverse edges), without
/// `system` itself. Cycles are fine: each system is visited once.
pub fn impact_of(system: &SystemId, systems: &[PortfolioSystem]) -> BTreeSet<SystemId> {
    let mut dependents: BTreeMap<&SystemId, Vec<&SystemId>> = BTreeMap::new();
    for s in systems {
        for dep in &s.depends_on {
            dependents.entry(dep).or_default().push(&s.code);
        }
    }
    closure(system, |x| dependents.get(x).cloned().unwrap_or_default())
}

/// The systems `system` depends on, directly or transitively, without `system` itself.
pub fn depends_on_transitively(
    system: &SystemId,
    systems: &[PortfolioSystem],
) -> BTreeSet<SystemId> {
    let edges: BTreeMap<&SystemId, Vec<&SystemId>> = systems
        .iter()
        .map(|s| (&s.code, s.depends_on.iter().collect()))
        .collect();
    closure(system, |x| edges.get(x).cloned().unwrap_or_default())
}

/// Everything reachable from `start` along `next`, excluding `start`. Iterative, so deep chains
/// cannot overflow the stack; the visited set stops cycles.
fn closure<'a>(
    start: &'a SystemId,
    next: impl Fn(&SystemId) -> Vec<&'a SystemId>,
) -> BTreeSet<SystemId> {
    let mut seen: BTreeSet<&SystemId> = BTreeSet::from([start]);
    let mut stack = vec![start];
    while let Some(x) = stack.pop() {
        for y in next(x) {
            if seen.insert(y) {
                stack.push(y);
            }
        }
    }
    seen.remove(start);
    seen.into_iter().cloned().collect()
}

/// A calendar quarter, written `2026-Q3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
#[serde(try_from = "String", into = "String")]
pub struct Quarter {
    year: i32,
    q: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a quarter; write it like 2026-Q3")]
pub struct QuarterError(pub String);

impl Quarter {
    /// `q` must be 1–4.
    pub fn new(year: i32, q: u8) -> Option<Self> {
        (1..=4).contains(&q).then_some(Self { year, q })
    }

    pub fn of(date: NaiveDate) -> Self {
        // month0 / 3 is 0..=3, so q is always 1..=4.
        Self {
            year: date.year(),
            q: (date.month0() / 3) as u8 + 1,
        }
    }

    pub const fn year(self) -> i32 {
        self.year
    }

    pub const fn q(self) -> u8 {
        self.q
    }

    pub fn parse(s: &str) -> Result<Self, QuarterError> {
        let err = || QuarterError(s.to_owned());
        let (year, q) = s.trim().split_once("-Q").ok_or_else(err)?;
        let year: i32 = year.parse().map_err(|_| err())?;
        let q: u8 = q.parse().map_err(|_| err())?;
        Self::new(year, q).ok_or_else(err)
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-Q{}", self.year, self.q)
    }
}

impl FromStr for Quarter {
    type Err = QuarterError;
    fn from_str(s: &str) -> Result<Self, QuarterError> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Quarter {
    type Error = QuarterError;
    fn try_from(s: String) -> Result<Self, QuarterError> {
        Self::parse(&s)
    }
}

impl From<Quarter> for String {
    fn from(q: Quarter) -> String {
        q.to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum TrafficLight {
    Green,
    Yellow,
    Red,
}

/// A system's operations status for one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct QuarterlyStatus {
    pub system: SystemId,
    pub quarter: Quarter,
    pub light: TrafficLight,
    /// Availability in percent, e.g. 99.95.
    pub availability_percent: f64,
    pub major_incidents: u32,
    pub note: String,
}

/// The quarter whose operations status is due on `today`: the last one completed (status is
/// reported once a quarter has ended).
pub fn reporting_quarter(today: NaiveDate) -> Quarter {
    let q = Quarter::of(today);
    match q.q() {
        1 => Quarter {
            year: q.year() - 1,
            q: 4,
        },
        n => Quarter {
            year: q.year(),
            q: n - 1,
        },
    }
}

/// The portfolio systems without a status for `quarter`, in code order.
pub fn missing_statuses(
    systems: &[PortfolioSystem],
    statuses: &[QuarterlyStatus],
    quarter: Quarter,
) -> Vec<SystemId> {
    let reported: BTreeSet<&SystemId> = statuses
        .iter()
        .filter(|s| s.quarter == quarter)
        .map(|s| &s.system)
        .collect();
    let missing: BTreeSet<&SystemId> = systems
        .iter()
        .map(|s| &s.code)
        .filter(|c| !reported.contains(c))
        .collect();
    missing.into_iter().cloned().collect()
}

#[cfg(test)]
mod reporting_tests {
    use super::*;

    #[test]
    fn the_quarter_due_is_the_last_one_completed() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(reporting_quarter(d("2026-03-01")).to_string(), "2025-Q4");
        assert_eq!(reporting_quarter(d("2026-04-01")).to_string(), "2026-Q1");
        assert_eq!(reporting_quarter(d("2026-12-31")).to_string(), "2026-Q3");
    }
}
