//! The operations and maintenance roadmap, and coordination conflicts: changes to systems that
//! depend on each other, planned in overlapping windows. Flagging these is the committee's purpose.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::{RoadmapItemId, SystemId};
use crate::portfolio::{depends_on_transitively, PortfolioSystem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum RoadmapKind {
    Release,
    Change,
    Maintenance,
}

/// An inclusive range of days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DateRange {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl DateRange {
    /// The days in both ranges, if any (a one-day touch counts: windows are inclusive).
    pub fn overlap(&self, other: &DateRange) -> Option<DateRange> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start <= end).then_some(DateRange { start, end })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct RoadmapItem {
    pub id: RoadmapItemId,
    pub system: SystemId,
    pub title: String,
    pub kind: RoadmapKind,
    /// Inclusive. A window whose end is before its start overlaps nothing.
    pub window: DateRange,
}

/// Two roadmap items that need coordinating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Conflict {
    /// The item that starts first (ties broken by id).
    pub a: RoadmapItemId,
    pub b: RoadmapItemId,
    /// The systems of `a` and `b`, in that order.
    pub systems: (SystemId, SystemId),
    pub overlap: DateRange,
}

/// Every pair of items on different systems whose windows overlap, where one system depends on
/// the other (directly or transitively) or the two share a critical integration. Each pair is
/// reported once; the result is sorted by overlap start, then by the items' order, so it is the
/// same whatever the input order.
pub fn coordination_conflicts(items: &[RoadmapItem], systems: &[PortfolioSystem]) -> Vec<Conflict> {
    let involved: BTreeSet<&SystemId> = items.iter().map(|i| &i.system).collect();
    let upstream: BTreeMap<&SystemId, BTreeSet<SystemId>> = involved
        .into_iter()
        .map(|s| (s, depends_on_transitively(s, systems)))
        .collect();
    let depends = |x: &SystemId, y: &SystemId| upstream.get(x).is_some_and(|up| up.contains(y));
    // A critical integration couples two systems as much as a dependency does (RULES: the
    // committee makes "afhængigheder og kritiske integrationer" visible and coordinated).
    let integrated: BTreeSet<(&SystemId, &SystemId)> = systems
        .iter()
        .flat_map(|s| {
            s.critical_integrations
                .iter()
                .map(move |i| (&s.code, &i.to))
        })
        .collect();
    let coupled = |x: &SystemId, y: &SystemId| {
        depends(x, y)
            || depends(y, x)
            || integrated.contains(&(x, y))
            || integrated.contains(&(y, x))
    };

    let mut sorted: Vec<&RoadmapItem> = items.iter().collect();
    sorted.sort_by_key(|i| (i.window.start, i.id));

    let mut found = Vec::new();
    for (n, a) in sorted.iter().enumerate() {
        for (m, b) in sorted.iter().enumerate().skip(n + 1) {
            if a.system == b.system {
                continue;
            }
            if !coupled(&a.system, &b.system) {
                continue;
            }
            if let Some(overlap) = a.window.overlap(&b.window) {
                let conflict = Conflict {
                    a: a.id,
                    b: b.id,
                    systems: (a.system.clone(), b.system.clone()),
                    overlap,
                };
                found.push(((overlap.start, n, m), conflict));
            }
        }
    }
    found.sort_by_key(|(key, _)| *key);
    found.into_iter().map(|(_, c)| c).collect()
}
