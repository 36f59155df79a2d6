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
