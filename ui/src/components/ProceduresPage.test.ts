import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import axe from "axe-core";
import ProceduresPage from "./ProceduresPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, DOC, PROCEDURES, mockBackend } from "../test/fixtures";
import type { DocumentView, ProcedureView } from "../lib/types";

const BASE = PROCEDURES[0] as ProcedureView;
const PROC_ID = BASE.procedure.id;

/** A procedure's document: no meeting, no agenda item. */
function material(id: string, title: string, extra: Partial<DocumentView["document"]> = {}, view: Partial<DocumentView> = {}): DocumentView {
  return {
    ...DOC,
    document: { ...DOC.document, id, meeting: null, agenda_item: null, procedure: PROC_ID, title, version: 1, change_note: null, ...extra },
    ...view,
  };
}

const WITH_MATERIAL: ProcedureView = {
  ...BASE,
  documents: [
    material("00000000-0000-7000-8000-000000000111", "Bilag 1: Indstilling", { version: 2, change_note: "Økonomien er opdateret." }),
    material("00000000-0000-7000-8000-000000000112", "Bilag 2: Tidsplan", {}, { read: true, blob: "downloading" }),
  ],
};
const WITHOUT: ProcedureView = {
  ...BASE,
  procedure: { ...BASE.procedure, id: "00000000-0000-7000-8000-000000000121", title: "Ændret mødeplan" },
  documents: [],
};

describe("written procedures: material", () => {
  it("lists each procedure's material under its text, with links to the reader, new versions and what changed", async () => {
    app.session = DEMO;
    mockBackend({ procedures: [WITH_MATERIAL, WITHOUT] });
    render(ProceduresPage);
    const cards = await screen.findAllByTestId("procedure");
    expect(cards).toHaveLength(2);
    const first = cards[0] as HTMLElement;
    const list = within(first).getByTestId("procedure-material");
    expect(within(list).getByRole("heading", { name: "Materiale" })).toBeTruthy();
    const links = within(list).getAllByRole("link");
    expect(links.map((a) => [a.textContent, a.getAttribute("href")])).toEqual([
      ["Bilag 1: Indstilling", "#/dokument/00000000-0000-7000-8000-000000000111"],
      ["Bilag 2: Tidsplan", "#/dokument/00000000-0000-7000-8000-000000000112"],
    ]);
    const items = within(list).getAllByRole("listitem");
    expect(items[0]?.textContent).toContain("Ny version (v2)");
    expect(items[0]?.textContent).toContain("Økonomien er opdateret.");
    expect(items[0]?.textContent).toContain("Ikke læst");
    expect(items[0]?.textContent).toContain("hentet til offline brug");
    expect(items[1]?.textContent).not.toContain("Ny version");
    expect(items[1]?.textContent).not.toContain("Ikke læst");
    expect(items[1]?.textContent).toContain("hentes nu");
    // The material comes before the answers and the form to answer.
    const text = first.textContent ?? "";
    expect(text.indexOf("Bilag 1")).toBeGreaterThan(text.indexOf(BASE.procedure.description));
    expect(text.indexOf("Bilag 1")).toBeLessThan(text.indexOf("Svar (1)"));
    // A procedure without material has no empty list.
    expect(within(cards[1] as HTMLElement).queryByTestId("procedure-material")).toBeNull();
  });

  it("has no serious accessibility violations with material listed", async () => {
    app.session = DEMO;
    mockBackend({ procedures: [WITH_MATERIAL] });
    const { container } = render(ProceduresPage);
    await screen.findByTestId("procedure-material");
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    await waitFor(() => expect(bad.map((v) => v.id)).toEqual([]));
  });
});

describe("written procedures: who has answered", () => {
  it("names the organisations, says each answer as a state, and who has not answered yet", async () => {
    app.session = { ...DEMO, today: "2026-11-27" };
    const view: ProcedureView = {
      ...BASE,
      procedure: {
        ...BASE.procedure,
        deadline: "2026-12-04",
        responses: [
          { org: "KL", by: "p1", response: { kind: "agree" }, given_on: "2026-11-25" },
          { org: "ATP", by: "p2", response: { kind: "comment", text: "Fint." }, given_on: "2026-11-26" },
        ],
      },
      awaiting: ["DR"],
    };
    mockBackend({
      procedures: [view],
      organisations: [
        { code: "KL", name: "Kommunernes Landsforening", short_name: "KL" },
        { code: "ATP", name: "ATP", short_name: "Udbetaling Danmark/ATP" },
        { code: "DR", name: "Danske Regioner", short_name: "Danske Regioner" },
      ],
    });
    render(ProceduresPage);
    const article = await screen.findByTestId("procedure");
    await waitFor(() => expect(article.textContent).toContain("Udbetaling Danmark/ATP: Har kommenteret"));
    expect(article.textContent).toContain("KL: Tilslutter sig");
    expect(article.textContent).not.toMatch(/: (Tilslut|Kommentér)\b/);
    expect(screen.getByTestId("procedure-awaiting").textContent).toBe("Mangler svar fra: Danske Regioner");
    // The countdown is its own words after the date.
    expect(article.textContent).toContain("4. december 2026 (om 7 dage)");
  });
});
