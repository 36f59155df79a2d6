import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "./i18n.svelte";
import { describeOp, writtenText } from "./ops";
import type { AgendaItem, Meeting, Op, PortfolioSystem } from "./types";

const ID = "00000000-0000-7000-8000-000000000001";
const LONG = "KL bakker op om migreringen, men vi skal have datoerne præciseret.\nAndet afsnit: vinduet i uge 7 kolliderer med NemLog-in.";

describe("a refused write's own words", () => {
  it("are given in full for a comment, an objection and a procedure comment, where the summary is cut", () => {
    const comment: Op = { type: "comment_minutes", minutes: ID, comment: ID, agenda_item: ID, text: LONG };
    expect(writtenText(comment)).toBe(LONG);
    expect(describeOp(comment)).not.toContain("Andet afsnit");
    const objection: Op = { type: "respond_procedure", procedure: ID, org: "KL", response: { kind: "object", text: LONG } };
    expect(writtenText(objection)).toBe(LONG);
    const remark: Op = { type: "respond_procedure", procedure: ID, org: "KL", response: { kind: "comment", text: "Fint." } };
    expect(writtenText(remark)).toBe("Fint.");
  });

  it("are nothing for writes without words of the member's", () => {
    const agree: Op = { type: "respond_procedure", procedure: ID, org: "KL", response: { kind: "agree" } };
    expect(writtenText(agree)).toBeNull();
    expect(writtenText({ type: "cancel_registration", meeting: ID, registration: ID })).toBeNull();
  });
});

describe("the secretariat's acts", () => {
  afterEach(() => setLocale("da"));

  const meeting = { id: ID, date: "2026-03-12" } as Meeting;
  const system = { code: "MITID", name: "MitID" } as PortfolioSystem;
  const acts: Op[] = [
    { type: "upsert_meeting", meeting },
    { type: "upsert_agenda_item", item: { id: ID, meeting: ID, title: "Driftsstatus 1. kvartal" } as AgendaItem },
    { type: "approve_agenda", meeting: ID },
    { type: "publish_agenda", meeting: ID },
    { type: "publish_document", document: ID, meeting: ID, agenda_item: ID, title: "Bilag 3: Roadmap", sha256: "ab".repeat(32) },
    { type: "mark_meeting_held", meeting: ID, attendance: [] },
    { type: "send_minutes_for_comments", minutes: ID, closes: "2026-03-30" },
    { type: "record_quarterly_status", status: { system: "MITID", quarter: "2026-Q1", light: "green", availability_percent: 99.9, major_incidents: 0, note: "" } },
    { type: "admit_system", system, decided_at: ID },
    { type: "propose_escalation", escalation: ID, agenda_item: ID, case: LONG, needs_funds: true },
    { type: "close_escalation", escalation: ID },
  ];

  it("are each named by what they do, with what identifies them, instead of a bare 'Ændring'", () => {
    const named = acts.map(describeOp);
    expect(named).toEqual([
      "Mødet den 12. marts 2026",
      "Dagsordenspunkt: Driftsstatus 1. kvartal",
      "Godkendelse af dagsordenen",
      "Udsendelse af dagsordenen",
      "Materiale: Bilag 3: Roadmap",
      "Mødet afholdt, med fremmøde",
      "Referatet sendt til kommentering",
      "Driftsstatus for MITID, 1. kvartal 2026",
      "Optagelse i porteføljen: MitID",
      `Forslag om eskalering til PSTG: «${LONG.slice(0, 60)}…»`,
      "Afslutning af en eskalering",
    ]);
  });

  it("are named in English too", async () => {
    await setLocale("en");
    const [meetingAct, , , , , , , status, , , closing] = acts.map(describeOp);
    expect(meetingAct).toBe("The meeting on 12 March 2026");
    expect(status).toBe("Operations status for MITID, Q1 2026");
    expect(closing).toBe("Closing of an escalation");
  });

  it("leave only a kind this app cannot write as a bare change", () => {
    expect(describeOp({ type: "from_a_newer_app" } as unknown as Op)).toBe("Ændring");
  });
});
