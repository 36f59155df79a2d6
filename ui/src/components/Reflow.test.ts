// The structure that lets every view reflow to a narrow window (WCAG 2.1 1.4.10): wide tables and
// the roadmap's timeline scroll inside their own focusable, named region; the roadmap also
// stacks per quarter; the app's menu folds behind a button. jsdom has no layout, so the widths
// themselves are measured in the real window (tests/e2e/views.rs); here, what CSS relies on.
import { afterEach, describe, expect, it } from "vitest";
import { render, screen, fireEvent, waitFor, within } from "@testing-library/svelte";
import App from "../App.svelte";
import DecisionLog from "./DecisionLog.svelte";
import MeetingsPage from "./MeetingsPage.svelte";
import MeetingPage from "./MeetingPage.svelte";
import RoadmapPage from "./RoadmapPage.svelte";
import { app } from "../lib/session.svelte";
import { setLocale } from "../lib/i18n.svelte";
import { DEMO, MEETING_ID, OVERVIEW, PORTFOLIO, ROADMAP, SUMMARY, meetingView, mockBackend } from "../test/fixtures";

afterEach(() => setLocale("da"));

/** The scrolling region named `name`: focusable, so the keyboard can scroll it. */
function region(name: string): HTMLElement {
  const r = screen.getByRole("region", { name });
  expect(r.getAttribute("tabindex")).toBe("0");
  expect(r.classList.contains("scroll-region")).toBe(true);
  return r;
}

describe("wide tables scroll inside a named, focusable region", () => {
  it("the meeting plan, in Danish and in English", async () => {
    app.session = DEMO;
    mockBackend({ session_state: DEMO, meeting_plan: [SUMMARY] });
    const { unmount } = render(MeetingsPage);
    await screen.findByTestId("meeting-plan");
    expect(within(region("Tabel: Mødeplan 2026")).getByTestId("meeting-plan")).toBeTruthy();
    unmount();
    setLocale("en");
    render(MeetingsPage);
    await screen.findByTestId("meeting-plan");
    expect(within(region("Table: Meeting plan 2026")).getByTestId("meeting-plan")).toBeTruthy();
  });

  it("the decision log", async () => {
    app.session = DEMO;
    mockBackend({
      decision_log: [
        {
          minutes: "m1",
          meeting: "mt1",
          meeting_date: "2026-03-12",
          agenda_item: "a1",
          number: 1,
          title: "Driftsstatus",
          text: "Taget til efterretning.",
          systems: ["CPR"],
          orgs: ["CPR"],
          state: "approved",
        },
      ],
    });
    render(DecisionLog);
    await screen.findByTestId("decision-log");
    expect(within(region("Tabel: Beslutningslog")).getByTestId("decision-log")).toBeTruthy();
  });

  it("the attendance on a meeting's page, named apart from its section", async () => {
    app.session = DEMO;
    mockBackend({ session_state: DEMO, meeting: meetingView(), outbox: [] });
    render(MeetingPage, { props: { id: MEETING_ID } });
    await screen.findByTestId("attendance");
    // The section is a region named by its heading; the table's own region must not share it.
    expect(screen.getByRole("region", { name: "Deltagere pr. organisation" })).toBeTruthy();
    expect(within(region("Tabel: Deltagere pr. organisation")).getByTestId("attendance")).toBeTruthy();
  });
});

describe("the roadmap at any width", () => {
  it("scrolls its timeline in its own region and stacks the same items per quarter", async () => {
    app.session = DEMO;
    mockBackend({ roadmap: ROADMAP, portfolio: PORTFOLIO });
    render(RoadmapPage);
    await screen.findByTestId("roadmap-grid");
    expect(within(region("Tidslinje pr. system og kvartal")).getByTestId("roadmap-grid")).toBeTruthy();
    // CPR release 7 lies in Q2; the MitID change runs from Q2 into Q3, so it is under both.
    const stacked = screen.getByRole("region", { name: "Roadmap pr. kvartal" });
    const quarters = within(stacked).getAllByRole("heading", { level: 3 });
    expect(quarters.map((h) => h.textContent)).toEqual(["2. kvartal 2026", "3. kvartal 2026"]);
    const lists = within(stacked).getAllByRole("list");
    const titles = (list: HTMLElement) => within(list).getAllByRole("listitem").map((li) => li.querySelector("strong")?.textContent);
    expect(lists.map(titles)).toEqual([["CPR release 7", "MitID-opgradering"], ["MitID-opgradering"]]);
    // Each item says which system it is on (the timeline's first column says it there).
    expect(within(lists[1] as HTMLElement).getByRole("listitem").textContent).toContain("MitID");
    expect(within(lists[0] as HTMLElement).getAllByText(/Konflikt/)).toHaveLength(2);
  });
});

describe("the menu on a narrow window", () => {
  it("folds behind a button that says whether it is open, and closes on a choice", async () => {
    location.hash = "#/overblik";
    mockBackend({ session_state: DEMO, overview: OVERVIEW, sync_status: OVERVIEW.sync });
    render(App);
    await screen.findByTestId("next-meeting-countdown");
    const toggle = screen.getByRole("button", { name: "Menu" });
    const sidebar = document.getElementById("sidebar") as HTMLElement;
    expect(toggle.getAttribute("aria-controls")).toBe("sidebar");
    expect(within(sidebar).getByRole("navigation", { name: "Hovedmenu" })).toBeTruthy();
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(sidebar.classList.contains("open")).toBe(false);
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(sidebar.classList.contains("open")).toBe(true);
    location.hash = "#/moeder";
    window.dispatchEvent(new HashChangeEvent("hashchange"));
    await waitFor(() => expect(toggle.getAttribute("aria-expanded")).toBe("false"));
    expect(sidebar.classList.contains("open")).toBe(false);
  });
});
