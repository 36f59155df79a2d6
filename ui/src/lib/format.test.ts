import { describe, expect, it } from "vitest";
import {
  addQuarters,
  charCount,
  countdownText,
  formatBytes,
  layoutRoadmap,
  parseQuarter,
  quarterLabel,
  quarterOf,
  quarterRange,
  summarizeStatus,
  validateRegistration,
  validateSignIn,
  textMissing,
  validateText,
  localDateTime,
  committeeToday,
  groupDigits,
  byCodePoint,
  formatNumber,
} from "./format";
import { ROADMAP, STATUS } from "../test/fixtures";
import type { RoadmapItem } from "./types";

describe("countdown", () => {
  it.each([
    ["2026-03-12", "i dag"],
    ["2026-03-13", "i morgen"],
    ["2026-03-24", "om 12 dage"],
    ["2026-03-11", "i går"],
    ["2026-03-09", "for 3 dage siden"],
  ])("from 2026-03-12 to %s is %j", (to, text) => {
    expect(countdownText("2026-03-12", to)).toBe(text);
  });

  it("crosses a month and the DST change by whole days", () => {
    expect(countdownText("2026-03-20", "2026-04-01")).toBe("om 12 dage");
  });

  it("speaks English", () => {
    expect(countdownText("2026-03-12", "2026-03-12", "en")).toBe("today");
    expect(countdownText("2026-03-12", "2026-03-13", "en")).toBe("tomorrow");
    expect(countdownText("2026-03-12", "2026-03-24", "en")).toBe("in 12 days");
  });
});

describe("sizes", () => {
  it.each([
    [532, "532 B"],
    [290_000, "290 kB"],
    [1_500_000, "1,5 MB"],
    [2_000_000_000, "2,0 GB"],
  ])("%i bytes is %s", (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });
  it("uses a decimal point in English", () => {
    expect(formatBytes(1_500_000, "en")).toBe("1.5 MB");
  });
});

describe("quarters", () => {
  it.each([
    ["2026-01-01", "2026-Q1"],
    ["2026-03-31", "2026-Q1"],
    ["2026-04-01", "2026-Q2"],
    ["2026-12-31", "2026-Q4"],
  ])("%s is in %s", (d, q) => {
    expect(quarterOf(d)).toBe(q);
  });

  it("adds and subtracts across years", () => {
    expect(addQuarters("2026-Q4", 1)).toBe("2027-Q1");
    expect(addQuarters("2026-Q1", -1)).toBe("2025-Q4");
    expect(addQuarters("2026-Q2", -6)).toBe("2024-Q4");
  });

  it("lists a range, both ends included", () => {
    expect(quarterRange("2025-Q4", "2026-Q2")).toEqual(["2025-Q4", "2026-Q1", "2026-Q2"]);
    expect(quarterRange("2026-Q2", "2026-Q1")).toEqual([]);
  });

  it("labels quarters", () => {
    expect(quarterLabel("2026-Q3")).toBe("3. kvartal 2026");
    expect(quarterLabel("2026-Q3", "en")).toBe("Q3 2026");
  });


  it.each(["2026-Q5", "2026Q1", "26-Q1", ""])("refuses %j", (bad) => {
    expect(() => parseQuarter(bad)).toThrow();
  });
});

describe("status summary", () => {
  it("counts lights and missing statuses", () => {
    expect(summarizeStatus(STATUS)).toEqual({ green: 1, yellow: 1, red: 0, missing: 1, total: 3 });
  });
});

describe("roadmap grid", () => {
  it("has a column per quarter and places items by their windows", () => {
    const layout = layoutRoadmap(ROADMAP.items, ROADMAP.conflicts, ["MITID", "CPR"]);
    expect(layout.quarters).toEqual(["2026-Q2", "2026-Q3"]);
    expect(layout.rows.map((r) => r.system)).toEqual(["MITID", "CPR"]);
    const mitid = layout.rows[0]?.cells[0];
    expect(mitid).toMatchObject({ colStart: 2, colEnd: 4, row: 2, conflict: true });
    const cpr = layout.rows[1]?.cells[0];
    expect(cpr).toMatchObject({ colStart: 2, colEnd: 3, row: 3, conflict: true });
  });

  it("puts overlapping items of one system in separate lanes", () => {
    const item = (id: string, start: string, end: string): RoadmapItem => ({ id, system: "CPR", title: id, kind: "change", window: { start, end } });
    const layout = layoutRoadmap(
      [item("a", "2026-01-10", "2026-02-10"), item("b", "2026-02-01", "2026-05-01"), item("c", "2026-07-01", "2026-07-02")],
      [],
    );
    expect(layout.rows[0]?.lanes).toBe(2);
    expect(layout.rows[0]?.cells.map((c) => [c.item.id, c.row, c.colStart, c.colEnd])).toEqual([
      ["a", 2, 2, 3],
      ["b", 3, 2, 4],
      ["c", 2, 4, 5],
    ]);
  });

  it("is empty without items", () => {
    expect(layoutRoadmap([], [])).toEqual({ quarters: [], rows: [] });
  });
});

