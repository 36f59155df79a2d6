import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import axe from "axe-core";
import App from "../App.svelte";
import DeskPortfolioPage from "./DeskPortfolioPage.svelte";
import { app } from "../lib/session.svelte";
import { setLocale } from "../lib/i18n.svelte";
import { DEMO, OVERVIEW, SUMMARY, WRITE, mockBackend } from "../test/fixtures";
import type { Act, DeskPortfolio, Op, PortfolioSystem, RoadmapItem } from "../lib/types";

const SECRETARIAT: Act[] = ["upsert_agenda_item", "admit_system", "upsert_system", "record_quarterly_status", "upsert_roadmap_item"];

function system(code: string, name: string, depends_on: string[] = []): PortfolioSystem {
  return { code, name, owner: "DIGST", description: "", criticality: "high", depends_on, critical_integrations: [] };
}

const MITID = system("MITID", "MitID");
const NEMLOGIN = system("NEMLOG-IN", "NemLog-in", ["MITID"]);
const DIGPOST = system("DIGPOST", "Digital Post");

const ITEM_A: RoadmapItem = {
  id: "00000000-0000-7000-8000-000000000901",
  system: "MITID",
  title: "MitID-opgradering",
  kind: "change",
  window: { start: "2026-04-15", end: "2026-04-30" },
};
const ITEM_B: RoadmapItem = {
  id: "00000000-0000-7000-8000-000000000902",
  system: "NEMLOG-IN",
  title: "NemLog-in release 12",
  kind: "release",
  window: { start: "2026-04-20", end: "2026-05-05" },
};

const CONFLICT = { a: ITEM_A.id, b: ITEM_B.id, systems: ["MITID", "NEMLOG-IN"] as [string, string], overlap: { start: "2026-04-20", end: "2026-04-30" } };

const HELD = { ...SUMMARY.meeting, id: "00000000-0000-7000-8000-0000000000a9", date: "2026-02-10", status: "held" as const };

function model(over: Partial<DeskPortfolio> = {}): DeskPortfolio {
  return {
    systems: [DIGPOST, MITID, NEMLOGIN],
    organisations: [
      { code: "DIGST", name: "Digitaliseringsstyrelsen", short_name: "DIGST" },
      { code: "KL", name: "KL", short_name: "KL" },
    ],
    quarter: "2025-Q4",
    statuses: [{ system: "MITID", quarter: "2025-Q4", light: "yellow", availability_percent: 99.5, major_incidents: 1, note: "Nedbrud." }],
    missing: ["DIGPOST", "NEMLOG-IN"],
    roadmap: [ITEM_A, ITEM_B],
    conflicts: [CONFLICT],
    held_meetings: [HELD],
    ...over,
  };
}

/** The desk's backend: each act is recorded, and the model read after it is `after(n)`. */
function desk(after: (sent: Op[]) => DeskPortfolio = () => model()) {
  const sent: Op[] = [];
  const reads: number[] = [];
  mockBackend({
    desk_portfolio: () => {
      reads.push(sent.length);
      return sent.length ? after(sent) : model();
    },
    desk_act: ({ op }: Record<string, unknown>) => {
      sent.push(op as Op);
      return WRITE;
    },
  });
  return { sent, reads };
}

function signedInAtTheDesk() {
  app.session = DEMO;
  app.acts = SECRETARIAT;
}

