// The decision log: every decision of every set of minutes, filterable by system and
// organisation. The Rust side builds it (`decision_log`, newest meeting first, in agenda order).
import type { DecisionLogEntry } from "./types";

export function filterDecisions(entries: DecisionLogEntry[], system: string, org: string): DecisionLogEntry[] {
  return entries.filter((e) => (!system || e.systems.includes(system)) && (!org || e.orgs.includes(org)));
}
