import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import SearchPage from "./SearchPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, DOC_ID, HOSTILE_HITS, mockBackend } from "../test/fixtures";

describe("search", () => {
  it("renders hub text as text, with matches in <mark>", async () => {
    app.session = DEMO;
    mockBackend({ search: HOSTILE_HITS });
    const { container } = render(SearchPage, { initialQuery: "img" });
    const hit = await screen.findByTestId("search-hit");
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    const mark = hit.querySelector("mark");
    expect(mark?.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(hit.textContent).toContain("<b>fed</b>");
    expect(hit.querySelector("a")?.getAttribute("href")).toBe(`#/dokument/${DOC_ID}?side=2`);
    expect(screen.getByTestId("search-count").textContent).toContain("1 resultat for");
    expect(screen.queryByTestId("search-newest-only")).toBeNull();
  });

  it("says when only the newest matches were ranked, with Danish digit grouping", async () => {
    app.session = DEMO;
    mockBackend({ search: { ...HOSTILE_HITS, newest_only: 2000 } });
    render(SearchPage, { initialQuery: "og" });
    const note = await screen.findByTestId("search-newest-only");
    expect(note.textContent).toContain("mere end 2.000");
    expect(note.textContent).toContain("Tilføj et ord");
  });
});

describe("search hits say where they belong", () => {
  it("names an agenda item's meeting, and sends a procedure hit to the case", async () => {
    app.session = DEMO;
    mockBackend({
      search: {
        newest_only: null,
        hits: [
          { kind: "agenda_item", id: "i1", page: 0, meeting: "m1", meeting_date: "2026-03-12", title: "\u0002MitID\u0003-nedbrud", snippet: "", rank: -2 },
          { kind: "procedure", id: "p1", page: 0, meeting: null, meeting_date: null, title: "Optagelse af \u0002MitID\u0003", snippet: "", rank: -1 },
        ],
      },
    });
    render(SearchPage, { initialQuery: "MitID" });
    const hits = await screen.findAllByTestId("search-hit");
    expect(hits[0]?.textContent).toContain("mødet 12. marts 2026");
    expect(hits[1]?.querySelector("a")?.getAttribute("href")).toBe("#/skriftlige-sager/p1");
  });
});
