import { describe, expect, it } from "vitest";
import { formatDate, formatDateWithWeekday, formatWeek, isoWeek, parseIsoDate } from "./dates";

describe("Danish dates", () => {
  it.each([
    ["2026-03-12", "12. marts 2026"],
    ["2026-01-01", "1. januar 2026"],
    ["2027-12-31", "31. december 2027"],
  ])("formats %s as %s", (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });

  it.each([
    ["2026-03-12", "torsdag den 12. marts 2026"],
    ["2026-11-29", "søndag den 29. november 2026"],
    ["2026-06-05", "fredag den 5. juni 2026"],
  ])("formats %s with weekday as %s", (iso, expected) => {
    expect(formatDateWithWeekday(iso)).toBe(expected);
  });

  it("formats English when asked", () => {
    expect(formatDate("2026-03-12", "en")).toBe("12 March 2026");
    expect(formatDateWithWeekday("2026-03-12", "en")).toBe("Thursday 12 March 2026");
    expect(formatWeek("2026-03-12", "en")).toBe("week 11");
  });

  it.each([
    // ISO weeks around year ends are where hand-written week numbers usually go wrong.
    ["2026-03-12", 11],
    ["2026-01-01", 1],
    ["2027-01-01", 53],
    ["2024-12-30", 1],
    ["2021-01-03", 53],
    ["2025-12-29", 1],
  ])("%s is in ISO week %i", (iso, week) => {
    expect(isoWeek(iso)).toBe(week);
  });

  it("writes the week in Danish", () => {
    expect(formatWeek("2026-03-12")).toBe("uge 11");
  });

  it.each(["2026-02-30", "12-03-2026", "2026-3-12", ""])("refuses %j", (bad) => {
    expect(() => parseIsoDate(bad)).toThrow();
  });
});
