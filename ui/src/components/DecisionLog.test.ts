import { describe, expect, it } from "vitest";
import { render, screen, fireEvent, within } from "@testing-library/svelte";
import DecisionLog from "./DecisionLog.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, mockBackend } from "../test/fixtures";
import type { DecisionLogEntry } from "../lib/types";

const ENTRIES: DecisionLogEntry[] = [
  {
    minutes: "m2",
    meeting: "mt2",
    meeting_date: "2026-09-10",
    agenda_item: "a1",
    number: 3,
    title: "Vedligeholdelsesvinduer i 2027",
    text: "Vinduerne samles i uge 11.",
    systems: ["MITID", "CPR"],
    orgs: ["DIGST", "CPR"],
    state: "draft",
  },
  {
    minutes: "m1",
    meeting: "mt1",
    meeting_date: "2026-03-12",
    agenda_item: "a2",
    number: 0,
    title: "",
    text: "Under et punkt, der ikke er synkroniseret.",
    systems: [],
    orgs: [],
    state: "approved",
  },
];

describe("decision log", () => {
  it("shows the Rust side's log in its order and filters it by system and organisation", async () => {
    app.session = DEMO;
    const { calls } = mockBackend({ decision_log: ENTRIES });
    render(DecisionLog);
    const table = await screen.findByTestId("decision-log");
    expect(calls.map((c) => c.cmd)).toEqual(["decision_log"]);
    const rows = () => within(table).getAllByRole("row").slice(1) as HTMLTableRowElement[];
    const row = (i: number): HTMLTableRowElement => {
      const r = rows()[i];
      if (!r) throw new Error(`no row ${i}`);
      return r;
    };
    expect(rows().map((r) => r.textContent)).toEqual([
      expect.stringContaining("10. september 2026"),
      expect.stringContaining("12. marts 2026"),
    ]);
    expect(row(0).textContent).toContain("3. Vedligeholdelsesvinduer i 2027");
    // An unknown agenda item shows a dash, not "0.".
    expect(row(1).cells[1]?.textContent).toBe("–");

    await fireEvent.change(screen.getByTestId("log-system"), { target: { value: "CPR" } });
    expect(rows()).toHaveLength(1);
    await fireEvent.change(screen.getByTestId("log-system"), { target: { value: "" } });
    expect(rows()).toHaveLength(2);
    await fireEvent.change(screen.getByTestId("log-org"), { target: { value: "DIGST" } });
    expect(rows()).toHaveLength(1);
    expect(row(0).textContent).toContain("Vinduerne samles i uge 11.");
  });

  it("marks decisions of minutes not yet approved as drafts, and shows the owners it filters by", async () => {
    app.session = DEMO;
    mockBackend({ decision_log: ENTRIES });
    render(DecisionLog);
    const table = await screen.findByTestId("decision-log");
    const [draft, approved] = within(table).getAllByRole("row").slice(1) as HTMLTableRowElement[];
    expect(draft?.cells[2]?.textContent).toContain("Udkast, ikke godkendt");
    expect(approved?.cells[2]?.textContent).not.toContain("Udkast");
    expect(within(table).getAllByRole("columnheader").map((h) => h.textContent)).toContain("Systemejere");
    expect(draft?.cells[4]?.textContent).toBe("DIGST, CPR");
    expect(screen.getByLabelText("Systemejer")).toBe(screen.getByTestId("log-org"));
  });

  it("says why when the log cannot be loaded", async () => {
    app.session = DEMO;
    mockBackend({});
    render(DecisionLog);
    expect(await screen.findByText(/Ukendt kommando decision_log/)).toBeTruthy();
  });
});
