// Danish (and English) date formatting for the UI.
//
// Written by hand rather than with Intl.DateTimeFormat because WebKitGTK builds differ in which
// ICU locale data they ship, and the committee's documents use one fixed form:
// "torsdag den 12. marts 2026", "12. marts 2026", "uge 11".

export type Locale = "da" | "en";

const MONTHS: Record<Locale, readonly string[]> = {
  da: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
  en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
};

// Index 0 is Sunday, as Date.getUTCDay() counts.
const WEEKDAYS: Record<Locale, readonly string[]> = {
  da: ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
  en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
};

/** Parses an ISO calendar date ("2026-03-12") as a UTC date; throws on anything else. */
export function parseIsoDate(iso: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Not an ISO date (YYYY-MM-DD): ${iso}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    throw new Error(`No such date: ${iso}`);
  }
  return date;
}

function parts(iso: string, locale: Locale) {
  const date = parseIsoDate(iso);
  return {
    day: date.getUTCDate(),
    month: MONTHS[locale][date.getUTCMonth()] ?? "",
    year: date.getUTCFullYear(),
    weekday: WEEKDAYS[locale][date.getUTCDay()] ?? "",
  };
}

/** "12. marts 2026" / "12 March 2026". */
export function formatDate(iso: string, locale: Locale = "da"): string {
  const p = parts(iso, locale);
  return locale === "da" ? `${p.day}. ${p.month} ${p.year}` : `${p.day} ${p.month} ${p.year}`;
}

/** "torsdag den 12. marts 2026" / "Thursday 12 March 2026". */
export function formatDateWithWeekday(iso: string, locale: Locale = "da"): string {
  const p = parts(iso, locale);
  return locale === "da"
    ? `${p.weekday} den ${p.day}. ${p.month} ${p.year}`
    : `${p.weekday} ${p.day} ${p.month} ${p.year}`;
}

/** ISO 8601 week number (weeks start Monday; week 1 holds the year's first Thursday). */
export function isoWeek(iso: string): number {
  const date = parseIsoDate(iso);
  const dayNumber = (date.getUTCDay() + 6) % 7; // Monday = 0
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() - dayNumber + 3);
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  const firstDayNumber = (firstThursday.getUTCDay() + 6) % 7;
  firstThursday.setUTCDate(firstThursday.getUTCDate() - firstDayNumber + 3);
  return 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000));
}

/** "uge 11" / "week 11". */
export function formatWeek(iso: string, locale: Locale = "da"): string {
  return `${locale === "da" ? "uge" : "week"} ${isoWeek(iso)}`;
}
