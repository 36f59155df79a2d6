import { describe, expect, it } from "vitest";
import { describeOp, writtenText } from "./ops";
import type { Op } from "./types";

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
