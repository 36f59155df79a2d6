import { describe, expect, it } from "vitest";
import { copenhagenOffsetMinutes, copenhagenWallTime } from "./zone";

// The oracle: Node's ICU and its tz database, which the UI no longer loads in the app.
const icu = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Copenhagen",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
function icuWallTime(ms: number): { date: string; time: string } {
  const parts = Object.fromEntries(icu.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

const HOUR = 3_600_000;

describe("Copenhagen's wall time without Intl", () => {
  it("agrees with the tz database hour by hour around every change, 1996–2060", () => {
    let checked = 0;
    for (let year = 1996; year <= 2060; year++) {
      // Both changes fall in the last week of March or October: a fortnight around each.
      for (const month of [2, 9]) {
        const from = Date.UTC(year, month, 18);
        for (let ms = from; ms < from + 14 * 24 * HOUR; ms += HOUR) {
          // Either side of the hour too, where an off-by-one in the boundary would show.
          for (const at of [ms - 1000, ms, ms + 59 * 60_000]) {
            expect(copenhagenWallTime(at), new Date(at).toISOString()).toEqual(icuWallTime(at));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(65 * 2 * 14 * 24 * 3);
  });

  it("agrees with the tz database at midnight and noon every day of 2026–2028", () => {
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 12 * HOUR) {
      for (const at of [ms - 1, ms, ms + 22 * HOUR + 30 * 60_000]) {
        expect(copenhagenWallTime(at)).toEqual(icuWallTime(at));
      }
    }
  });

  it("knows both offsets and the exact instants of change", () => {
    expect(copenhagenOffsetMinutes(Date.UTC(2026, 0, 15))).toBe(60);
    expect(copenhagenOffsetMinutes(Date.UTC(2026, 6, 15))).toBe(120);
    // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
    expect(copenhagenOffsetMinutes(Date.UTC(2026, 2, 29, 0, 59, 59, 999))).toBe(60);
    expect(copenhagenOffsetMinutes(Date.UTC(2026, 2, 29, 1))).toBe(120);
    expect(copenhagenOffsetMinutes(Date.UTC(2026, 9, 25, 0, 59, 59, 999))).toBe(120);
    expect(copenhagenOffsetMinutes(Date.UTC(2026, 9, 25, 1))).toBe(60);
    // 2027 starts summer time on Easter Sunday, 28 March.
    expect(copenhagenWallTime(Date.UTC(2027, 2, 28, 1))).toEqual({ date: "2027-03-28", time: "03:00:00" });
  });

  it("refuses what is not an instant, as Intl did", () => {
    expect(() => copenhagenWallTime(Date.parse("not a time"))).toThrow(RangeError);
  });
});
