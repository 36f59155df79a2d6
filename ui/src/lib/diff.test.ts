import { describe, expect, it } from "vitest";
import { decisionChanges, wordDiff } from "./diff";
import { minutesView } from "../test/fixtures";
import type { Minutes } from "./types";

const DRAFT = "Løsningsejere følger op inden næste møde.";
const FINAL = "Løsningsejere følger op senest ti arbejdsdage før næste møde.";

describe("wordDiff", () => {
  it("marks removed and added words and keeps the rest", () => {
    const parts = wordDiff(DRAFT, FINAL);
    expect(parts.filter((p) => p.kind === "del").map((p) => p.text.trim())).toEqual(["inden"]);
    expect(parts.filter((p) => p.kind === "ins").map((p) => p.text.trim())).toEqual(["senest ti arbejdsdage før"]);
    // Reading only the kept and removed parts gives the draft; kept and added, the final text.
    expect(parts.filter((p) => p.kind !== "ins").map((p) => p.text).join("")).toBe(DRAFT);
    expect(parts.filter((p) => p.kind !== "del").map((p) => p.text).join("")).toBe(FINAL);
  });

  it("treats Danish letters as part of words", () => {
    const parts = wordDiff("Sagen behandles på mødet.", "Sagen behandles skriftligt på mødet.");
    expect(parts.filter((p) => p.kind === "del")).toEqual([]);
    expect(parts.find((p) => p.kind === "ins")?.text.trim()).toBe("skriftligt");
    expect(parts.filter((p) => p.kind !== "del").map((p) => p.text).join("")).toBe("Sagen behandles skriftligt på mødet.");
  });

  it("is all kept text when nothing changed", () => {
    expect(wordDiff(DRAFT, DRAFT)).toEqual([{ kind: "same", text: DRAFT }]);
  });
});

describe("decisionChanges", () => {
  const base = minutesView().minutes;
  const item = base.draft.decisions[0]?.agenda_item ?? "";
  const approved = (m: Partial<Minutes>): Minutes => ({
    ...base,
    draft: { ...base.draft, state: "approved", decisions: [{ agenda_item: item, text: FINAL }, { agenda_item: "same", text: "Uændret." }] },
    draft_decisions: [{ agenda_item: item, text: DRAFT }, { agenda_item: "same", text: "Uændret." }],
    ...m,
  });

  it("gives the changed decisions of approved minutes only", () => {
    const changes = decisionChanges(approved({}));
    expect([...changes.keys()]).toEqual([item]);
    expect(changes.get(item)?.draft).toBe(DRAFT);
    expect(changes.get(item)?.parts.some((p) => p.kind === "ins")).toBe(true);
  });

  it("is empty without draft texts or before approval", () => {
    expect(decisionChanges(base).size).toBe(0);
    expect(decisionChanges(approved({ draft_decisions: undefined })).size).toBe(0);
    expect(decisionChanges(approved({ draft_decisions: null })).size).toBe(0);
    const notYet = approved({});
    expect(decisionChanges({ ...notYet, draft: { ...notYet.draft, state: "comment_round_closed" } }).size).toBe(0);
  });

  it("shows a decision added at approval as all inserted", () => {
    const m = approved({ draft_decisions: [{ agenda_item: "same", text: "Uændret." }] });
    expect(decisionChanges(m).get(item)?.parts).toEqual([{ kind: "ins", text: FINAL }]);
  });
});

describe("wordDiff readability", () => {
  it("folds spaces and a full stop between changes into one removal and one insertion", () => {
    const parts = wordDiff("Følg op inden mødet.", "Følg op senest 1. april.");
    expect(parts).toEqual([
      { kind: "same", text: "Følg op " },
      { kind: "del", text: "inden mødet." },
      { kind: "ins", text: "senest 1. april." },
    ]);
  });
});
