import { describe, expect, it } from "vitest";
import { filterDecisions } from "./decisions";
import type { DecisionLogEntry } from "./types";

const entry = (systems: string[], orgs: string[]): DecisionLogEntry => ({
  minutes: "m",
  meeting: "mt",
  meeting_date: "2026-03-12",
  agenda_item: "a",
  number: 1,
  title: "Driftsstatus",
  text: "Taget til efterretning.",
  systems,
  orgs,
  state: "approved",
});

describe("decision log filter", () => {
  const entries = [entry(["MITID"], ["DIGST"]), entry(["CPR", "MITID"], ["CPR", "DIGST"]), entry([], [])];

  it("keeps everything when no filter is set", () => {
    expect(filterDecisions(entries, "", "")).toHaveLength(3);
  });

  it("filters by system, by organisation and by both", () => {
    expect(filterDecisions(entries, "MITID", "")).toEqual([entries[0], entries[1]]);
    expect(filterDecisions(entries, "CPR", "")).toEqual([entries[1]]);
    expect(filterDecisions(entries, "", "DIGST")).toEqual([entries[0], entries[1]]);
    expect(filterDecisions(entries, "CPR", "DIGST")).toEqual([entries[1]]);
    expect(filterDecisions(entries, "", "KL")).toEqual([]);
  });
});