describe("form validation", () => {
  it("reports each registration field", () => {
    expect(validateRegistration("", "")).toEqual({ name: "name_missing", email: "email_missing" });
    // Plausibility is core's rule (crates/core registration.rs, email_plausibility), shown as its refusal.
    expect(validateRegistration("Bo", "bo")).toEqual({});
    expect(validateRegistration(" Bo ", " bo@kl.dk ")).toEqual({});
  });

  it("reports missing sign-in fields and leaves address validity to the app", () => {
    expect(validateSignIn("hub.digst.dk", "abc")).toEqual({});
    expect(validateSignIn("http://127.0.0.1:7890/", "abc")).toEqual({});
    // Refused by normalise_hub_url in src-tauri (tested there), not guessed twice here.
    expect(validateSignIn("ftp://x", "abc")).toEqual({});
    expect(validateSignIn("hub digst dk", "")).toEqual({ token: "token_missing" });
    expect(validateSignIn("  ", "x")).toEqual({ hub: "hub_missing" });
  });

  it("checks a committee text only for being filled in; a note also against the limit", () => {
    expect(textMissing("  ")).toBe(true);
    expect(textMissing("x".repeat(5000))).toBe(false);
    expect(validateText("  ")).toBe("empty");
    expect(validateText("ø".repeat(4000))).toBeNull();
    expect(validateText("x".repeat(4001))).toBe("too_long");
    expect(charCount("😀😀")).toBe(2);
  });
});

describe("one clock: Copenhagen", () => {
  it("shows a hub timestamp in the committee's time, summer and winter", () => {
    expect(localDateTime("2026-01-15T07:12:00Z")).toEqual({ date: "2026-01-15", time: "08:12:00" });
    expect(localDateTime("2026-07-15T07:12:00Z")).toEqual({ date: "2026-07-15", time: "09:12:00" });
    // Late in the evening UTC is already the next day in Copenhagen.
    expect(localDateTime("2026-12-31T23:30:00Z").date).toBe("2027-01-01");
    expect(committeeToday(new Date("2026-06-30T22:30:00Z"))).toBe("2026-07-01");
    // The hub's timestamps carry nanoseconds.
    expect(localDateTime("2026-10-25T00:59:59.999999999Z")).toEqual({ date: "2026-10-25", time: "02:59:59" });
    expect(localDateTime("2026-10-25T01:00:00.000000001Z")).toEqual({ date: "2026-10-25", time: "02:00:00" });
  });
});

describe("numbers and keys without Intl", () => {
  it("groups thousands as Danish and English do, like Intl.NumberFormat", () => {
    for (const n of [0, 7, 999, 1000, 2000, 12000, 123456, 1234567, 10000000, -1, -1500, -1234567]) {
      expect(groupDigits(n, "da")).toBe(new Intl.NumberFormat("da-DK").format(n));
      expect(groupDigits(n, "en")).toBe(new Intl.NumberFormat("en-GB").format(n));
    }
    expect(groupDigits(1999.6)).toBe("2.000");
  });

  it("writes decimals with the language's separators, the whole part grouped", () => {
    expect(formatNumber(1234.5)).toBe("1.234,5");
    expect(formatNumber(1234.5, "en")).toBe("1,234.5");
    expect(formatNumber(99.95, "da", 2)).toBe("99,95");
    expect(formatNumber(100)).toBe("100");
    expect(formatNumber(12000)).toBe("12.000");
    expect(formatNumber(-0.5)).toBe("-0,5");
    expect(formatNumber(-1500.25, "en", 2)).toBe("-1,500.25");
  });

  it("orders ISO dates and ids by code point", () => {
    const dates = ["2026-12-01", "2026-03-12", "2027-01-05", "2026-03-02"];
    expect([...dates].sort(byCodePoint)).toEqual(["2026-03-02", "2026-03-12", "2026-12-01", "2027-01-05"]);
    expect(byCodePoint("mitid", "mitid")).toBe(0);
    expect(byCodePoint("cpr", "cvr")).toBeLessThan(0);
  });
});
