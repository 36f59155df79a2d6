// Small pure helpers behind the views: countdowns, sizes, quarters, status summaries, the roadmap
// grid and form validation. Kept free of Svelte so Vitest can test them directly.
import { parseIsoDate, type Locale } from "./dates";
import { MAX_TEXT_CHARS } from "./generated/limits";
import { copenhagenWallTime } from "./zone";
import type {
  Conflict,
  QuarterlyStatus,
  RoadmapItem,
  StatusView,
  SystemView,
  TrafficLight,
} from "./types";

const DAY_MS = 24 * 3600 * 1000;

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseIsoDate(to).getTime() - parseIsoDate(from).getTime()) / DAY_MS);
}

/** "i dag", "i morgen", "om 12 dage", "i går", "for 3 dage siden" (and English). */
export function countdownText(today: string, date: string, locale: Locale = "da"): string {
  const d = daysBetween(today, date);
  if (locale === "en") {
    if (d === 0) return "today";
    if (d === 1) return "tomorrow";
    if (d === -1) return "yesterday";
    return d > 1 ? `in ${d} days` : `${-d} days ago`;
  }
  if (d === 0) return "i dag";
  if (d === 1) return "i morgen";
  if (d === -1) return "i går";
  return d > 1 ? `om ${d} dage` : `for ${-d} dage siden`;
}

/** "1,5 MB" / "1.5 MB"; bytes below 1 kB as "532 B". */
export function formatBytes(bytes: number, locale: Locale = "da"): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  const text = i === 0 ? String(Math.round(value)) : value.toFixed(value < 10 ? 1 : 0);
  return `${locale === "da" ? text.replace(".", ",") : text} ${units[i]}`;
}

/** "HH:MM:SS" → "HH.MM" (Danish) / "HH:MM". */
export function formatTime(time: string, locale: Locale = "da"): string {
  const hm = time.slice(0, 5);
  return locale === "da" ? hm.replace(":", ".") : hm;
}

/** A hub timestamp (RFC 3339, UTC) as the committee's date "YYYY-MM-DD" and time "HH:MM:SS":
 * Copenhagen time, the one clock the Rust side's "today" and the calendar export use too. */
export function localDateTime(iso: string): { date: string; time: string } {
  return copenhagenWallTime(Date.parse(iso));
}

/** Today's date in Copenhagen, for the rare moment before the Rust side has said it. */
export const committeeToday = (now: Date = new Date()) => localDateTime(now.toISOString()).date;

/** Orders ISO dates, ids and other keys that have no language by code point, as the Rust side
 * does; `localeCompare` would load ICU's collator into the web process for no difference. */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A whole number with thousands grouped: "12.000" (Danish), "12,000" (English); a fraction is
 * rounded away. By hand, as `Intl.NumberFormat` loads ICU's number data for this one job. */
export function groupDigits(n: number, locale: Locale = "da"): string {
  const whole = Math.round(n);
  const grouped = String(Math.abs(whole)).replace(/\B(?=(\d{3})+$)/g, locale === "da" ? "." : ",");
  return whole < 0 ? `-${grouped}` : grouped;
}

/** "1234.5" → "1.234,5" in Danish, "1,234.5" in English: the whole part grouped as
 * `groupDigits` does. Percentages keep one decimal at most. */
