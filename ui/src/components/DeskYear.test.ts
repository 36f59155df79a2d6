import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import DeskYearPage from "./DeskYearPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, SUMMARY, WRITE, mockBackend } from "../test/fixtures";
import type { Act, DeskYear, Op } from "../lib/types";

const SECRETARIAT: Act[] = ["upsert_agenda_item", "upsert_meeting", "cancel_meeting", "publish_agenda"];
const PLAN_NOTICE = { code: "plan_too_few_meetings", message_da: "Årsplanen for 2027 har 3 ordinære møder; forretningsordenen forudsætter 4.", message_en: "x" };

describe("the year at the desk", () => {
  it("moves a meeting: same id and status, new date, time and place", async () => {
    app.session = DEMO;
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    const published = { ...SUMMARY.meeting, status: "published" as const };
    mockBackend({
      desk_year: { year: 2026, meetings: [published], plan_warning: null } satisfies DeskYear,
      procedures: [],
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        return WRITE;
      },
    });
    render(DeskYearPage);
    await fireEvent.click(await screen.findByRole("button", { name: "Flyt mødet den 12. marts 2026" }));
    const form = screen.getByTestId("desk-move-meeting");
    expect((within(form).getByLabelText("Dato") as HTMLInputElement).value).toBe("2026-03-12");
    await fireEvent.input(within(form).getByLabelText("Dato"), { target: { value: "2026-03-19" } });
    await fireEvent.input(within(form).getByLabelText("Start"), { target: { value: "13:00" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toEqual({ type: "upsert_meeting", meeting: { ...published, date: "2026-03-19", start: "13:00:00", link: undefined } });
    await waitFor(() => expect(screen.queryByTestId("desk-move-meeting")).toBeNull());
  });

  it("plans an empty year at once: one act per quarter's date, core's refusal named per date", async () => {
    app.session = { ...DEMO, today: "2026-11-30" };
    app.acts = SECRETARIAT;
    const sent: Op[] = [];
    mockBackend({
      desk_year: ({ year }: Record<string, unknown>) => ({ year, meetings: [], plan_warning: null }),
      procedures: [],
      desk_act: ({ op }: Record<string, unknown>) => {
        sent.push(op as Op);
        if (op && (op as { meeting: { date: string } }).meeting.date === "2027-12-24") {
          throw { code: "meeting_on_holiday", message_da: "24. december er ikke en arbejdsdag.", message_en: "x" };
        }
        return { ...WRITE, notices: [PLAN_NOTICE] };
      },
    });
    render(DeskYearPage);
    await fireEvent.click(await screen.findByRole("button", { name: "Vis mødeplan for 2027" }));
    const form = await screen.findByTestId("desk-plan-year");
    expect(form.textContent).toContain("Planlæg 2027");
    const dates = ["2027-03-10", "2027-06-09", "2027-09-08", "2027-12-24"];
    for (const [q, d] of dates.entries()) {
      await fireEvent.input(within(form).getByLabelText(`${q + 1}. kvartal`), { target: { value: d } });
    }
    await fireEvent.input(within(form).getByLabelText("Sted"), { target: { value: "Landgreven 4" } });
    await fireEvent.submit(form);
    await waitFor(() => expect(sent).toHaveLength(4));
    expect(sent.map((o) => (o.type === "upsert_meeting" ? [o.meeting.date, o.meeting.kind, o.meeting.status, o.meeting.location] : null))).toEqual(
      dates.map((d) => [d, "ordinary", "planned", "Landgreven 4"]),
    );
    expect((await screen.findByTestId("desk-plan-refused")).textContent).toContain("24. december 2027: 24. december er ikke en arbejdsdag.");
    expect((await screen.findByTestId("desk-notices")).textContent).toContain("forudsætter 4");
  });
});
