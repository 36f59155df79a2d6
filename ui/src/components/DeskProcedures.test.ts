import { afterEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import DeskProcedures from "./DeskProcedures.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, DOC, PROCEDURES, WRITE, emitEvent, mockBackend } from "../test/fixtures";
import type { Act, DocumentView, Op, ProcedureView } from "../lib/types";

const ACTS: Act[] = ["start_procedure", "close_procedure", "withdraw_procedure", "send_reminder", "publish_procedure_document"];
const BASE = PROCEDURES[0] as ProcedureView;
const PROC_ID = BASE.procedure.id;
const DOC_1 = "00000000-0000-7000-8000-000000000111";

const ATTACHED: DocumentView = {
  ...DOC,
  document: { ...DOC.document, id: DOC_1, meeting: null, agenda_item: null, procedure: PROC_ID, title: "Indstilling", version: 1 },
};

function pdf(name = "Bilag 2.pdf", type = "application/pdf"): File {
  return new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], name, { type });
}

function ids(...list: string[]) {
  vi.spyOn(crypto, "randomUUID").mockImplementation(() => (list.shift() ?? "x") as `${string}-${string}-${string}-${string}-${string}`);
}

function backendWith(sent: Op[], procedures: () => ProcedureView[], extra: Record<string, unknown> = {}, events = false) {
  return mockBackend(
    {
      procedures,
      desk_outstanding: [],
      desk_upload: { sha256: "ab".repeat(32), bytes: 5, sent: 5 },
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
      ...extra,
    },
    { events },
  );
}

afterEach(() => vi.restoreAllMocks());

describe("material of written procedures at the desk", () => {
  it("attaches a dropped PDF to an open procedure with a progress bar, and publishes it on the procedure", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    ids("upload-1", "doc-1");
    const sent: Op[] = [];
    let finish: (v: unknown) => void = () => {};
    const { calls } = backendWith(sent, () => [BASE], { desk_upload: () => new Promise((r) => (finish = r)) }, true);
    render(DeskProcedures);
    const card = await screen.findByTestId("desk-procedure");
    const zone = within(card).getByTestId("desk-material");
    expect(zone.getAttribute("aria-label")).toBe(`Materiale til »${BASE.procedure.title}«`);
    expect(within(zone).getByLabelText(`Vedhæft PDF til »${BASE.procedure.title}«`)).toBeTruthy();
    await fireEvent.dragOver(zone, { dataTransfer: { types: ["Files"], files: [] } });
    expect(zone.classList.contains("dragging")).toBe(true);
    await fireEvent.drop(zone, { dataTransfer: { types: ["Files"], files: [pdf("Indstilling.pdf")] } });
    await screen.findByTestId("desk-upload");
    emitEvent("desk://upload", { upload: "upload-1", sent: 5_000_000, total: 10_000_000, interrupted: false });
    await waitFor(() => expect(screen.getByTestId("desk-upload-status").textContent).toContain("5,0 MB af 10 MB sendt (50 %)"));
    await waitFor(() => expect(calls.some((c) => c.cmd === "desk_upload")).toBe(true));
    finish({ sha256: "ab".repeat(32), bytes: 10_000_000, sent: 10_000_000 });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "publish_procedure_document",
      document: "doc-1",
      procedure: PROC_ID,
      title: "Indstilling",
      sha256: "ab".repeat(32),
      change_note: undefined,
    });
    await waitFor(() => expect(screen.queryByTestId("desk-upload")).toBeNull());
  });

  it("lists the procedure's documents and publishes a new version with what changed", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    const sent: Op[] = [];
    backendWith(sent, () => [{ ...BASE, documents: [ATTACHED] }]);
    render(DeskProcedures);
    const card = await screen.findByTestId("desk-procedure");
    await waitFor(() => expect(within(card).getByTestId("desk-material").textContent).toContain("Indstilling (v1)"));
    await fireEvent.input(within(card).getByLabelText("Hvad er ændret i »Indstilling«?"), { target: { value: "Beløbet er rettet" } });
    await fireEvent.change(within(card).getByLabelText("Ny version af »Indstilling« (PDF)"), { target: { files: [pdf("indstilling-v2.pdf")] } });
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "publish_procedure_document",
      document: DOC_1,
      procedure: PROC_ID,
      title: "Indstilling",
      sha256: "ab".repeat(32),
      change_note: "Beløbet er rettet",
    });
  });

  it("offers no attaching to whom core's matrix does not allow it", async () => {
    app.session = DEMO;
    app.acts = ACTS.filter((a) => a !== "publish_procedure_document");
    backendWith([], () => [BASE]);
    render(DeskProcedures);
    const card = await screen.findByTestId("desk-procedure");
    expect(within(card).queryByTestId("desk-material")).toBeNull();
  });

  it("starts a procedure, then attaches its material before the hub has it in the list", async () => {
    app.session = DEMO;
    app.acts = ACTS;
    ids("proc-new", "upload-1", "doc-new");
    const sent: Op[] = [];
    let synced = false;
    const started: ProcedureView = {
      ...BASE,
      procedure: { ...BASE.procedure, id: "proc-new", title: "Nyt vedligeholdelsesvindue", responses: [] },
    };
    backendWith(sent, () => (synced ? [BASE, started] : [BASE]));
    render(DeskProcedures);
    await screen.findByTestId("desk-procedure");
    await fireEvent.input(screen.getByLabelText("Overskrift"), { target: { value: "Nyt vedligeholdelsesvindue" } });
    await fireEvent.input(screen.getByLabelText("Svarfrist"), { target: { value: "2026-03-20" } });
    await fireEvent.submit(screen.getByRole("form", { name: "Start en skriftlig sag" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({ type: "start_procedure", procedure: "proc-new", title: "Nyt vedligeholdelsesvindue" });
    const block = await screen.findByTestId("desk-procedure-started");
    expect(within(block).getByRole("status").textContent).toBe("»Nyt vedligeholdelsesvindue« er sendt til skriftlig behandling. Vedhæft sagens materiale her.");
    await fireEvent.change(within(block).getByLabelText("Vedhæft PDF til »Nyt vedligeholdelsesvindue«"), { target: { files: [pdf("Vindue.pdf")] } });
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({
      type: "publish_procedure_document",
      document: "doc-new",
      procedure: "proc-new",
      title: "Vindue",
      sha256: "ab".repeat(32),
      change_note: undefined,
    });
    // Once synced, the procedure is in the list with its own material zone; the block goes.
    synced = true;
    app.refreshTick += 1;
    await waitFor(() => expect(screen.getAllByTestId("desk-procedure")).toHaveLength(2));
    expect(screen.queryByTestId("desk-procedure-started")).toBeNull();
  });
});
