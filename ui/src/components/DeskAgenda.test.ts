import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import DeskMeetingPage from "./DeskMeetingPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, MEETING_ID, SUMMARY, WRITE, emitEvent, mockBackend } from "../test/fixtures";
import type { Act, AgendaItem, DeskMeeting, Op, Organisation, SystemView } from "../lib/types";

const SECRETARIAT: Act[] = ["upsert_agenda_item", "reorder_agenda", "withdraw_agenda_item", "publish_agenda", "publish_document"];
const ORGS: Organisation[] = [
  { code: "DIGST", name: "Digitaliseringsstyrelsen", short_name: "Digitaliseringsstyrelsen" },
  { code: "KL", name: "Kommunernes Landsforening", short_name: "KL" },
];
const SYSTEMS: SystemView[] = ["MITID", "NEMLOGIN"].map((code) => ({
  system: { code, name: code === "MITID" ? "MitID" : "NemLog-in", owner: "DIGST", description: "", criticality: "high", depends_on: [], critical_integrations: [] },
  latest_status: null,
}));

function item(n: number, title: string, extra: Partial<AgendaItem> = {}): AgendaItem {
  return { id: `00000000-0000-7000-8000-00000000e00${n}`, meeting: MEETING_ID, number: n, title, description: "", kind: "decision", systems: [], escalation: null, ...extra };
}

const DESK: DeskMeeting = {
  meeting: { ...SUMMARY.meeting, status: "planned", agenda_approved_on: null },
  items: [item(1, "Driftsstatus", { presenter: "KL", systems: ["MITID"] }), item(2, "Køreplan"), item(3, "Eventuelt")],
  documents: [],
  material_due: "2026-03-04",
  late_if_published_today: 0,
  in_progress: false,
  expected_attendance: [],
    may_be_marked_held: false,
    approval_meetings: [],
    agenda_may_change: true,
};

function backendWith(sent: Op[], extra: Record<string, unknown> = {}, events = false) {
  return mockBackend(
    {
      desk_meeting: DESK,
      portfolio: SYSTEMS,
      organisations: ORGS,
      meeting: null,
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
      ...extra,
    },
    { events },
  );
}

function pdf(name = "Bilag 2.pdf", type = "application/pdf"): File {
  return new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], name, { type });
}

afterEach(() => vi.restoreAllMocks());

describe("the agenda at the desk", () => {
  it("shows each item's presenter and systems, and edits them with the portfolio's systems to pick from", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    backendWith(sent);
    render(DeskMeetingPage, { id: MEETING_ID });
    const first = (await screen.findAllByTestId("desk-item"))[0] as HTMLElement;
    await waitFor(() => expect(first.textContent).toContain("fremlægges af KL"));
    expect(within(first).getByTestId("desk-item-systems").textContent).toBe("MitID");
    await fireEvent.click(within(first).getByRole("button", { name: "Redigér »Driftsstatus«" }));
    const form = screen.getByTestId("desk-edit-item");
    expect((within(form).getByLabelText("Fremlægges af") as HTMLSelectElement).value).toBe("KL");
    expect((within(form).getByLabelText("MitID") as HTMLInputElement).checked).toBe(true);
    await fireEvent.click(within(form).getByLabelText("NemLog-in"));
    await fireEvent.change(within(form).getByLabelText("Fremlægges af"), { target: { value: "DIGST" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: "upsert_agenda_item", item: { ...DESK.items[0], systems: ["MITID", "NEMLOGIN"], presenter: "DIGST" } });
    await waitFor(() => expect(screen.queryByTestId("desk-edit-item")).toBeNull());
  });

  it("adds an item with a presenter and the systems concerned", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    backendWith(sent);
    render(DeskMeetingPage, { id: MEETING_ID });
    const form = await screen.findByTestId("desk-add-item");
    await waitFor(() => within(form).getByLabelText("NemLog-in"));
    await fireEvent.input(within(form).getByLabelText("Overskrift"), { target: { value: "NemLog-in: skift af certifikat" } });
    await fireEvent.click(within(form).getByLabelText("NemLog-in"));
    await fireEvent.change(within(form).getByLabelText("Fremlægges af"), { target: { value: "DIGST" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    const op = sent[0];
    expect(op?.type).toBe("upsert_agenda_item");
    if (op?.type === "upsert_agenda_item") {
      expect(op.item).toMatchObject({ meeting: MEETING_ID, title: "NemLog-in: skift af certifikat", systems: ["NEMLOGIN"], presenter: "DIGST" });
    }
  });

  it("reorders by dragging an item onto another's place", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    backendWith(sent);
    render(DeskMeetingPage, { id: MEETING_ID });
    const items = await screen.findAllByTestId("desk-item");
    expect(items[2]?.getAttribute("draggable")).toBe("true");
    const transfer = { setData: vi.fn(), types: ["application/x-styrebord-item"], effectAllowed: "" };
    await fireEvent.dragStart(items[2] as HTMLElement, { dataTransfer: transfer });
    await fireEvent.dragOver(items[0] as HTMLElement, { dataTransfer: transfer });
    await fireEvent.drop(items[0] as HTMLElement, { dataTransfer: transfer });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: "reorder_agenda", meeting: MEETING_ID, items: [DESK.items[2]?.id, DESK.items[0]?.id, DESK.items[1]?.id] });
  });

  it("attaches a dropped PDF with a progress bar that says when the connection went, then publishes it", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const ids = ["upload-1", "doc-1"];
    vi.spyOn(crypto, "randomUUID").mockImplementation(() => (ids.shift() ?? "x") as `${string}-${string}-${string}-${string}-${string}`);
    const sent: Op[] = [];
    let finish: (v: unknown) => void = () => {};
    const { calls } = backendWith(sent, { desk_upload: () => new Promise((r) => (finish = r)) }, true);
    render(DeskMeetingPage, { id: MEETING_ID });
    const zone = (await screen.findAllByTestId("desk-material"))[1] as HTMLElement;
    await fireEvent.dragOver(zone, { dataTransfer: { types: ["Files"], files: [] } });
    expect(zone.classList.contains("dragging")).toBe(true);
    await fireEvent.drop(zone, { dataTransfer: { types: ["Files"], files: [pdf()] } });
    await screen.findByTestId("desk-upload");
    emitEvent("desk://upload", { upload: "upload-1", sent: 2_500_000, total: 10_000_000, interrupted: false });
    await waitFor(() => expect(screen.getByTestId("desk-upload-status").textContent).toContain("2,5 MB af 10 MB sendt (25 %)"));
    expect((screen.getByRole("progressbar") as HTMLProgressElement).value).toBe(25);
    // Another upload's progress is not this bar's.
    emitEvent("desk://upload", { upload: "someone-else", sent: 9_000_000, total: 10_000_000, interrupted: false });
    emitEvent("desk://upload", { upload: "upload-1", sent: 4_000_000, total: 10_000_000, interrupted: true });
    await waitFor(() => expect(screen.getByTestId("desk-upload-status").textContent).toContain("Forbindelsen er afbrudt ved 4,0 MB af 10 MB"));
    expect((screen.getByRole("progressbar") as HTMLProgressElement).value).toBe(40);
    await waitFor(() => expect(calls.some((c) => c.cmd === "desk_upload")).toBe(true));
    finish({ sha256: "ab".repeat(32), bytes: 10_000_000, sent: 6_000_000 });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "publish_document",
      document: "doc-1",
      meeting: MEETING_ID,
      agenda_item: DESK.items[1]?.id,
      title: "Bilag 2",
      sha256: "ab".repeat(32),
      change_note: undefined,
    });
    await waitFor(() => expect(screen.queryByTestId("desk-upload")).toBeNull());
  });

  it("refuses a dropped file that is not a PDF, before sending anything", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    const { calls } = backendWith(sent);
    render(DeskMeetingPage, { id: MEETING_ID });
    const zone = (await screen.findAllByTestId("desk-material"))[0] as HTMLElement;
    await fireEvent.drop(zone, { dataTransfer: { types: ["Files"], files: [pdf("referat.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")] } });
    expect((await screen.findByTestId("desk-upload-error")).textContent).toBe("»referat.docx« er ikke en PDF. Materiale udsendes som PDF.");
    expect(calls.some((c) => c.cmd === "desk_upload")).toBe(false);
  });

  it("labels the file choice in the app's language, not WebKit's", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    backendWith([]);
    render(DeskMeetingPage, { id: MEETING_ID });
    const zone = (await screen.findAllByTestId("desk-material"))[0] as HTMLElement;
    expect(zone.textContent).toContain("Vælg PDF …");
    expect(zone.textContent).toContain("eller træk filen hertil");
    expect(within(zone).getByLabelText("Vedhæft PDF til »Driftsstatus«")).toBeTruthy();
  });
});

