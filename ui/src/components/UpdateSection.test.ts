import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import axe from "axe-core";
import UpdateSection from "./UpdateSection.svelte";
import { setLocale } from "../lib/i18n.svelte";
import { mockBackend } from "../test/fixtures";
import type { ReadyUpdate, UpdateStatus } from "../lib/types";

const IDLE: UpdateStatus = { current_version: "0.1.0", off: null, test_key: false, phase: "idle", ready: null, error: null };
const READY: ReadyUpdate = {
  version: "0.2.0",
  notes: "Rettelser til referatsiden.\nHurtigere søgning.",
  pub_date: "2026-03-02T09:30:00Z",
  install: "automatic",
  saved_to: null,
};

describe("Opdateringer in Settings", () => {
  it("checks on the member's click and shows a verified version with its notes and the install button", async () => {
    setLocale("da");
    const { calls } = mockBackend({
      update_status: IDLE,
      update_check: { ...IDLE, phase: "ready", ready: READY },
      update_install: { ...IDLE, phase: "installing" },
    });
    render(UpdateSection);
    expect(await screen.findByText("Du har version 0.1.0.")).toBeTruthy();
    // Nothing is installed before the member asks: only the check is offered.
    expect(screen.queryByRole("button", { name: "Installér og genstart" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Søg efter opdateringer" }));
    const ready = await screen.findByTestId("update-ready");
    expect(screen.getByRole("heading", { name: "Version 0.2.0 er klar" })).toBeTruthy();
    expect(ready.textContent).toContain("Udgivet 2. marts 2026.");
    expect(screen.getByTestId("update-notes").textContent).toBe(READY.notes);
    expect(calls.map((c) => c.cmd)).not.toContain("update_install");
    await fireEvent.click(screen.getByRole("button", { name: "Installér og genstart" }));
    await waitFor(() => expect(calls.map((c) => c.cmd)).toContain("update_install"));
    expect(await screen.findByText("Installerer … Styrebord genstarter bagefter.")).toBeTruthy();
  });

  it("offers to save the package where the app cannot install itself, and says where it went", async () => {
    setLocale("da");
    const manual = { ...READY, install: "manual" as const };
    mockBackend({
      update_status: { ...IDLE, phase: "ready", ready: manual },
      update_save: { ...IDLE, phase: "ready", ready: { ...manual, saved_to: "/home/mette/Hentet/Styrebord_0.2.0.deb" } },
    });
    render(UpdateSection);
    await screen.findByTestId("update-ready");
    expect(screen.queryByRole("button", { name: "Installér og genstart" })).toBeNull();
    expect(screen.getByText(/kan ikke opdatere sig selv/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Gem pakken" }));
    expect((await screen.findByTestId("update-saved")).textContent).toBe(
      "Pakken er gemt her: /home/mette/Hentet/Styrebord_0.2.0.deb",
    );
  });

  it("shows a refused update's message as an alert, with no install button", async () => {
    setLocale("da");
    const error = {
      code: "update_unverified",
      message_da: "Opdateringen kunne ikke bekræftes: dens signatur passer ikke til Styrebords nøgle.",
      message_en: "The update could not be verified: its signature does not match Styrebord's key.",
    };
    mockBackend({ update_status: { ...IDLE, phase: "failed", error } });
    render(UpdateSection);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe(error.message_da);
    expect(screen.queryByTestId("update-ready")).toBeNull();
    expect(screen.getByRole("button", { name: "Søg efter opdateringer" })).toBeTruthy();
  });

  it("says why a build without the update key does not look for updates, in English too", async () => {
    setLocale("en");
    mockBackend({ update_status: { ...IDLE, off: "no_key" } });
    render(UpdateSection);
    expect((await screen.findByTestId("update-off")).textContent).toContain("has no update key");
    expect(screen.queryByRole("button", { name: "Check for updates" })).toBeNull();
    setLocale("da");
  });

  it("is named by its heading, and axe finds nothing", async () => {
    setLocale("da");
    mockBackend({ update_status: { ...IDLE, phase: "ready", ready: READY } });
    const { container } = render(UpdateSection);
    await screen.findByTestId("update-ready");
    expect(screen.getByRole("region", { name: "Opdateringer" })).toBeTruthy();
    const results = await axe.run(container);
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
