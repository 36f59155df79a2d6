import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import DeskMeetingPage from "./DeskMeetingPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, ITEM_ID, ME, MEETING_ID, MINUTES_ID, SUMMARY, WRITE, minutesView, mockBackend } from "../test/fixtures";
import type { Act, AgendaItem, DeskMeeting, MinutesView, Op, Organisation } from "../lib/types";

const ACTS: Act[] = ["upsert_agenda_item", "draft_minutes", "send_minutes_for_comments", "dispose_comment", "close_comment_round", "approve_minutes"];
const ORGS: Organisation[] = [{ code: "KL", name: "Kommunernes Landsforening", short_name: "KL" }, { code: "ATP", name: "Arbejdsmarkedets Tillægspension", short_name: "Udbetaling Danmark/ATP" }];
const DRAFT = "Styregruppen tog orienteringen til efterretning.";
const NEXT = "00000000-0000-7000-8000-0000000000a9";

const item = (id: string, n: number, title: string, description = ""): AgendaItem => ({ id, meeting: MEETING_ID, number: n, title, description, kind: "decision", systems: [], escalation: null });

function held(): DeskMeeting {
  return {
    meeting: { ...SUMMARY.meeting, status: "held", agenda_approved_on: "2026-03-01" },
    items: [item(ITEM_ID, 1, "Driftsstatus"), item("00000000-0000-7000-8000-0000000000b2", 2, "Køreplan", "Sekretariatet indstiller, at køreplanen godkendes.")],
    documents: [],
    material_due: "2026-03-04",
    late_if_published_today: 0,
    in_progress: false,
    expected_attendance: [],
    may_be_marked_held: false,
    approval_meetings: [],
    agenda_may_change: false,
  };
}

const comment = (id: string, org: string, text: string) => ({
  comment: { id, minutes: MINUTES_ID, agenda_item: ITEM_ID, author: ME.id, org, text, written_on: "2026-03-01", disposition: null },
  pending: false,
});

function withState(state: MinutesView["minutes"]["draft"]["state"], extra: Partial<MinutesView["minutes"]> = {}): MinutesView {
  const v = minutesView([comment("00000000-0000-7000-8000-0000000000f7", "ATP", "Nævn nedbruddet den 3. marts.")]);
  v.minutes = { ...v.minutes, ...extra, draft: { ...v.minutes.draft, state, ...(extra.draft ?? {}) } };
  return v;
}

function backend(view: MinutesView | null, sent: Op[]) {
  mockBackend({
    desk_meeting: { ...held(), approval_meetings: [{ ...SUMMARY.meeting, id: NEXT, date: "2026-06-10", status: "published" }] },
    minutes: view,
    organisations: ORGS,
    desk_act: ({ op }: Record<string, unknown>) => {
      sent.push(op as Op);
      return WRITE;
    },
  });
}

describe("Referat at the desk", () => {
  it("starts a draft from each item's proposal when nothing was recorded live", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    backend(null, []);
    render(DeskMeetingPage, { id: MEETING_ID });
    await screen.findByTestId("desk-minutes-form");
    expect((screen.getByLabelText("2. Køreplan") as HTMLTextAreaElement).value).toBe("Sekretariatet indstiller, at køreplanen godkendes.");
    expect((screen.getByLabelText("1. Driftsstatus") as HTMLTextAreaElement).value).toBe("");
  });

  it("shows each item's draft beside its comments, with the commenting organisation's name", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    backend(withState("comment_round_open"), []);
    render(DeskMeetingPage, { id: MEETING_ID });
    await waitFor(() => expect(screen.getAllByTestId("desk-minutes-item")[0]?.classList.contains("with-comments")).toBe(true));
    const blocks = screen.getAllByTestId("desk-minutes-item");
    const first = blocks[0] as HTMLElement;
    expect(first.querySelector(".decision")?.textContent).toBe(DRAFT);
    await waitFor(() => expect(within(first).getByRole("group", { name: "Kommentarer til »Driftsstatus«" }).textContent).toContain("Udbetaling Danmark/ATP: Nævn nedbruddet den 3. marts."));
    expect((blocks[1] as HTMLElement).textContent).toContain("Ingen kommentarer til dette punkt.");
    expect(screen.getByText("Kommentarfristen er den 5. marts 2026.")).toBeTruthy();
  });

  it("approves at a later meeting with the change from the draft shown as it is written", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    const sent: Op[] = [];
    backend(withState("comment_round_closed"), sent);
    render(DeskMeetingPage, { id: MEETING_ID });
    await waitFor(() => expect((screen.getByLabelText("1. Driftsstatus") as HTMLTextAreaElement).value).toBe(DRAFT));
    const text = screen.getByLabelText("1. Driftsstatus") as HTMLTextAreaElement;
    expect(screen.queryByTestId("decision-diff")).toBeNull();
    await fireEvent.input(text, { target: { value: "Styregruppen tog orienteringen om nedbruddet den 3. marts til efterretning." } });
    const diff = await screen.findByTestId("decision-diff");
    expect(diff.querySelector("ins")?.textContent).toContain("om nedbruddet den 3. marts");
    await fireEvent.change(screen.getByLabelText("Godkendt på mødet"), { target: { value: NEXT } });
    await fireEvent.submit(screen.getByTestId("desk-minutes-form"));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "approve_minutes",
      minutes: MINUTES_ID,
      at_meeting: NEXT,
      // Only what changed from the draft; item 2 had no decision and still has none.
      changed: [{ agenda_item: ITEM_ID, text: "Styregruppen tog orienteringen om nedbruddet den 3. marts til efterretning." }],
    });
  });

  it("after approval shows the final text and, on request, the diff from the draft", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    const final = "Styregruppen tog orienteringen om nedbruddet til efterretning.";
    backend(
      withState("approved", {
        approved_on: "2026-06-10",
        draft_decisions: [{ agenda_item: ITEM_ID, text: DRAFT }],
        draft: { id: MINUTES_ID, meeting: MEETING_ID, state: "approved", decisions: [{ agenda_item: ITEM_ID, text: final }] },
      }),
      [],
    );
    render(DeskMeetingPage, { id: MEETING_ID });
    expect((await screen.findByTestId("desk-minutes-approved")).textContent).toContain("10. juni 2026");
    const first = screen.getAllByTestId("desk-minutes-item")[0] as HTMLElement;
    expect(first.querySelector(".decision")?.textContent).toBe(final);
    await fireEvent.click(within(first).getByTestId("diff-toggle"));
    expect(within(first).getByTestId("decision-diff").querySelector("ins")?.textContent).toContain("om nedbruddet");
  });
});
