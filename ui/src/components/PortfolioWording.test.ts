import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import PortfolioPage from "./PortfolioPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, PORTFOLIO, STATUS, mockBackend } from "../test/fixtures";
import type { StatusView } from "../lib/types";

const ORGS = [
  { code: "DIGST", name: "Digitaliseringsstyrelsen", short_name: "Digitaliseringsstyrelsen" },
  { code: "CPR", name: "CPR-kontoret", short_name: "CPR-kontoret" },
];

describe("the portfolio's words", () => {
  it("counts the lights in agreeing Danish and names the owners", async () => {
    app.session = DEMO;
    const many: StatusView = {
      ...STATUS,
      statuses: [
        ...STATUS.statuses,
        ...["A", "B"].map((s) => ({ system: s, quarter: "2025-Q4", light: "green" as const, availability_percent: 99.9, major_incidents: 0, note: "" })),
        { system: "C", quarter: "2025-Q4", light: "yellow" as const, availability_percent: 99.1, major_incidents: 0, note: "" },
      ],
    };
    mockBackend({ portfolio: PORTFOLIO, status: many, organisations: ORGS });
    render(PortfolioPage, { selected: null });
    const summary = await screen.findByTestId("status-summary");
    // 3 green, 2 yellow, 0 red: plural adjectives, as a Danish reader writes them.
    expect(summary.textContent).toContain("3 grønne, 2 gule, 0 røde.");
    const table = screen.getByTestId("portfolio");
    await waitFor(() => expect(within(table).getAllByRole("row")[1]?.textContent).toContain("Digitaliseringsstyrelsen"));
    expect(table.textContent).not.toMatch(/\bDIGST\b/);
    // The code is one unbreakable word.
    expect(table.querySelector(".code")?.textContent).toBe("(MITID)");
  });

  it("says one in the singular", async () => {
    app.session = DEMO;
    mockBackend({ portfolio: PORTFOLIO, status: STATUS, organisations: ORGS });
    render(PortfolioPage, { selected: null });
    expect((await screen.findByTestId("status-summary")).textContent).toContain("1 grøn, 1 gul, 0 røde.");
  });
});
