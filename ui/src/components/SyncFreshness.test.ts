import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import App from "../App.svelte";
import { app } from "../lib/session.svelte";
import { localDateTime } from "../lib/format";
import { DEMO, OVERVIEW, mockBackend } from "../test/fixtures";

describe("how fresh the copy is, at start", () => {
  it("says when the store last synced, not 'unknown', before this session's first round", async () => {
    app.online = null;
    app.lastSynced = null;
    window.location.hash = "#/overblik";
    mockBackend({ session_state: DEMO, my_acts: [], overview: OVERVIEW, sync_status: OVERVIEW.sync });
    render(App);
    const local = localDateTime("2026-03-01T07:12:00Z");
    const when = `1. marts 2026 kl. ${local.time.slice(0, 5).replace(":", ".")}`;
    await waitFor(() => expect(screen.getByTestId("sync-status").textContent).toContain(`Sidst synkroniseret ${when}`));
    expect(screen.getByTestId("sync-status").textContent).not.toContain("ukendt");
    // The overview's panel says the same, in local time, and that it is connecting.
    const panel = await screen.findByTestId("sync-panel");
    await waitFor(() => expect(panel.textContent).toContain(`Sidst synkroniseret: ${when}`));
    expect(panel.textContent).toContain("Forbinder til hubben");
    expect(screen.queryByTestId("sync-bar-outdated")).toBeNull();
    expect(screen.queryByTestId("sync-app-outdated")).toBeNull();
    window.location.hash = "";
  });
});

describe("a hub newer than the app", () => {
  it("says what could not be shown and leads to the updates", async () => {
    const outdated = {
      code: "app_outdated",
      message_da: "Hubben har sendt 2 oplysninger, som denne version af Styrebord ikke kan vise (teknisk navn: written_case).",
      message_en: "The hub sent 2 items this version of Styrebord cannot show (technical name: written_case).",
    };
    window.location.hash = "#/overblik";
    const sync = { ...OVERVIEW.sync, app_outdated: outdated };
    mockBackend({ session_state: DEMO, my_acts: [], overview: { ...OVERVIEW, sync }, sync_status: sync });
    render(App);
    const note = await screen.findByTestId("sync-app-outdated");
    expect(note.textContent).toContain("Hubben har sendt 2 oplysninger");
    const link = within(note).getByRole("link", { name: "Gå til opdateringer" });
    expect(link.getAttribute("href")).toBe("#/indstillinger");
    // The sidebar says it on every page.
    const bar = await screen.findByTestId("sync-bar-outdated");
    expect(bar.textContent).toBe("Opdatér Styrebord for at se alt fra hubben");
    expect(bar.getAttribute("href")).toBe("#/indstillinger");
    app.appOutdated = false;
    window.location.hash = "";
  });
});

describe("a refused comment", () => {
  it("shows the member's whole text, to copy before it is removed", async () => {
    const text = "Første afsnit om migreringen.\nAndet afsnit: vinduet i uge 7 kolliderer med NemLog-in, og det skal med i referatet.";
    const [first] = OVERVIEW.rejected_writes;
    if (!first) throw new Error("the fixture has a refused write");
    const refused = {
      ...first,
      op: { type: "comment_minutes" as const, minutes: "m", comment: "c", agenda_item: "a", text },
      error: { code: "comment_round_closed", message_da: "Kommentarrunden lukkede 2. marts 2026.", message_en: "The comment round closed on 2 March 2026." },
    };
    window.location.hash = "#/overblik";
    const overview = { ...OVERVIEW, rejected_writes: [refused] };
    mockBackend({ session_state: DEMO, my_acts: [], overview, sync_status: OVERVIEW.sync });
    render(App);
    const shown = await screen.findByTestId("rejected-text");
    expect(shown.tagName).toBe("DETAILS");
    expect(within(shown).getByText("Vis din tekst (kopiér den, før du fjerner ændringen)")).toBeTruthy();
    expect(shown.querySelector(".full")?.textContent).toBe(text);
    expect(screen.getByTestId("rejected-write").textContent).toContain("Kommentarrunden lukkede");
    window.location.hash = "";
  });
});
