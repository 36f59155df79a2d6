// The current UI language, shared by every component as Svelte 5 state, and `t()` to look up
// a string in it. The choice is remembered on this device only.
//
// Only the Danish strings of the member's pages load with the first view: the English table is
// loaded when English is chosen (or was chosen before), and the desk's strings with the desk's
// pages (lib/deskPages.ts calls `addDeskMessages`), so a member's first view parses neither.
import { da, type MemberKey } from "./messages";
import type { DeskKey } from "./messages-desk";
import { formatDate, formatDateWithWeekday, formatWeek, type Locale } from "./dates";
import { formatTime, groupDigits, localDateTime } from "./format";
import type { ErrorBody } from "./types";

export type MessageKey = MemberKey | DeskKey;

const STORAGE_KEY = "styrebord.locale";

// Plain objects, filled in as tables load; not state: a table is always in place before the
// locale that needs it is set (`setLocale`), and the desk's before its pages render.
const TABLES: Record<Locale, Partial<Record<MessageKey, string>>> = { da: { ...da }, en: {} };
let english: Promise<void> | null = null;
let englishLoaded = false;
// The locale asked for last: an English table that arrives after Danish was chosen again does
// not switch the app back.
let wanted: Locale = "da";

function savedLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === "en" ? "en" : "da";
}

export const i18n = $state<{ locale: Locale }>({ locale: "da" });

/** Loads the English table once (a chunk of the app's own bundle); a failed load may be retried. */
export function loadEnglish(): Promise<void> {
  english ??= import("./messages-en").then(
    ({ en }) => {
      Object.assign(TABLES.en, en);
      englishLoaded = true;
    },
    (e: unknown) => {
      english = null;
      throw e;
    },
  );
  return english;
}

/** The desk's strings in both languages; called when the desk's chunk is evaluated. */
export function addDeskMessages(daTable: Record<DeskKey, string>, enTable: Record<DeskKey, string>): void {
  Object.assign(TABLES.da, daTable);
  Object.assign(TABLES.en, enTable);
}

/**
 * Shows the app in `locale` once its table is loaded (at once for Danish, and for English when
 * it has been loaded before), and remembers the choice on this device.
 */
export function setLocale(locale: Locale): Promise<void> {
  wanted = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  const show = () => {
    if (wanted !== locale) return;
    i18n.locale = locale;
    if (typeof document !== "undefined") document.documentElement.lang = locale;
  };
  if (locale === "en" && !englishLoaded) return loadEnglish().then(show);
  show();
  return Promise.resolve();
}

/**
 * Shows the language chosen before on this device, its table loaded (main.ts, before mounting).
 * Never fails: if the English table cannot be loaded, the app starts in Danish rather than not
 * at all (main.ts mounts when this settles).
 */
export function restoreLocale(): Promise<void> {
  if (savedLocale() !== "en") return Promise.resolve();
  return setLocale("en").catch(() => {
    wanted = "da";
  });
}

export function t(key: MessageKey): string {
  // Danish, then the key itself, if a table is missing a string (never in a tested build).
  return TABLES[i18n.locale][key] ?? TABLES.da[key] ?? key;
}

/** `t` with {name} placeholders filled in: tf("x", {n: 3}). */
export function tf(key: MessageKey, vars: Record<string, string | number>): string {
  return interpolate(t(key), vars);
}

/**
 * A count in words: the message's "singular|plural" form chosen by the language's plural rules
 * ("1 note", "0 noter"), with {n} as a grouped number and other {name}s filled in.
 */
export function tn(key: MessageKey, n: number, vars: Record<string, string | number> = {}): string {
  const [one = "", other = one] = t(key).split("|");
  // Danish and English alike use the "one" form for exactly 1 of a whole count (CLDR's plural
  // rules); by hand, so the first view loads no ICU plural data into the web process.
  const form = n === 1 ? one : other;
  return interpolate(form, { ...vars, n: count(n) });
}

export function interpolate(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** An error from the Rust side in the current language. */
export function errorText(e: ErrorBody): string {
  return i18n.locale === "en" ? e.message_en : e.message_da;
}

export const date = (iso: string) => formatDate(iso, i18n.locale);
/** A whole count with the language's digit grouping ("2.000" in Danish, "2,000" in English). */
export const count = (n: number) => groupDigits(n, i18n.locale);
export const longDate = (iso: string) => formatDateWithWeekday(iso, i18n.locale);
export const week = (iso: string) => formatWeek(iso, i18n.locale);

/** A hub timestamp (UTC) as "12. marts 2026 kl. 15.05", in this computer's time zone. */
export function lastSyncedText(at: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at)) return at;
  const local = localDateTime(at);
  return interpolate(t("time.dateAt"), { date: date(local.date), time: formatTime(local.time, i18n.locale) });
}
