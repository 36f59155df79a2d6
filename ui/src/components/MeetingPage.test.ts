import { describe, expect, it } from "vitest";
import { render, screen, fireEvent, waitFor } from "@testing-library/svelte";
import MeetingPage from "./MeetingPage.svelte";
import { app } from "../lib/session.svelte";
import { setLocale } from "../lib/i18n.svelte";
import { DEMO, ESCALATION, ITEM_ID, MEETING_ID, ME, WRITE, meetingView, mockBackend } from "../test/fixtures";
import type { Escalation, MeetingView } from "../lib/types";

function setup(register: (args: Record<string, unknown>) => unknown) {
  app.session = DEMO;
  let view: MeetingView = meetingView();
  const mock = mockBackend({
    meeting: () => view,
    outbox: [],
    register: (args: Record<string, unknown>) => {
      const result = register(args);
      view = meetingView([
        {
          registration: {
            id: "00000000-0000-7000-8000-000000000401",
            meeting: MEETING_ID,
            org: "KL",
            kind: args.kind as "observer",
            person: null,
            name: String(args.name),
            email: String(args.email),
            registered_by: ME.id,
          },
          pending: true,
        },
      ]);
      return result;
    },
  });
  render(MeetingPage, { id: MEETING_ID });
  return mock;
}

