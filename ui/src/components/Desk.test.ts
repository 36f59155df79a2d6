import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import DeskYearPage from "./DeskYearPage.svelte";
import DeskMeetingPage from "./DeskMeetingPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, DOC, ITEM_ID, ME, MEETING_ID, MINUTES_ID, OVERVIEW, PROCEDURES, SUMMARY, WRITE, meetingView, minutesView, mockBackend } from "../test/fixtures";
import type { Act, AgendaItem, DeskMeeting, DeskYear, Op } from "../lib/types";

const SECRETARIAT: Act[] = [
  "upsert_agenda_item",
  "reorder_agenda",
  "withdraw_agenda_item",
  "upsert_meeting",
  "publish_agenda",
  "cancel_meeting",
];
const CHAIR: Act[] = ["register_participant", "upsert_agenda_item", "reorder_agenda", "withdraw_agenda_item", "approve_agenda"];

function item(n: number, title: string): AgendaItem {
  return {
    id: `00000000-0000-7000-8000-00000000e00${n}`,
    meeting: MEETING_ID,
    number: n,
    title,
    description: "",
    kind: "decision",
    systems: [],
    escalation: null,
  };
}

const YEAR: DeskYear = {
  year: 2026,
  meetings: [SUMMARY.meeting],
  plan_warning: {
    code: "plan_too_few_meetings",
    message_da: "Årsplanen for 2026 har 1 ordinært møde; forretningsordenen forudsætter 4.",
    message_en: "The 2026 plan has 1 ordinary meeting; the rules of procedure expect 4.",
  },
};

function deskMeeting(late: number, approved: string | null): DeskMeeting {
  return {
    meeting: { ...SUMMARY.meeting, status: "planned", agenda_approved_on: approved },
    items: [item(1, "Driftsstatus"), item(2, "Køreplan")],
    documents: [],
    material_due: "2026-03-04",
    late_if_published_today: late,
    in_progress: false,
    expected_attendance: [],
    may_be_marked_held: false,
    approval_meetings: [],
    agenda_may_change: true,
  };
}

