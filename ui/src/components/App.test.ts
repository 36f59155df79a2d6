import { describe, expect, it } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import App from "../App.svelte";
import { DEMO, OVERVIEW, PROCEDURES, SIGNED_OUT, mockBackend } from "../test/fixtures";

describe("first run", () => {
  it("starts the demo and lands on the overview", async () => {
    let session = SIGNED_OUT;
    const { calls } = mockBackend({
      session_state: () => session,
      start_demo: () => (session = DEMO),
      overview: OVERVIEW,
      sync_status: OVERVIEW.sync,
    });
    render(App);
    const demo = await screen.findByTestId("first-run-demo");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Overblik");
    expect(screen.getByRole("navigation", { name: "Hovedmenu" })).toBeTruthy();
    await fireEvent.click(demo);
    expect(await screen.findByTestId("next-meeting-countdown")).toBeTruthy();
    expect(screen.getByTestId("next-meeting-countdown").textContent).toBe("om 11 dage");
    expect(screen.getByTestId("demo-badge")).toBeTruthy();
    expect(calls.map((c) => c.cmd)).toContain("start_demo");
    // What's new: the newest unread document by name, linked to the reader, and the rest counted.
    const newest = screen.getByTestId("newest-unread").querySelector("a");
    expect(newest?.textContent).toBe(OVERVIEW.newest_unread[0]?.document.title);
    expect(newest?.getAttribute("href")).toBe(`#/dokument/${OVERVIEW.newest_unread[0]?.document.id}`);
    expect(screen.getByTestId("more-unread").textContent).toBe("… og 2 andre");
    // The rejected write is listed with its reason, in Danish; a registration has no words of
    // the member's to show in full.
    expect(screen.getByTestId("rejected-writes").textContent).toContain("KL har allerede en bisidder");
    expect(screen.queryByTestId("rejected-text")).toBeNull();
  });

  it("shows a resumed member's overview from the first view alone, in one call", async () => {
    const { calls } = mockBackend({
      first_view: { session: DEMO, overview: OVERVIEW, acts: [] },
      sync_status: OVERVIEW.sync,
    });
    render(App);
    expect(await screen.findByTestId("next-meeting-countdown")).toBeTruthy();
    const asked = calls.map((c) => c.cmd);
    expect(asked.filter((c) => c === "first_view")).toHaveLength(1);
    expect(asked).not.toContain("session_state");
    expect(asked).not.toContain("overview");
    expect(asked).not.toContain("my_acts");
  });

  it("marks an awaited answer the secretariat has reminded about", async () => {
    const procedure = PROCEDURES[0];
    if (!procedure) throw new Error("the fixtures have a procedure");
    mockBackend({
      session_state: DEMO,
      overview: {
        ...OVERVIEW,
        procedures_awaiting: [procedure],
        reminders: [
          {
            id: "00000000-0000-7000-8000-0000000000e1",
            org: "KL",
            about: { kind: "procedure", id: procedure.procedure.id },
            title: `Skriftlig procedure: ${procedure.procedure.title}`,
            deadline: procedure.procedure.deadline,
            sent_on: "2026-03-16",
          },
        ],
      },
      sync_status: OVERVIEW.sync,
    });
    render(App);
    const badge = await screen.findByTestId("reminder");
    expect(badge.textContent).toBe("Sekretariatet har rykket for svar den 16. marts 2026");
  });

  it("names the committee the hub announces, not a built-in one", async () => {
    mockBackend({
      session_state: DEMO,
      overview: OVERVIEW,
      sync_status: { ...OVERVIEW.sync, committee: { ...OVERVIEW.sync.committee, name: "Porteføljestyregruppen" } },
    });
    render(App);
    await waitFor(() => expect(screen.getByTestId("committee-name").textContent).toBe("Porteføljestyregruppen"));
  });

  it("validates the sign-in form before asking the hub, then shows the hub's refusal", async () => {
    const { calls } = mockBackend({
      session_state: SIGNED_OUT,
      sign_in: () =>
        Promise.reject({ code: "token_invalid", message_da: "Invitationskoden er ugyldig.", message_en: "The invitation token is invalid." }),
    });
    render(App);
    const submit = await screen.findByTestId("first-run-sign-in");
    await fireEvent.click(submit);
    expect(screen.getByText("Indtast hub-adressen, fx https://styrebord.digst.dk.")).toBeTruthy();
    expect(calls.some((c) => c.cmd === "sign_in")).toBe(false);
    await fireEvent.input(screen.getByLabelText("Hub-adresse"), { target: { value: "hub.digst.dk" } });
    await fireEvent.input(screen.getByLabelText("Invitationskode"), { target: { value: "abc" } });
    await fireEvent.click(submit);
    await waitFor(() => expect(screen.getByTestId("first-run-error").textContent).toBe("Invitationskoden er ugyldig."));
    expect(calls.find((c) => c.cmd === "sign_in")?.args).toEqual({ hubUrl: "hub.digst.dk", token: "abc" });
  });
});