export function formatNumber(n: number, locale: Locale = "da", decimals = 1): string {
  const [whole = "0", fraction] = (Number.isInteger(n) ? String(Math.abs(n)) : Math.abs(n).toFixed(decimals)).split(".");
  const sign = n < 0 ? "-" : "";
  const grouped = groupDigits(Number(whole), locale);
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}${locale === "da" ? "," : "."}${fraction}`;
}

// ---- quarters ----

export interface Quarter {
  year: number;
  q: number;
}

/** "2026-Q3" → {year: 2026, q: 3}; throws on anything else (as the Rust `Quarter::parse`). */
export function parseQuarter(s: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(s.trim());
  if (!m) throw new Error(`Not a quarter (YYYY-Qn): ${s}`);
  return { year: Number(m[1]), q: Number(m[2]) };
}

export function quarterId(q: Quarter): string {
  return `${q.year}-Q${q.q}`;
}

/** The quarter an ISO date falls in: "2026-08-14" → "2026-Q3". */
export function quarterOf(iso: string): string {
  const d = parseIsoDate(iso);
  return quarterId({ year: d.getUTCFullYear(), q: Math.floor(d.getUTCMonth() / 3) + 1 });
}

export function addQuarters(id: string, n: number): string {
  const { year, q } = parseQuarter(id);
  const index = year * 4 + (q - 1) + n;
  return quarterId({ year: Math.floor(index / 4), q: (((index % 4) + 4) % 4) + 1 });
}

/** Quarters from `from` to `to`, both included ([] when `to` is earlier). */
export function quarterRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let q = from; compareQuarters(q, to) <= 0; q = addQuarters(q, 1)) out.push(q);
  return out;
}

export function compareQuarters(a: string, b: string): number {
  const x = parseQuarter(a);
  const y = parseQuarter(b);
  return x.year * 4 + x.q - (y.year * 4 + y.q);
}

/** "3. kvartal 2026" / "Q3 2026". */
export function quarterLabel(id: string, locale: Locale = "da"): string {
  const { year, q } = parseQuarter(id);
  return locale === "da" ? `${q}. kvartal ${year}` : `Q${q} ${year}`;
}

/** The quarter before the one `today` is in: the one whose status should be reported by now. */
// ---- quarterly status ----

export interface StatusSummary {
  green: number;
  yellow: number;
  red: number;
  missing: number;
  total: number;
}

export function summarizeStatus(view: StatusView): StatusSummary {
  const count = (light: TrafficLight) => view.statuses.filter((s) => s.light === light).length;
  const summary = {
    green: count("green"),
    yellow: count("yellow"),
    red: count("red"),
    missing: view.missing.length,
    total: 0,
  };
  summary.total = summary.green + summary.yellow + summary.red + summary.missing;
  return summary;
}

/** Status per system for a quarter, `null` where it is missing; in portfolio order. */
export function statusBySystem(systems: SystemView[], view: StatusView): { code: string; name: string; status: QuarterlyStatus | null }[] {
  return systems.map((s) => ({
    code: s.system.code,
    name: s.system.name,
    status: view.statuses.find((st) => st.system === s.system.code) ?? null,
  }));
}

// ---- roadmap grid ----

export interface RoadmapCell {
  item: RoadmapItem;
  /** CSS grid columns: column 1 holds the system's name, quarter i is column i + 2. */
  colStart: number;
  colEnd: number;
  /** CSS grid row (row 1 is the quarter header). */
  row: number;
  conflict: boolean;
}

export interface RoadmapRow {
  system: string;
  /** First grid row of the system and how many rows (lanes) it takes. */
  row: number;
  lanes: number;
  cells: RoadmapCell[];
}

export interface RoadmapLayout {
  quarters: string[];
  rows: RoadmapRow[];
}

/**
 * Lays the roadmap out as a grid: one column per quarter from the earliest start to the latest
 * end, one block of rows per system (in `systemOrder`, then any others alphabetically), each item
 * spanning the quarters its window touches. Items of a system that share a quarter go into
 * separate lanes (rows). Items in a coordination conflict are flagged.
 */
export function layoutRoadmap(items: RoadmapItem[], conflicts: Conflict[], systemOrder: string[] = []): RoadmapLayout {
  if (items.length === 0) return { quarters: [], rows: [] };
  const first = items.map((i) => quarterOf(i.window.start)).sort(compareQuarters)[0] as string;
  const last = items.map((i) => quarterOf(i.window.end)).sort(compareQuarters).at(-1) as string;
  const quarters = quarterRange(first, last);
  const inConflict = new Set(conflicts.flatMap((c) => [c.a, c.b]));
  const systems = [...new Set(items.map((i) => i.system))].sort((a, b) => {
    const ia = systemOrder.indexOf(a);
    const ib = systemOrder.indexOf(b);
    if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
    return byCodePoint(a, b);
  });
  let nextRow = 2;
  const rows = systems.map((system) => {
    const laneEnds: number[] = []; // per lane, the last column used
    const placed = items
      .filter((i) => i.system === system)
      .sort((a, b) => byCodePoint(a.window.start, b.window.start) || byCodePoint(a.window.end, b.window.end))
      .map((item) => {
        const colStart = compareQuarters(quarterOf(item.window.start), first) + 2;
        const colEnd = compareQuarters(quarterOf(item.window.end), first) + 3;
        let lane = laneEnds.findIndex((end) => end <= colStart);
        if (lane < 0) {
          lane = laneEnds.length;
          laneEnds.push(colEnd);
        } else {
          laneEnds[lane] = colEnd;
        }
        return { item, colStart, colEnd, lane, conflict: inConflict.has(item.id) };
      });
    const row = nextRow;
    nextRow += laneEnds.length;
    return {
      system,
      row,
      lanes: laneEnds.length,
      cells: placed.map(({ lane, ...c }) => ({ ...c, row: row + lane })),
    };
  });
  return { quarters, rows };
}

// ---- form validation: only what is missing. Whether an e-mail is plausible, a text too long for
// the rule, a seat taken … is decided by crates/core (offline, through the store) and shown as its
// refusal — never re-implemented here. ----

export type RegistrationProblem = "name_missing" | "email_missing";

export function validateRegistration(name: string, email: string): { name?: RegistrationProblem; email?: RegistrationProblem } {
  const out: { name?: RegistrationProblem; email?: RegistrationProblem } = {};
  if (!name.trim()) out.name = "name_missing";
  if (!email.trim()) out.email = "email_missing";
  return out;
}

// Generated from crates/core's constant, so the counter and the rule agree.
export { MAX_TEXT_CHARS };

/** Characters as Rust counts them (Unicode scalar values, not UTF-16 units). */
export function charCount(text: string): number {
  return [...text].length;
}

export type TextProblem = "empty" | "too_long";

/** Only whether a committee text (a comment, a response) is filled in: whether it is too long is
 *  core's rule, decided when the write is made and shown as its refusal. */
export function textMissing(text: string): boolean {
  return !text.trim();
}

/** A private note's problem. Notes never leave the device, so no hub or core rule sees them: the
 *  app keeps them to the committee's text limit itself. */
export function validateText(text: string): TextProblem | null {
  if (!text.trim()) return "empty";
  if (charCount(text) > MAX_TEXT_CHARS) return "too_long";
  return null;
}

export type HubProblem = "hub_missing" | "token_missing";

/** Only what is missing: whether an address is valid is decided once, by `normalise_hub_url` in
 *  src-tauri, whose refusal (`hub_url_invalid`, Danish and English) the form then shows. */
export function validateSignIn(hubUrl: string, token: string): { hub?: HubProblem; token?: HubProblem } {
  const out: { hub?: HubProblem; token?: HubProblem } = {};
  if (!hubUrl.trim()) out.hub = "hub_missing";
  if (!token.trim()) out.token = "token_missing";
  return out;
}