describe("attendance at the desk", () => {
  it("starts from those expected, lets the secretariat untick and add, and marks the meeting held", async () => {
    app.session = { ...DEMO, today: "2026-03-12" };
    app.acts = [...SECRETARIAT, "mark_meeting_held"];
    const sent: Op[] = [];
    const expected = [
      { org: "KL", role: "member" as const, person: "00000000-0000-7000-8000-000000000001", name: "Mette Medlem" },
      { org: "KL", role: "observer" as const, person: null, name: "Ole Observatør" },
      { org: "DIGST", role: "substitute" as const, person: null, name: "Sofie Stedfortræder" },
    ];
    backendWith(sent, { desk_meeting: { ...DESK, meeting: { ...DESK.meeting, status: "published" }, in_progress: true, expected_attendance: expected, may_be_marked_held: true } });
    render(DeskMeetingPage, { id: MEETING_ID });
    const section = await screen.findByTestId("desk-attendance");
    await waitFor(() => within(section).getByLabelText("Ole Observatør, KL (bisidder)"));
    expect(section.textContent).toContain("3 deltagere markeret");
    await fireEvent.click(within(section).getByLabelText("Ole Observatør, KL (bisidder)"));
    const add = within(section).getByRole("form", { name: "Tilføj en deltager" });
    await fireEvent.change(within(add).getByLabelText("Organisation"), { target: { value: "DIGST" } });
    await fireEvent.input(within(add).getByLabelText("Navn"), { target: { value: "Dorte Direktør" } });
    await fireEvent.submit(add);
    expect(within(section).getByLabelText("Dorte Direktør, Digitaliseringsstyrelsen (bisidder)")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("desk-mark-held"));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "mark_meeting_held",
      meeting: MEETING_ID,
      attendance: [expected[0], expected[2], { org: "DIGST", role: "observer", person: null, name: "Dorte Direktør" }],
    });
  });

  it("is not offered before the meeting's day (core says when)", async () => {
    app.session = DEMO;
    app.acts = [...SECRETARIAT, "mark_meeting_held"];
    backendWith([], { desk_meeting: { ...DESK, meeting: { ...DESK.meeting, status: "published" } } });
    render(DeskMeetingPage, { id: MEETING_ID });
    await screen.findAllByTestId("desk-item");
    expect(screen.queryByTestId("desk-attendance")).toBeNull();
  });
});
