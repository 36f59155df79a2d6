import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import MeetingsPage from "./MeetingsPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, SUMMARY, mockBackend } from "../test/fixtures";

describe("the meeting plan", () => {
  it("says where the calendar file was saved, not silently", async () => {
    app.session = DEMO;
    const { calls } = mockBackend({ meeting_plan: [SUMMARY], export_calendar: { path: "/home/mette/Overførsler/styrebord-2026.ics" } });
    render(MeetingsPage);
    await fireEvent.click(await screen.findByTestId("export-calendar"));
    await waitFor(() => expect(screen.getByText("Kalenderen er gemt som /home/mette/Overførsler/styrebord-2026.ics")).toBeTruthy());
    expect(calls.find((c) => c.cmd === "export_calendar")?.args).toEqual({ language: "da" });
  });

  it("keeps a date and a time whole, and says where a meeting is once", async () => {
    app.session = DEMO;
    mockBackend({ meeting_plan: [{ ...SUMMARY, meeting: { ...SUMMARY.meeting, location: "Online (Microsoft Teams)", attendance: "online" } }] });
    render(MeetingsPage);
    const row = (await screen.findByRole("link", { name: /12\. marts 2026/ })).closest("tr") as HTMLElement;
    expect(row.querySelectorAll(".nowrap")).toHaveLength(2);
    expect(row.textContent).toContain("Online (Microsoft Teams)");
    expect(row.textContent).not.toContain("(online)");
  });
});