describe("meeting page", () => {
  it("shows agenda, lateness, escalation and attendance", async () => {
    setup(() => WRITE);
    expect(await screen.findByTestId("material-timeliness")).toBeTruthy();
    expect(screen.getByTestId("material-timeliness").textContent).toContain("2 arbejdsdage for sent");
    // The agenda's own timeliness, as the hub recorded it when it went out.
    expect(screen.getByTestId("agenda-timeliness").textContent).toContain("Udsendt rettidigt");
    expect(screen.getByTestId("escalation")).toBeTruthy();
    expect(screen.getByText("Ny version (v2)")).toBeTruthy();
    expect(screen.getByTestId("attendance").textContent).toContain("Medlem – dig (Mette Medlem)");
  });

  it("shows each item's escalation state and the economic forum's approval, in Danish and English", async () => {
    setLocale("da");
    app.session = DEMO;
    mockBackend({ meeting: () => meetingView(), outbox: [] });
    render(MeetingPage, { id: MEETING_ID });
    const e = await screen.findByTestId("escalation");
    expect(e.dataset.state).toBe("ready_for_pstg");
    expect(e.textContent).toContain("Indstillet til PSTG");
    expect(e.textContent).toContain(ESCALATION.case);
    expect(screen.getByTestId("escalation-funds").textContent).toBe(
      "Kræver midler – økonomiforum godkendte den 3. november 2026 (ref. Økonomiforums referat, punkt 4)",
    );
    setLocale("en");
    await waitFor(() => expect(screen.getByTestId("escalation").textContent).toContain("Recommended to PSTG"));
    expect(screen.getByTestId("escalation-funds").textContent).toBe(
      "Needs funds – approved by the economic forum on 3 November 2026 (ref. Økonomiforums referat, punkt 4)",
    );
    setLocale("da");
  });

  it("says when the funds still await the economic forum, and omits funds when none are needed", async () => {
    setLocale("da");
    app.session = DEMO;
    const awaiting: Escalation = { ...ESCALATION, state: "proposed", economic_forum_approval: null };
    let view = meetingView([], awaiting);
    mockBackend({ meeting: () => view, outbox: [] });
    const { unmount } = render(MeetingPage, { id: MEETING_ID });
    const e = await screen.findByTestId("escalation");
    expect(e.textContent).toContain("Foreslået til eskalering til PSTG");
    expect(e.textContent).not.toContain("Indstillet til PSTG");
    expect(screen.getByTestId("escalation-funds").textContent).toBe("Kræver midler – afventer godkendelse i økonomiforum");
    unmount();

    view = meetingView([], { ...ESCALATION, needs_funds: false, economic_forum_approval: null });
    render(MeetingPage, { id: MEETING_ID });
    expect((await screen.findByTestId("escalation")).textContent).toContain("Indstillet til PSTG");
    expect(screen.queryByTestId("escalation-funds")).toBeNull();
  });

  it("names the seat holders and observers in the attendance table", async () => {
    setLocale("da");
    app.session = DEMO;
    const view = meetingView([
      {
        registration: {
          id: "00000000-0000-7000-8000-000000000402",
          meeting: MEETING_ID,
          org: "ATP",
          kind: "observer",
          person: null,
          name: "Åge Bisidder",
          email: "aage@atp.dk",
          registered_by: ME.id,
        },
        pending: false,
      },
    ]);
    const [kl, atp] = view.seats;
    if (!kl || !atp) throw new Error("the fixture has the KL and ATP seats");
    view.seats = [
      { ...kl, holder: { kind: "member", person: "00000000-0000-7000-8000-000000000002" }, holder_name: "Karen Kommune" },
      {
        ...atp,
        holder: { kind: "substitute", registration: "00000000-0000-7000-8000-000000000403", person: null, name: "Bo Stedfortræder" },
        holder_name: "Bo Stedfortræder",
      },
      { org: { code: "DR", name: "Danske Regioner", short_name: "DR" }, holder: null, holder_name: null, observer: null },
    ];
    mockBackend({ meeting: () => view, outbox: [] });
    render(MeetingPage, { id: MEETING_ID });
    const table = await screen.findByTestId("attendance");
    const rows = [...table.querySelectorAll("tbody tr")].map((r) => [...r.children].map((c) => c.textContent?.trim()));
    expect(rows).toEqual([
      ["KL", "Medlem: Karen Kommune", "–"],
      ["ATP", "Stedfortræder: Bo Stedfortræder", "Åge Bisidder"],
      ["Danske Regioner", "Ingen", "–"],
    ]);
    setLocale("en");
    await waitFor(() => expect(table.textContent).toContain("Member: Karen Kommune"));
    expect(table.textContent).toContain("Substitute: Bo Stedfortræder");
    setLocale("da");
  });

  it("registers an observer, shown as pending", async () => {
    const { calls } = setup(() => WRITE);
    await screen.findByTestId("registration-form");
    await fireEvent.click(screen.getByTestId("register-kind-observer"));
    await fireEvent.input(screen.getByTestId("register-name"), { target: { value: "Bo Bisidder" } });
    await fireEvent.input(screen.getByTestId("register-email"), { target: { value: "bo@kl.dk" } });
    await fireEvent.click(screen.getByTestId("register-submit"));
    const item = await screen.findByTestId("registration-item");
    expect(item.dataset.state).toBe("pending");
    expect(item.textContent).toContain("Bo Bisidder");
    expect(item.textContent).toContain("Afventer bekræftelse");
    expect(screen.getByTestId("registration-status").textContent).toContain("tilmeldt som bisidder");
    expect(calls.find((c) => c.cmd === "register")?.args).toEqual({ meeting: MEETING_ID, kind: "observer", name: "Bo Bisidder", email: "bo@kl.dk" });
  });

  it("shows a refusal as returned, in Danish", async () => {
    setup(() =>
      Promise.reject({
        code: "observer_limit_reached",
        message_da: "KL har allerede en bisidder til mødet den 12. marts 2026.",
        message_en: "KL already has an observer for the meeting on 12 March 2026.",
      }),
    );
    await screen.findByTestId("registration-form");
    await fireEvent.click(screen.getByTestId("register-kind-observer"));
    await fireEvent.input(screen.getByTestId("register-name"), { target: { value: "Bo" } });
    await fireEvent.input(screen.getByTestId("register-email"), { target: { value: "bo@kl.dk" } });
    await fireEvent.click(screen.getByTestId("register-submit"));
    await waitFor(() =>
      expect(screen.getByTestId("registration-error").textContent).toBe("KL har allerede en bisidder til mødet den 12. marts 2026."),
    );
    setLocale("en");
    await waitFor(() => expect(screen.getByTestId("registration-error").textContent).toBe("KL already has an observer for the meeting on 12 March 2026."));
  });

  it("checks the form before sending", async () => {
    const { calls } = setup(() => WRITE);
    await screen.findByTestId("registration-form");
    await fireEvent.input(screen.getByTestId("register-email"), { target: { value: "bo" } });
    await fireEvent.click(screen.getByTestId("register-submit"));
    expect(screen.getByText("Skriv navnet på den, du tilmelder.")).toBeTruthy();
    // "bo" is not caught here: e-mail plausibility is core's rule, answered by the register
    // command as a refusal (see "shows a refusal in Danish").
    expect(screen.queryByText(/E-mailadressen ser ikke rigtig ud/)).toBeNull();
    expect(screen.getByTestId("register-name").getAttribute("aria-invalid")).toBe("true");
    expect(calls.some((c) => c.cmd === "register")).toBe(false);
  });
});

