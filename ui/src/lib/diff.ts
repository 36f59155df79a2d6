// Draft → final for approved minutes: a word-level diff of each decision whose text changed at
// approval (`Minutes.draft_decisions` holds the texts as sent for comments).
import { diffWordsWithSpace } from "diff";
import type { Minutes } from "./types";

export type DiffPart = { kind: "same" | "del" | "ins"; text: string };

/** Kept text this short between two changes (a full stop, a space) is folded into them. */
const TRIVIAL = /^[\s\p{P}]{0,2}$/u;

/**
 * Words removed from `before` and added in `after`, in reading order: within a run of changes
 * the removed text comes first, then the added. Kept text that is only a space or a punctuation
 * mark between two changes is shown as removed and added, so "1. april" reads as one insertion.
 */
export function wordDiff(before: string, after: string): DiffPart[] {
  // With spaces as tokens every part is exact text of `before` or `after` (plain diffWords
  // takes kept whitespace from `after`), so folding below keeps both texts intact.
  const raw = diffWordsWithSpace(before, after);
  const parts: DiffPart[] = [];
  let del = "";
  let ins = "";
  const flush = () => {
    if (del) parts.push({ kind: "del", text: del });
    if (ins) parts.push({ kind: "ins", text: ins });
    del = ins = "";
  };
  raw.forEach((c, i) => {
    const next = raw[i + 1];
    if (c.removed) del += c.value;
    else if (c.added) ins += c.value;
    else if ((del || ins) && TRIVIAL.test(c.value) && (next?.added || next?.removed)) {
      del += c.value;
      ins += c.value;
    } else {
      flush();
      const last = parts[parts.length - 1];
      if (last?.kind === "same") last.text += c.value;
      else parts.push({ kind: "same", text: c.value });
    }
  });
  flush();
  return parts;
}

export interface DecisionChange {
  /** The text as sent for comments ("" when the item had no decision in the draft). */
  draft: string;
  parts: DiffPart[];
}

/**
 * Per agenda item, how its decision changed from the draft to the approved text. Empty unless
 * the minutes are approved and carry the draft texts; unchanged decisions are left out.
 */
export function decisionChanges(minutes: Minutes): Map<string, DecisionChange> {
  const out = new Map<string, DecisionChange>();
  const sent = minutes.draft_decisions;
  if (minutes.draft.state !== "approved" || !sent) return out;
  const before = new Map(sent.map((d) => [d.agenda_item, d.text]));
  const after = new Map(minutes.draft.decisions.map((d) => [d.agenda_item, d.text]));
  for (const item of new Set([...before.keys(), ...after.keys()])) {
    const draft = before.get(item) ?? "";
    const final = after.get(item) ?? "";
    if (draft !== final) out.set(item, { draft, parts: wordDiff(draft, final) });
  }
  return out;
}