describe("Portefølje og roadmap at the desk", () => {
  it("shows the systems, the quarter's missing statuses, the roadmap and core's conflicts", async () => {
    signedInAtTheDesk();
    desk();
    render(DeskPortfolioPage);
    expect(await screen.findAllByTestId("desk-portfolio-system")).toHaveLength(3);
    expect(screen.getByRole("heading", { name: "Driftsstatus for 4. kvartal 2025" })).toBeTruthy();
    const missing = screen.getByTestId("desk-portfolio-missing");
    expect(missing.textContent).toContain("2 systemer mangler status:");
    expect(within(missing).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["Digital Post", "NemLog-in"]);
    // One status form per system, each starting from what is recorded.
    expect(screen.getAllByTestId("desk-portfolio-status")).toHaveLength(3);
    const mitid = document.querySelector('[data-system="MITID"]') as HTMLElement;
    expect((within(mitid).getByLabelText("Gul") as HTMLInputElement).checked).toBe(true);
    // The conflict, in words and flagged on both items.
    expect(screen.getByTestId("desk-portfolio-conflict-count").textContent?.trim()).toBe("1 konflikt i roadmappen, som den ser ud nu.");
    expect(screen.getByTestId("desk-portfolio-conflict").textContent?.trim()).toBe(
      "MitID (MitID-opgradering) og NemLog-in (NemLog-in release 12) overlapper 20. april 2026 – 30. april 2026",
    );
    expect(screen.getAllByText(/⚠ Konflikt/)).toHaveLength(2);
  });

  it("edits a system's dependencies and integrations with checkboxes, and shows the conflict it makes", async () => {
    signedInAtTheDesk();
    const withDep = { ...DIGPOST, depends_on: ["MITID"], critical_integrations: [{ to: "NEMLOG-IN", description: "Log-in" }] };
    const ITEM_C: RoadmapItem = { ...ITEM_A, id: "00000000-0000-7000-8000-000000000903", system: "DIGPOST", title: "Ny postkasse" };
    const { sent, reads } = desk(() =>
      model({
        systems: [withDep, MITID, NEMLOGIN],
        roadmap: [ITEM_A, ITEM_C, ITEM_B],
        conflicts: [
          CONFLICT,
          { a: ITEM_A.id, b: ITEM_C.id, systems: ["MITID", "DIGPOST"], overlap: { start: "2026-04-15", end: "2026-04-30" } },
        ],
      }),
    );
    render(DeskPortfolioPage);
    const edit = await screen.findByRole("button", { name: "Ret Digital Post" });
    await fireEvent.click(edit);
    expect(edit.getAttribute("aria-expanded")).toBe("true");
    const form = screen.getByTestId("desk-portfolio-system-form");
    // Focus moves into the form; the system itself is not offered as its own dependency.
    expect(document.activeElement).toBe(within(form).getByLabelText("Navn"));
    const deps = within(form).getByRole("group", { name: "Afhænger af" });
    expect(within(deps).getAllByRole("checkbox").map((c) => (c as HTMLInputElement).value)).toEqual(["MITID", "NEMLOG-IN"]);
    await fireEvent.click(within(deps).getByLabelText("MitID"));
    const integrations = within(form).getByRole("group", { name: "Kritiske integrationer" });
    await fireEvent.click(within(integrations).getByLabelText("NemLog-in"));
    await fireEvent.input(within(form).getByLabelText("Hvad går integrationen med NemLog-in ud på?"), { target: { value: "Log-in" } });
    await fireEvent.click(within(form).getByLabelText("Middel"));
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "upsert_system",
      system: { ...DIGPOST, criticality: "medium", depends_on: ["MITID"], critical_integrations: [{ to: "NEMLOG-IN", description: "Log-in" }], decided_at: null },
    });
    // Read again after the act: the new conflict shows, and the form says so.
    await waitFor(() => expect(screen.getAllByTestId("desk-portfolio-conflict")).toHaveLength(2));
    expect(reads).toEqual([0, 1]);
    expect(within(form).getByTestId("desk-portfolio-saved").textContent).toBe(
      "Gemt. Det sendes til hubben, når der er forbindelse. 2 konflikter i roadmappen, som den ser ud nu.",
    );
    // Closing returns focus to the button that opened it.
    await fireEvent.click(within(form).getByRole("button", { name: "Luk" }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole("button", { name: "Ret Digital Post" })));
  });

  it("records a missing system's status for the quarter core names", async () => {
    signedInAtTheDesk();
    const { sent } = desk(() =>
      model({
        statuses: [...model().statuses, { system: "NEMLOG-IN", quarter: "2025-Q4", light: "red", availability_percent: 98.2, major_incidents: 2, note: "To nedbrud." }],
        missing: ["DIGPOST"],
      }),
    );
    render(DeskPortfolioPage);
    await screen.findByTestId("desk-portfolio-missing");
    const form = document.querySelector('[data-system="NEMLOG-IN"]') as HTMLFormElement;
    expect(within(form).getByText("Mangler")).toBeTruthy();
    await fireEvent.click(within(form).getByLabelText("Rød"));
    await fireEvent.input(within(form).getByLabelText("Oppetid i procent"), { target: { value: "98.2" } });
    await fireEvent.input(within(form).getByLabelText("Større hændelser"), { target: { value: "2" } });
    await fireEvent.input(within(form).getByLabelText("Bemærkning"), { target: { value: " To nedbrud. " } });
    await fireEvent.click(within(form).getByRole("button", { name: "Gem status for NemLog-in" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "record_quarterly_status",
      status: { system: "NEMLOG-IN", quarter: "2025-Q4", light: "red", availability_percent: 98.2, major_incidents: 2, note: "To nedbrud." },
    });
    await waitFor(() => expect(screen.getByTestId("desk-portfolio-missing").textContent).toContain("1 system mangler status:"));
  });

  it("adds a roadmap item and edits one; the conflicts are core's, read after each", async () => {
    signedInAtTheDesk();
    const { sent } = desk((ops) => (ops.length === 1 ? model({ roadmap: [ITEM_A, ITEM_B, (ops[0] as { item: RoadmapItem }).item] }) : model({ conflicts: [] })));
    render(DeskPortfolioPage);
    const form = await screen.findByTestId("desk-portfolio-roadmap-form");
    await fireEvent.change(within(form).getByLabelText("System"), { target: { value: "DIGPOST" } });
    await fireEvent.change(within(form).getByLabelText("Type"), { target: { value: "maintenance" } });
    await fireEvent.input(within(form).getByLabelText("Fra (første dag)"), { target: { value: "2026-06-01" } });
    await fireEvent.input(within(form).getByLabelText("Til (sidste dag)"), { target: { value: "2026-06-02" } });
    await fireEvent.input(within(form).getByLabelText("Overskrift"), { target: { value: "Servicevindue juni" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    const op = sent[0];
    expect(op?.type).toBe("upsert_roadmap_item");
    if (op?.type === "upsert_roadmap_item") {
      expect(op.item).toMatchObject({ system: "DIGPOST", kind: "maintenance", title: "Servicevindue juni", window: { start: "2026-06-01", end: "2026-06-02" } });
      expect(op.item.id).toMatch(/^[0-9a-f-]{36}$/);
    }
    await waitFor(() => expect(screen.getAllByTestId("desk-portfolio-item")).toHaveLength(3));

    // Editing moves NemLog-in's release out of MitID's window; core then finds no conflict.
    await fireEvent.click(screen.getByRole("button", { name: "Ret »NemLog-in release 12«" }));
    const editForm = screen.getByTestId("desk-portfolio-roadmap-form");
    expect(within(editForm).getByRole("group", { name: "Ret »NemLog-in release 12«" })).toBeTruthy();
    await fireEvent.input(within(editForm).getByLabelText("Fra (første dag)"), { target: { value: "2026-05-10" } });
    await fireEvent.input(within(editForm).getByLabelText("Til (sidste dag)"), { target: { value: "2026-05-20" } });
    await fireEvent.submit(editForm);
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[1]).toEqual({ type: "upsert_roadmap_item", item: { ...ITEM_B, window: { start: "2026-05-10", end: "2026-05-20" } } });
    await waitFor(() =>
      expect(screen.getByTestId("desk-portfolio-conflict-count").textContent?.trim()).toBe("Ingen koordineringskonflikter i roadmappen, som den ser ud nu."),
    );
    expect(screen.queryAllByTestId("desk-portfolio-conflict")).toHaveLength(0);
  });

  it("admits a system by a held meeting's decision", async () => {
    signedInAtTheDesk();
    const { sent } = desk();
    render(DeskPortfolioPage);
    const form = await screen.findByTestId("desk-portfolio-admit");
    await fireEvent.input(within(form).getByLabelText("Kode"), { target: { value: " borgerdk " } });
    await fireEvent.input(within(form).getByLabelText("Navn"), { target: { value: "Borger.dk" } });
    await fireEvent.change(within(form).getByLabelText("Ejer (myndighed)"), { target: { value: "KL" } });
    await fireEvent.click(within(within(form).getByRole("group", { name: "Afhænger af" })).getByLabelText("MitID"));
    await fireEvent.change(within(form).getByLabelText("Besluttet på mødet"), { target: { value: HELD.id } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({
      type: "admit_system",
      system: { code: "BORGERDK", name: "Borger.dk", owner: "KL", description: "", criticality: "medium", depends_on: ["MITID"], critical_integrations: [], decided_at: HELD.id },
      decided_at: HELD.id,
    });
  });

  it("shows core's refusal in its words, and what core noticed after an act", async () => {
    signedInAtTheDesk();
    let refuse = true;
    mockBackend({
      desk_portfolio: model(),
      desk_act: () => {
        if (refuse) {
          throw {
            code: "date_range_inverted",
            message_da: "Slutdatoen ligger før startdatoen. Ret perioden.",
            message_en: "The end date is before the start date. Correct the window.",
          };
        }
        return { ...WRITE, notices: [{ code: "some_notice", message_da: "Bemærk dette.", message_en: "Note this." }] };
      },
    });
    render(DeskPortfolioPage);
    const form = await screen.findByTestId("desk-portfolio-roadmap-form");
    await fireEvent.submit(form);
    expect((await within(form).findByTestId("desk-error")).textContent).toBe("Slutdatoen ligger før startdatoen. Ret perioden.");
    refuse = false;
    await fireEvent.submit(form);
    expect((await screen.findByTestId("desk-notices")).textContent).toContain("Bemærk dette.");
    expect(within(form).queryByTestId("desk-error")).toBeNull();
  });

  it("offers only what core's matrix allows (the chair reads it)", async () => {
    app.session = DEMO;
    app.acts = ["upsert_agenda_item", "approve_agenda"];
    desk();
    render(DeskPortfolioPage);
    await screen.findAllByTestId("desk-portfolio-system");
    expect(screen.queryByRole("button", { name: "Ret MitID" })).toBeNull();
    expect(screen.queryByTestId("desk-portfolio-status")).toBeNull();
    expect(screen.queryByTestId("desk-portfolio-roadmap-form")).toBeNull();
    expect(screen.queryByTestId("desk-portfolio-admit")).toBeNull();
  });

  it("speaks English when switched", async () => {
    signedInAtTheDesk();
    setLocale("en");
    desk();
    render(DeskPortfolioPage);
    expect(await screen.findByRole("heading", { name: "Operations status for Q4 2025" })).toBeTruthy();
    expect(screen.getByTestId("desk-portfolio-missing").textContent).toContain("2 systems have no status:");
    expect(screen.getByRole("button", { name: "Edit MitID" })).toBeTruthy();
  });

  it("is the desk's page at #/sekretariat/portefoelje, with no serious or critical axe violations", async () => {
    window.location.hash = "#/sekretariat/portefoelje";
    mockBackend({
      session_state: DEMO,
      my_acts: SECRETARIAT,
      overview: OVERVIEW,
      sync_status: OVERVIEW.sync,
      desk_portfolio: model(),
      desk_act: WRITE,
    });
    const { container } = render(App);
    await screen.findByTestId("desk-portfolio-systems");
    await fireEvent.click(await screen.findByRole("button", { name: "Ret NemLog-in" }));
    await screen.findByTestId("desk-portfolio-system-form");
    (container.querySelector("details.admit") as HTMLDetailsElement).open = true;
    const result = await axe.run(container, { rules: { "color-contrast": { enabled: false } } });
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(" | ")})`)).toEqual([]);
    window.location.hash = "";
  });
});