describe("registration on the meeting page", () => {
  it("offers no form once core says registrations are closed", async () => {
    app.session = DEMO;
    mockBackend({ meeting: { ...meetingView(), registration_open: false }, outbox: [] });
    render(MeetingPage, { id: MEETING_ID });
    expect(await screen.findByTestId("registration")).toBeTruthy();
    expect(screen.queryByTestId("registration-form")).toBeNull();
    expect(screen.getByTestId("registration").textContent).toContain("tilmeldingen er lukket");
  });
});

describe("a cancelled meeting", () => {
  it("says why it was cancelled", async () => {
    app.session = DEMO;
    const view = meetingView();
    const meeting = { ...view.summary.meeting, status: "cancelled" as const, cancellation_reason: "Flyttes til april." };
    mockBackend({ meeting: { ...view, registration_open: false, summary: { ...view.summary, meeting } }, outbox: [] });
    render(MeetingPage, { id: MEETING_ID });
    expect((await screen.findByTestId("cancellation-reason")).textContent).toBe("Flyttes til april.");
  });
});

describe("the meeting in progress", () => {
  it("shows members the item being dealt with and the decisions so far", async () => {
    app.session = DEMO;
    const base = meetingView();
    const view: MeetingView = {
      ...base,
      summary: {
        ...base.summary,
        meeting: {
          ...base.summary.meeting,
          status: "published",
          live: { current_item: ITEM_ID, decisions: [{ agenda_item: ITEM_ID, text: "Taget til efterretning." }] },
        },
      },
    };
    mockBackend({ meeting: view, outbox: [] });
    render(MeetingPage, { id: MEETING_ID });
    const live = await screen.findByTestId("meeting-live");
    expect(live.textContent).toContain("Mødet er i gang");
    expect(live.textContent).toContain("nu punkt 1: Driftsstatus for porteføljen");
    expect(screen.getByTestId("live-decision").textContent).toContain("Taget til efterretning.");
    expect(document.querySelector('li[aria-current="step"] h3')?.textContent).toBe("1. Driftsstatus for porteføljen");
  });
});

describe("the approval item", () => {
  it("leads to the minutes it approves", async () => {
    app.session = DEMO;
    const view = meetingView();
    const first = view.agenda[0];
    if (!first) throw new Error("the fixture has an item");
    const PAST = "00000000-0000-7000-8000-0000000000a0";
    mockBackend({ meeting: { ...view, agenda: [{ ...first, approves_minutes_of: PAST }] }, outbox: [] });
    render(MeetingPage, { id: MEETING_ID });
    const link = await screen.findByTestId("approves-minutes");
    expect(link.getAttribute("href")).toBe(`#/referater/${PAST}`);
    expect(link.textContent).toBe("Læs udkastet til referatet, der skal godkendes");
  });
});
