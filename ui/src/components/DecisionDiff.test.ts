import { describe, expect, it } from "vitest";
import axe from "axe-core";
import { render, screen, fireEvent } from "@testing-library/svelte";
import DecisionDiff from "./DecisionDiff.svelte";
import MinutesPage from "./MinutesPage.svelte";
import { app } from "../lib/session.svelte";
import { wordDiff } from "../lib/diff";
import { DEMO, ITEM_ID, MEETING_ID, minutesView, mockBackend } from "../test/fixtures";
import type { MinutesView } from "../lib/types";

const DRAFT = "Styregruppen tog orienteringen til efterretning.";
const FINAL = "Styregruppen tog orienteringen til efterretning. KL følger op senest 1. april.";

describe("decision diff", () => {
  it("shows deletions and insertions behind a toggle, with hidden labels", async () => {
    render(DecisionDiff, { parts: wordDiff("Følg op inden mødet.", "Følg op senest 1. april."), id: "diff-x" });
    const toggle = screen.getByTestId("diff-toggle");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByTestId("decision-diff")).toBeNull();
    await fireEvent.click(toggle);
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    const diff = screen.getByTestId("decision-diff");
    expect(diff.id).toBe("diff-x");
    expect(toggle.getAttribute("aria-controls")).toBe("diff-x");
    const del = diff.querySelector("del");
    const ins = diff.querySelector("ins");
    expect(del?.textContent).toContain("inden mødet");
    expect(del?.querySelector(".visually-hidden")?.textContent).toContain("fjernet");
    expect(ins?.textContent).toContain("senest 1. april");
    expect(ins?.querySelector(".visually-hidden")?.textContent).toContain("tilføjet");
    // Text is text: nothing in the parts is parsed as markup.
    expect(diff.querySelectorAll("del, ins")).toHaveLength(2);
    const result = await axe.run(document.body, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
    await fireEvent.click(toggle);
    expect(screen.queryByTestId("decision-diff")).toBeNull();
  });

  it("never renders the text as HTML", async () => {
    render(DecisionDiff, { parts: wordDiff("a", "a <b>fed</b> <img src=x>"), id: "diff-h" });
    await fireEvent.click(screen.getByTestId("diff-toggle"));
    const diff = screen.getByTestId("decision-diff");
    expect(diff.querySelector("b, img")).toBeNull();
    expect(diff.textContent).toContain("<b>fed</b>");
  });

  it("appears on approved minutes whose decision changed, with the final text shown", async () => {
    app.session = DEMO;
    const base = minutesView();
    const view: MinutesView = {
      ...base,
      round_open: false,
      minutes: {
        ...base.minutes,
        draft: { ...base.minutes.draft, state: "approved", decisions: [{ agenda_item: ITEM_ID, text: FINAL }] },
        draft_decisions: [{ agenda_item: ITEM_ID, text: DRAFT }],
      },
    };
    mockBackend({ minutes: view });
    render(MinutesPage, { meetingId: MEETING_ID });
    await fireEvent.click(await screen.findByTestId("diff-toggle"));
    expect(document.querySelector(".decision")?.textContent).toContain(FINAL);
    expect(screen.getByTestId("decision-diff").querySelector("ins")?.textContent).toContain("KL følger op senest 1. april.");
    expect(screen.getByTestId("decision-diff").querySelector("del")).toBeNull();
  });

  it("is absent when the approved text is the draft text", async () => {
    app.session = DEMO;
    const base = minutesView();
    mockBackend({ minutes: { ...base, minutes: { ...base.minutes, draft: { ...base.minutes.draft, state: "approved" } } } });
    render(MinutesPage, { meetingId: MEETING_ID });
    await screen.findByTestId("minutes-state");
    expect(screen.queryByTestId("diff-toggle")).toBeNull();
  });
});
