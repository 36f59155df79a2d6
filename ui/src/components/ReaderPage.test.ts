import { describe, expect, it, vi } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import ReaderPage from "./ReaderPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, DOC, DOC_ID, mockBackend } from "../test/fixtures";
import { renderPage } from "../lib/pdf";

vi.mock("../lib/pdf", () => ({
  openPdf: vi.fn(async () => ({ doc: { numPages: 3 }, task: { destroy: async () => {} } })),
  renderPage: vi.fn(async () => ({ cancel: () => {}, done: Promise.resolve() })),
}));

describe("reader", () => {
  it("pages by keyboard, marks read with the page, and keeps notes private", async () => {
    app.session = DEMO;
    const { calls } = mockBackend({
      document: DOC,
      document_bytes: new ArrayBuffer(8),
      notes: [],
      mark_read: null,
      add_note: (a: Record<string, unknown>) => ({ id: "n", document: DOC_ID, page: a.page, text: a.text, created_at: "", updated_at: "" }),
    });
    render(ReaderPage, { id: DOC_ID });
    expect(await screen.findByTestId("reader-canvas")).toBeTruthy();
    expect(screen.getByTestId("reader-new-version").textContent).toBe("Ny version (v2)");
    expect(screen.getByText("Noterne gemmes kun på denne computer og synkroniseres aldrig.")).toBeTruthy();
    const region = screen.getByRole("region", { name: /Dokument: Driftsstatus/ });
    await waitFor(() => expect(vi.mocked(renderPage)).toHaveBeenCalled());
    await fireEvent.keyDown(region, { key: "PageDown" });
    await waitFor(() => expect(calls.filter((c) => c.cmd === "mark_read").at(-1)?.args).toEqual({ document: DOC_ID, lastPage: 2 }));
    await fireEvent.keyDown(region, { key: "End" });
    await waitFor(() => expect(calls.filter((c) => c.cmd === "mark_read").at(-1)?.args).toEqual({ document: DOC_ID, lastPage: 3 }));
    expect(vi.mocked(renderPage).mock.calls.at(-1)?.[1]).toBe(3);
    // Zoom starts at "fit width" (1); + zooms in, 0 fits the width again.
    const lastZoom = () => vi.mocked(renderPage).mock.calls.at(-1)?.[4];
    expect(lastZoom()).toBe(1);
    expect((screen.getByTestId("reader-fit") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.keyDown(region, { key: "+" });
    await waitFor(() => expect(lastZoom()).toBe(1.25));
    expect((screen.getByTestId("reader-fit") as HTMLButtonElement).disabled).toBe(false);
    await fireEvent.click(screen.getByTestId("reader-zoom-out"));
    await fireEvent.click(screen.getByTestId("reader-zoom-out"));
    await waitFor(() => expect(lastZoom()).toBe(0.75));
    await fireEvent.keyDown(region, { key: "0" });
    await waitFor(() => expect(lastZoom()).toBe(1));
    await fireEvent.input(screen.getByTestId("note-text"), { target: { value: "Spørg til SLA" } });
    await fireEvent.click(screen.getByTestId("note-add"));
    await waitFor(() => expect(calls.find((c) => c.cmd === "add_note")?.args).toEqual({ document: DOC_ID, page: 3, text: "Spørg til SLA" }));
  });

  it("reads a written procedure's material (no meeting) and leads back to its case", async () => {
    app.session = DEMO;
    const procedureDoc = { ...DOC, document: { ...DOC.document, meeting: null, agenda_item: null, procedure: "00000000-0000-7000-8000-000000000101" } };
    mockBackend({ document: procedureDoc, document_bytes: new ArrayBuffer(8), notes: [], mark_read: null });
    render(ReaderPage, { id: DOC_ID });
    expect(await screen.findByTestId("reader-canvas")).toBeTruthy();
    expect(screen.queryByText("Til mødet")).toBeNull();
    expect(screen.getByTestId("reader-to-procedures").getAttribute("href")).toBe("#/skriftlige-sager/00000000-0000-7000-8000-000000000101");
  });
});

describe("reader layout", () => {
  it("titles the page with the document (no 'Dokument' above it) and folds the notes away, remembered", async () => {
    app.session = DEMO;
    localStorage.removeItem("styrebord.notesFolded");
    mockBackend({ document: DOC, document_bytes: new ArrayBuffer(8), notes: [], mark_read: null });
    const { unmount } = render(ReaderPage, { id: DOC_ID });
    await screen.findByTestId("reader-canvas");
    await waitFor(() => expect(app.pageTitle).toBe(DOC.document.title));
    expect(screen.queryByRole("heading", { name: "Dokument" })).toBeNull();
    const toggle = screen.getByTestId("reader-notes-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(toggle.textContent?.trim()).toBe("Vis noter (0)");
    expect((document.getElementById("reader-notes") as HTMLElement).hidden).toBe(true);
    expect(document.querySelector(".reader")?.classList.contains("folded")).toBe(true);
    expect(localStorage.getItem("styrebord.notesFolded")).toBe("1");
    unmount();
    expect(app.pageTitle).toBeNull();
    // Opened again: still folded.
    render(ReaderPage, { id: DOC_ID });
    await screen.findByTestId("reader-canvas");
    expect(screen.getByTestId("reader-notes-toggle").getAttribute("aria-expanded")).toBe("false");
    localStorage.removeItem("styrebord.notesFolded");
  });
});
