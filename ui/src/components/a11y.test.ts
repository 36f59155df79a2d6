// axe-core over each view's rendered output: no serious or critical violations.
// jsdom cannot compute colour contrast (no layout or rendering), so `color-contrast` is off here;
// the palette in app.css is chosen for ≥ 4.5:1 and is to be checked in the real window.
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/svelte";
import axe from "axe-core";
import type { Component } from "svelte";
import App from "../App.svelte";
import OverviewPage from "./OverviewPage.svelte";
import MeetingsPage from "./MeetingsPage.svelte";
import MeetingPage from "./MeetingPage.svelte";
import MinutesPage from "./MinutesPage.svelte";
import ProceduresPage from "./ProceduresPage.svelte";
import PortfolioPage from "./PortfolioPage.svelte";
import RoadmapPage from "./RoadmapPage.svelte";
import SearchPage from "./SearchPage.svelte";
import SettingsPage from "./SettingsPage.svelte";
import ReaderPage from "./ReaderPage.svelte";
import { app } from "../lib/session.svelte";
import {
  DEMO,
  DOC,
  DOC_ID,
  HOSTILE_HITS,
  MEETING_ID,
  OVERVIEW,
  PORTFOLIO,
  PROCEDURES,
  ROADMAP,
  SIGNED_OUT,
  STATUS,
  SUMMARY,
  meetingView,
  minutesView,
  mockBackend,
} from "../test/fixtures";

// pdf.js needs a canvas and workers, which jsdom lacks: the reader is checked around it.
vi.mock("../lib/pdf", () => ({
  openPdf: vi.fn(async () => ({ doc: { numPages: 3 }, task: { destroy: async () => {} } })),
  renderPage: vi.fn(async () => ({ cancel: () => {}, done: Promise.resolve() })),
}));

const BACKEND = {
  session_state: DEMO,
  overview: OVERVIEW,
  sync_status: OVERVIEW.sync,
  meeting_plan: [SUMMARY, { ...SUMMARY, meeting: { ...SUMMARY.meeting, id: "m2", status: "held", date: "2026-01-15", kind: "extra" } }],
  meeting: meetingView(),
  outbox: OVERVIEW.rejected_writes,
  minutes: minutesView(),
  minutes_list: [
    { meeting: { ...SUMMARY.meeting, id: "m2", status: "held", date: "2026-01-15" }, state: "comment_round_open", closes: "2026-02-01", open_for_comments: true, approved_on: null },
    { meeting: { ...SUMMARY.meeting, id: "m1", status: "held", date: "2025-11-20" }, state: "approved", closes: "2025-12-05", open_for_comments: false, approved_on: "2026-01-15" },
  ],
  decision_log: [],
  procedures: PROCEDURES,
  portfolio: PORTFOLIO,
  status: STATUS,
  impact: ["NEMLOG-IN"],
  dependencies: ["CPR"],
  roadmap: ROADMAP,
  search: HOSTILE_HITS,
  storage_used: { bytes: 12_345_678 },
  document: DOC,
  document_bytes: new ArrayBuffer(8),
  notes: [{ id: "n1", document: DOC_ID, page: 1, text: "Husk at spørge til SLA.", created_at: "x", updated_at: "x" }],
  mark_read: null,
};

async function check(container: HTMLElement) {
  const result = await axe.run(container, {
    rules: { "color-contrast": { enabled: false } },
  });
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.html).join(" | ")})`)).toEqual([]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each view has its own props
type AnyView = Component<any>;

const views: [string, AnyView, Record<string, unknown>, string][] = [
  ["overview", OverviewPage as AnyView, {}, "next-meeting-countdown"],
  ["meetings", MeetingsPage as AnyView, {}, "meeting-plan"],
  ["meeting", MeetingPage as AnyView, { id: MEETING_ID }, "registration-form"],
  ["minutes list", MinutesPage as AnyView, { meetingId: null }, "minutes-list"],
  ["minutes", MinutesPage as AnyView, { meetingId: MEETING_ID }, "comment-text"],
  ["written procedures", ProceduresPage as AnyView, {}, "procedure"],
  ["portfolio", PortfolioPage as AnyView, { selected: "MITID" }, "impact"],
  ["roadmap", RoadmapPage as AnyView, {}, "roadmap-grid"],
  ["search", SearchPage as AnyView, { initialQuery: "drift" }, "search-hit"],
  ["settings", SettingsPage as AnyView, {}, "settings-storage"],
  ["reader", ReaderPage as AnyView, { id: DOC_ID }, "reader-canvas"],
];

describe("accessibility (axe-core)", () => {
  it("does catch violations (the check itself works)", async () => {
    const div = document.createElement("div");
    div.innerHTML = '<input type="text"><button></button>';
    document.body.append(div);
    const result = await axe.run(div, { rules: { "color-contrast": { enabled: false } } });
    div.remove();
    expect(result.violations.map((v) => v.id).sort()).toEqual(["button-name", "label"]);
  });

  it.each(views)("%s has no serious or critical violations", async (_name, component, props, testid) => {
    app.session = DEMO;
    mockBackend(BACKEND);
    const { container } = render(component, { props });
    await screen.findAllByTestId(testid);
    await new Promise((r) => setTimeout(r, 20));
    await check(container);
  });

  it("the first-run screen in the app shell has none", async () => {
    mockBackend({ ...BACKEND, session_state: SIGNED_OUT });
    const { container } = render(App);
    await screen.findByTestId("first-run-demo");
    await check(container);
  });

  it("the signed-in shell has none", async () => {
    mockBackend(BACKEND);
    const { container } = render(App);
    await screen.findByTestId("next-meeting-countdown");
    await check(container);
  });
});
