// The decision log: every decision of every set of minutes, filterable by system and
// organisation. Built here from the minutes when the Rust side has no `decision_log` command.
import * as backend from "./backend";
import type { DecisionLogEntry, MinutesView, SystemView } from "./types";

export function entriesFromMinutes(views: MinutesView[], systems: SystemView[]): DecisionLogEntry[] {
  const owner = new Map(systems.map((s) => [s.system.code, s.system.owner]));
  const out: DecisionLogEntry[] = [];
  for (const v of views) {
    for (const d of v.minutes.draft.decisions) {
      const item = v.agenda.find((a) => a.id === d.agenda_item);
      const itemSystems = item?.systems ?? [];
      out.push({
        minutes: v.minutes.draft.id,
        meeting: v.minutes.draft.meeting,
        meeting_date: v.meeting?.date ?? "",
        agenda_item: d.agenda_item,
        number: item?.number ?? 0,
        title: item?.title ?? "",
        text: d.text,
        systems: itemSystems,
        orgs: [...new Set(itemSystems.map((s) => owner.get(s)).filter((o): o is string => !!o))],
        state: v.minutes.draft.state,
      });
    }
  }
  return sortDecisions(out);
}

/** Newest meeting first, then by agenda number. */
export function sortDecisions(entries: DecisionLogEntry[]): DecisionLogEntry[] {
  return [...entries].sort((a, b) => b.meeting_date.localeCompare(a.meeting_date) || a.number - b.number);
}

export function filterDecisions(entries: DecisionLogEntry[], system: string, org: string): DecisionLogEntry[] {
  return entries.filter((e) => (!system || e.systems.includes(system)) && (!org || e.orgs.includes(org)));
}

export async function loadDecisionLog(): Promise<DecisionLogEntry[]> {
  try {
    return sortDecisions(await backend.decisionLog());
  } catch {
    // No such command (yet): gather the minutes of every meeting that has been held.
    const [plan, systems] = await Promise.all([backend.meetingPlan(), backend.portfolio().catch(() => [])]);
    const held = plan.filter((m) => m.meeting.status === "held");
    const views = await Promise.all(held.map((m) => backend.minutes(m.meeting.id).catch(() => null)));
    return entriesFromMinutes(views.filter((v): v is MinutesView => !!v), systems);
  }
}
