import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/svelte";
import OverviewPage from "./OverviewPage.svelte";
import ProceduresPage from "./ProceduresPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, MEETING_ID, OVERVIEW, PROCEDURES, SUMMARY, minutesView, mockBackend } from "../test/fixtures";
import type { Overview } from "../lib/types";

const PROCEDURE = PROCEDURES[0];
if (!PROCEDURE) throw new Error("the fixtures have a procedure");
const PAST = "00000000-0000-7000-8000-0000000000a0";
const round = minutesView().minutes;
const WAITING: Overview = {
  ...OVERVIEW,
  next_meeting: { ...SUMMARY, meeting: { ...SUMMARY.meeting, status: "planned", agenda_published_on: null } },
  open_comment_rounds: [{ ...round, draft: { ...round.draft, meeting: PAST } }],
  procedures_awaiting: [PROCEDURE],
};
const LIST = [{ meeting: { ...SUMMARY.meeting, id: PAST, date: "2026-02-10", status: "held" }, state: "comment_round_open", closes: "2026-03-05", open_for_comments: true, approved_on: null }];

describe("Venter på dig: every task leads to where it is done", () => {
  it("registering goes to the meeting, commenting to those minutes (named), answering to the case", async () => {
    app.session = DEMO;
    app.acts = ["register_participant", "comment_minutes", "respond_procedure"];
    mockBackend({ overview: WAITING, minutes_list: LIST });
    render(OverviewPage);
    const comment = await screen.findByTestId("task-comment");
    await waitFor(() => expect(comment.textContent).toBe("Kommentér udkastet til referat af mødet 10. februar 2026 (frist 5. marts 2026)"));
    expect(comment.getAttribute("href")).toBe(`#/referater/${PAST}`);
    expect(screen.getByTestId("task-procedure").getAttribute("href")).toBe(`#/skriftlige-sager/${PROCEDURE.procedure.id}`);
    expect(screen.getByRole("link", { name: /Tilmeld/ }).getAttribute("href")).toBe(`#/moeder/${MEETING_ID}`);
  });

  it("does not give a member the secretariat's material deadline as her own", async () => {
    app.session = DEMO;
    app.acts = ["register_participant", "comment_minutes"];
    mockBackend({ overview: { ...WAITING, open_comment_rounds: [], procedures_awaiting: [] }, minutes_list: [] });
    render(OverviewPage);
    const heading = await screen.findByRole("heading", { name: "Frister" });
    const card = heading.closest("section") as HTMLElement;
    expect(card.textContent).not.toContain("materiale");
  });

  it("gives the secretariat its material deadline while the agenda has not gone out", async () => {
    app.session = { ...DEMO, today: "2026-03-01" };
    app.acts = ["upsert_agenda_item", "publish_agenda"];
    mockBackend({ overview: { ...WAITING, open_comment_rounds: [], procedures_awaiting: [] }, minutes_list: [] });
    render(OverviewPage);
    const heading = await screen.findByRole("heading", { name: "Frister" });
    const card = heading.closest("section") as HTMLElement;
    await waitFor(() => expect(card.textContent).toContain("udsendelse af dagsorden og materiale til næste møde"));
    expect(within(card).getByRole("link", { name: "4. marts 2026" }).getAttribute("href")).toBe(`#/sekretariat/${MEETING_ID}`);
  });

  it("the case a task leads to is opened at, its heading focused", async () => {
    app.session = DEMO;
    mockBackend({ procedures: PROCEDURES, organisations: [] });
    render(ProceduresPage, { selected: PROCEDURE.procedure.id });
    const heading = await screen.findByRole("heading", { name: PROCEDURE.procedure.title });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(heading.closest("article")?.classList.contains("selected")).toBe(true);
  });
});
