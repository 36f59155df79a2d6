// The current UI language, shared by every component as Svelte 5 state, and `t()` to look up
// a string in it. The choice is remembered on this device only.
import { da, en, type MessageKey } from "./messages";
import { formatDate, formatDateWithWeekday, formatWeek, type Locale } from "./dates";
import { formatTime, groupDigits, localDateTime } from "./format";
import type { ErrorBody } from "./types";

const STORAGE_KEY = "styrebord.locale";
const TABLES: Record<Locale, Record<MessageKey, string>> = { da, en };

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === "en" ? "en" : "da";
}

export const i18n = $state<{ locale: Locale }>({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

export function t(key: MessageKey): string {
  return TABLES[i18n.locale][key];
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
