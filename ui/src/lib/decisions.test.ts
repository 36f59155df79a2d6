import { describe, expect, it } from "vitest";
import { entriesFromMinutes, filterDecisions } from "./decisions";
import { PORTFOLIO, minutesView } from "../test/fixtures";

describe("decision log", () => {
  const entries = entriesFromMinutes([minutesView()], PORTFOLIO);

  it("has one entry per decision, with systems and their owners", () => {
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ number: 1, systems: ["MITID"], orgs: ["DIGST"], meeting_date: "2026-03-12" });
  });

  it("filters by system and organisation", () => {
    expect(filterDecisions(entries, "MITID", "")).toHaveLength(1);
    expect(filterDecisions(entries, "CPR", "")).toHaveLength(0);
    expect(filterDecisions(entries, "", "DIGST")).toHaveLength(1);
    expect(filterDecisions(entries, "", "KL")).toHaveLength(0);
  });
});
