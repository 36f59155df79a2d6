// The committee's clock for the UI: a UTC instant as Copenhagen wall time.
//
// Written by hand rather than with `Intl.DateTimeFormat({ timeZone })`: Copenhagen is the only
// zone the UI ever shows, and its rule is one line of EU law (directive 2000/84/EC, which
// Denmark has followed since 1996): UTC+2 from 01:00 UTC on the last Sunday of March to 01:00
// UTC on the last Sunday of October, UTC+1 otherwise. `Intl` would load ICU's time-zone and
// locale data into the web process for that one rule (≈3 MiB with the plural and number rules,
// docs/BENCHMARKS.md). The Rust side uses chrono-tz (the tz database); zone.test.ts checks this
// rule against Node's ICU hour by hour around every change from 1996 to 2060, so a change of the
// law reaches the tz database, fails that test and is mended here.

/** 01:00 UTC on the last Sunday of `month` (0-based) in `year`, in epoch milliseconds. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Copenhagen's offset from UTC at the instant `ms`, in minutes (60 or 120). */
export function copenhagenOffsetMinutes(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayAtOneUtc(year, 2) && ms < lastSundayAtOneUtc(year, 9);
  return summer ? 120 : 60;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The instant `ms` as Copenhagen's date "YYYY-MM-DD" and time "HH:MM:SS". */
export function copenhagenWallTime(ms: number): { date: string; time: string } {
  if (!Number.isFinite(ms)) throw new RangeError("Invalid time value");
  const local = new Date(ms + copenhagenOffsetMinutes(ms) * 60_000);
  return {
    date: `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`,
    time: `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`,
  };
}
