import { describe, expect, it } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import MinutesPage from "./MinutesPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, ITEM_ID, MEETING_ID, MINUTES_ID, ME, SUMMARY, WRITE, minutesView, mockBackend } from "../test/fixtures";
import type { MinutesView } from "../lib/types";

describe("minutes", () => {
  it("submits a comment per item and shows it as pending", async () => {
    app.session = DEMO;
    let view: MinutesView = minutesView([
      {
        comment: { id: "c-1", minutes: MINUTES_ID, agenda_item: ITEM_ID, author: "someone", org: "ATP", text: "Enig.", written_on: "2026-02-21" },
        pending: false,
      },
    ]);
    const { calls } = mockBackend({
      minutes: () => view,
      comment: (args: Record<string, unknown>) => {
        view = {
          ...view,
          comments: [
            ...view.comments,
            {
              comment: { id: "c-2", minutes: MINUTES_ID, agenda_item: ITEM_ID, author: ME.id, org: "KL", text: String(args.text), written_on: "2026-03-01" },
              pending: true,
            },
          ],
        };
        return WRITE;
      },
    });
    render(MinutesPage, { meetingId: MEETING_ID });
    const text = await screen.findByTestId("comment-text");
    expect(screen.getByTestId("comments").textContent).toContain("Enig.");
    await fireEvent.input(text, { target: { value: "Præcisér venligst datoen." } });
    expect(screen.getByTestId("comment-count").textContent).toContain("25 af 4000 tegn");
    await fireEvent.click(screen.getByTestId("comment-submit"));
    await waitFor(() => expect(screen.getByTestId("comments").textContent).toContain("Præcisér venligst datoen."));
    expect(screen.getByTestId("comments").textContent).toContain("Afventer bekræftelse");
    expect(calls.find((c) => c.cmd === "comment")?.args).toEqual({ minutes: MINUTES_ID, agendaItem: ITEM_ID, text: "Præcisér venligst datoen." });
  });

  it("refuses an empty comment without calling the backend", async () => {
    app.session = DEMO;
    const { calls } = mockBackend({ minutes: minutesView() });
    render(MinutesPage, { meetingId: MEETING_ID });
    await fireEvent.click(await screen.findByTestId("comment-submit"));
    expect(screen.getByText("Skriv en tekst først.")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "comment")).toBe(false);
  });

  it("shows the secretariat's answer to the member's own comment", async () => {
    app.session = DEMO;
    const view = minutesView([
      {
        comment: {
          id: "c-3",
          minutes: MINUTES_ID,
          agenda_item: ITEM_ID,
          author: ME.id,
          org: "KL",
          text: "Angiv datoerne.",
          written_on: "2026-02-21",
          disposition: { kind: "not_incorporated", why: "Datoerne er ikke aftalt endnu." },
        },
        pending: false,
      },
    ]);
    mockBackend({ minutes: view });
    render(MinutesPage, { meetingId: MEETING_ID });
    expect((await screen.findByTestId("disposition")).textContent).toContain(
      "ikke indarbejdet – Datoerne er ikke aftalt endnu.",
    );
  });
});

describe("the list of minutes", () => {
  it("lists every set of minutes the member can see, with where each stands, newest first", async () => {
    mockBackend({
      minutes_list: [
        { meeting: { ...SUMMARY.meeting, id: "m3", status: "held", date: "2026-03-12" }, state: null, closes: null, open_for_comments: false, approved_on: null },
        { meeting: { ...SUMMARY.meeting, id: "m2", status: "held", date: "2026-02-10" }, state: "comment_round_open", closes: "2026-03-06", open_for_comments: true, approved_on: null },
        { meeting: { ...SUMMARY.meeting, id: "m1", status: "held", date: "2025-11-20" }, state: "approved", closes: "2025-12-05", open_for_comments: false, approved_on: "2026-02-10" },
      ],
      decision_log: [],
    });
    render(MinutesPage, { meetingId: null });
    const entries = await screen.findAllByTestId("minutes-entry");
    expect(entries.map((e) => e.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "torsdag den 12. marts 2026 Udkastet er ikke udsendt endnu",
      "tirsdag den 10. februar 2026 Kommenteringsrunde åben Kommentér senest 6. marts 2026",
      "torsdag den 20. november 2025 Godkendt 10. februar 2026",
    ]);
    expect(entries[1]?.querySelector("a")?.getAttribute("href")).toBe("#/referater/m2");
  });
});