describe("the desk", () => {
  it("is not offered to a member, and says so if reached anyway", async () => {
    window.location.hash = "#/sekretariat";
    mockBackend({ session_state: DEMO, my_acts: ["register_participant", "comment_minutes"], overview: OVERVIEW, sync_status: OVERVIEW.sync });
    render(App);
    expect(await screen.findByTestId("desk-not-yours")).toBeTruthy();
    expect(document.querySelector('[data-route="desk"]')).toBeNull();
    window.location.hash = "";
  });

  it("plans the year: the plan check, a new meeting through core, its notice", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    mockBackend({
      desk_year: YEAR,
      procedures: [],
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return { ...WRITE, notices: [YEAR.plan_warning] };
      },
    });
    render(DeskYearPage);
    expect((await screen.findByTestId("desk-plan-warning")).textContent).toContain("forudsætter 4");
    expect(screen.getAllByTestId("desk-meeting")).toHaveLength(1);
    const form = screen.getByTestId("desk-add-meeting");
    const inputs = form.querySelectorAll("input");
    await fireEvent.input(inputs[0] as HTMLInputElement, { target: { value: "2026-06-10" } });
    await fireEvent.input(inputs[3] as HTMLInputElement, { target: { value: "Landgreven 4" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    const op = sent[0];
    expect(op?.type).toBe("upsert_meeting");
    if (op?.type === "upsert_meeting") {
      expect(op.meeting.date).toBe("2026-06-10");
      expect(op.meeting.location).toBe("Landgreven 4");
      expect(op.meeting.status).toBe("planned");
    }
    expect((await screen.findByTestId("desk-notices")).textContent).toContain("forudsætter 4");
  });

  it("builds the agenda: moves an item by keyboard-reachable buttons and asks before sending late", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    mockBackend({
      desk_meeting: deskMeeting(3, null),
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    await screen.findByTestId("desk-items");
    await fireEvent.click(screen.getByRole("button", { name: "Flyt »Driftsstatus« ned" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: "reorder_agenda", meeting: MEETING_ID, items: [item(2, "").id, item(1, "").id] });
    // Three working days late and not approved: both said before the button; the first press asks.
    expect(screen.getByTestId("desk-late").textContent).toBe("3 arbejdsdage for sent, hvis den sendes i dag — send alligevel?");
    expect(screen.getByTestId("desk-unapproved")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("desk-publish"));
    expect(sent).toHaveLength(1);
    expect(screen.getByTestId("desk-publish").textContent?.trim()).toBe("Send alligevel");
    await fireEvent.click(screen.getByTestId("desk-publish"));
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ type: "publish_agenda", meeting: MEETING_ID });
  });

  it("gives the chair the approval and not the publishing; a refusal is core's words", async () => {
    app.session = DEMO;
    app.acts = CHAIR;
    mockBackend({
      desk_meeting: deskMeeting(0, null),
      desk_act: () => {
        throw { code: "agenda_empty", message_da: "Dagsordenen har ingen punkter endnu.", message_en: "The agenda has no items yet." };
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    const approve = await screen.findByTestId("desk-approve");
    expect(screen.queryByTestId("desk-publish")).toBeNull();
    await fireEvent.click(approve);
    expect((await screen.findByTestId("desk-error")).textContent).toBe("Dagsordenen har ingen punkter endnu.");
  });
});

describe("the meeting in progress at the desk", () => {
  it("marks the item taken up and records its decision as it is taken", async () => {
    app.session = { ...DEMO, today: "2026-03-12" };
    app.acts = [...SECRETARIAT, "set_current_item", "record_live_decision"];
    const sent: Op[] = [];
    const live = deskMeeting(0, "2026-03-01");
    live.meeting = { ...live.meeting, status: "published", live: { current_item: item(1, "").id, decisions: [] } };
    live.in_progress = true;
    mockBackend({
      desk_meeting: live,
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    expect(await screen.findByTestId("desk-live")).toBeTruthy();
    expect(screen.getByTestId("desk-current")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Behandl nu: »Køreplan«" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: "set_current_item", meeting: MEETING_ID, item: item(2, "").id });
    const text = screen.getByLabelText("Beslutning: Driftsstatus");
    await fireEvent.input(text, { target: { value: "Taget til efterretning." } });
    const forms = document.querySelectorAll("form.decision");
    await fireEvent.submit(forms[0] as HTMLFormElement);
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ type: "record_live_decision", meeting: MEETING_ID, item: item(1, "").id, text: "Taget til efterretning." });
  });
});

describe("the minutes at the desk", () => {
  it("starts the draft from the decisions recorded live", async () => {
    app.session = DEMO;
    app.acts = [...SECRETARIAT, "draft_minutes", "send_minutes_for_comments"];
    const sent: Op[] = [];
    const held = deskMeeting(0, "2026-03-01");
    held.meeting = {
      ...held.meeting,
      status: "held",
      live: { current_item: null, decisions: [{ agenda_item: item(1, "").id, text: "Taget til efterretning." }] },
    };
    mockBackend({
      desk_meeting: held,
      minutes: null,
      desk_year: YEAR,
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    const form = await screen.findByTestId("desk-minutes-form");
    expect((screen.getByLabelText("1. Driftsstatus") as HTMLTextAreaElement).value).toBe("Taget til efterretning.");
    await fireEvent.input(screen.getByLabelText("2. Køreplan"), { target: { value: "Godkendt." } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    const op = sent[0];
    expect(op?.type).toBe("draft_minutes");
    if (op?.type === "draft_minutes") {
      expect(op.decisions).toEqual([
        { agenda_item: item(1, "").id, text: "Taget til efterretning." },
        { agenda_item: item(2, "").id, text: "Godkendt." },
      ]);
    }
  });
});

describe("the comments at the desk", () => {
  it("lists every comment per item and records the secretariat's disposition of each", async () => {
    app.session = DEMO;
    app.acts = [...SECRETARIAT, "dispose_comment", "close_comment_round"];
    const sent: Op[] = [];
    const held = deskMeeting(0, "2026-03-01");
    held.meeting = { ...held.meeting, status: "held" };
    held.items = [{ ...item(1, "Driftsstatus for porteføljen"), id: ITEM_ID }];
    const comment = (id: string, org: string, text: string) => ({
      comment: { id, minutes: MINUTES_ID, agenda_item: ITEM_ID, author: ME.id, org, text, written_on: "2026-03-01", disposition: null },
      pending: false,
    });
    mockBackend({
      desk_meeting: held,
      minutes: minutesView([comment("00000000-0000-7000-8000-0000000000f7", "KL", "Præcisér tallene."), comment("00000000-0000-7000-8000-0000000000f8", "ATP", "Nævn nedbruddet.")]),
      desk_year: YEAR,
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    expect(await screen.findAllByTestId("desk-comment")).toHaveLength(2);
    await fireEvent.click(screen.getAllByRole("button", { name: "Indarbejd" })[0] as HTMLElement);
    await fireEvent.input(screen.getByLabelText("Hvorfor indarbejdes kommentaren fra ATP ikke?"), { target: { value: "Står i bilaget." } });
    await fireEvent.click(screen.getAllByRole("button", { name: "Indarbejd ikke" })[1] as HTMLElement);
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]).toEqual({ type: "dispose_comment", comment: "00000000-0000-7000-8000-0000000000f7", disposition: { kind: "incorporated" } });
    expect(sent[1]).toEqual({ type: "dispose_comment", comment: "00000000-0000-7000-8000-0000000000f8", disposition: { kind: "not_incorporated", why: "Står i bilaget." } });
    await fireEvent.click(screen.getByTestId("desk-close-round"));
    await waitFor(() => expect(sent).toHaveLength(3));
    expect(sent[2]).toEqual({ type: "close_comment_round", minutes: MINUTES_ID });
  });
});

describe("written procedures at the desk", () => {
  it("names who has not answered and reminds them", async () => {
    app.session = DEMO;
    app.acts = [...SECRETARIAT, "send_reminder", "close_procedure", "withdraw_procedure", "start_procedure"];
    const sent: Op[] = [];
    const procedure = PROCEDURES[0];
    if (!procedure) throw new Error("the fixtures have a procedure");
    mockBackend({
      desk_year: { ...YEAR, plan_warning: null },
      procedures: PROCEDURES,
      desk_outstanding: ({ about }: Record<string, unknown>) => ((about as { id: string }).id === procedure.procedure.id ? ["DR", "KL"] : []),
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return { ...WRITE, notices: [{ code: "reminders_sent", message_da: "Påmindelsen er sendt til 2 organisationer.", message_en: "The reminder went to 2 organisations." }] };
      },
    });
    render(DeskYearPage);
    expect((await screen.findByTestId("desk-awaited")).textContent).toBe("Mangler svar fra: DR, KL");
    await fireEvent.click(screen.getByRole("button", { name: "Påmind dem" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    const op = sent[0];
    expect(op?.type).toBe("send_reminder");
    if (op?.type === "send_reminder") expect(op.about).toEqual({ kind: "procedure", id: procedure.procedure.id });
    expect((await screen.findByTestId("desk-notices")).textContent).toContain("sendt til 2 organisationer");
  });
});

describe("material at the desk", () => {
  it("uploads a chosen PDF and publishes it on the item; a new version says what changed", async () => {
    app.session = DEMO;
    app.acts = [...SECRETARIAT, "publish_document"];
    const sent: Op[] = [];
    let uploads = 0;
    const withDoc = deskMeeting(0, null);
    withDoc.documents = [{ ...DOC.document, id: "00000000-0000-7000-8000-00000000d0c2", agenda_item: item(2, "").id, title: "Køreplan 2027", version: 1 }];
    mockBackend({
      desk_meeting: withDoc,
      desk_upload: () => {
        uploads += 1;
        return { sha256: "a".repeat(64), bytes: 9, sent: 9 };
      },
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    await screen.findByTestId("desk-items");
    const pdf = new File(["%PDF-1.7\n"], "Driftsstatus Q4.pdf", { type: "application/pdf" });
    const attach = screen.getByLabelText("Vedhæft PDF til »Driftsstatus«") as HTMLInputElement;
    await fireEvent.change(attach, { target: { files: [pdf] } });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(uploads).toBe(1);
    expect(sent[0]).toMatchObject({ type: "publish_document", meeting: MEETING_ID, agenda_item: item(1, "").id, title: "Driftsstatus Q4", sha256: "a".repeat(64) });
    await fireEvent.input(screen.getByLabelText("Hvad er ændret i »Køreplan 2027«?"), { target: { value: "Konflikt i uge 36 rettet" } });
    const newVersion = screen.getAllByLabelText("Ny version (PDF)")[0] as HTMLInputElement;
    await fireEvent.change(newVersion, { target: { files: [pdf] } });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toMatchObject({
      type: "publish_document",
      document: "00000000-0000-7000-8000-00000000d0c2",
      title: "Køreplan 2027",
      change_note: "Konflikt i uge 36 rettet",
    });
  });
});

describe("registrations at the desk", () => {
  it("shows every organisation's seat and registers a substitute on a member's behalf", async () => {
    app.session = DEMO;
    app.acts = [...SECRETARIAT, "register_participant"];
    const sent: Op[] = [];
    mockBackend({
      desk_meeting: deskMeeting(0, null),
      meeting: meetingView(),
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskMeetingPage, { id: MEETING_ID });
    expect(await screen.findAllByTestId("desk-seat")).toHaveLength(2);
    const form = screen.getByTestId("desk-register");
    await fireEvent.change(screen.getByLabelText("Organisation"), { target: { value: "ATP" } });
    await fireEvent.input(screen.getByLabelText("Navn"), { target: { value: "Anne Andersen" } });
    await fireEvent.input(screen.getByLabelText("E-mail"), { target: { value: "anne@atp.dk" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ type: "register_participant", meeting: MEETING_ID, org: "ATP", kind: "substitute", name: "Anne Andersen", email: "anne@atp.dk" });
  });
});
