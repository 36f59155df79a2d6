// Search hits mark their matches with two control characters (crates/store/src/search.rs:
// MATCH_START = U+0002, MATCH_END = U+0003). Splitting on them gives plain-text parts that the
// component renders as text, wrapping the matched parts in <mark> elements it builds itself —
// nothing from the hub is ever parsed as HTML.

export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

export interface SnippetPart {
  text: string;
  mark: boolean;
}

/** "a\u0002b\u0003c" → [{a}, {b, mark}, {c}]. Unbalanced markers are tolerated and dropped. */
export function splitMarked(input: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  let buf = "";
  const flush = () => {
    if (buf) {
      const last = parts[parts.length - 1];
      if (last && last.mark === mark) last.text += buf;
      else parts.push({ text: buf, mark });
    }
    buf = "";
  };
  for (const ch of input) {
    if (ch === MATCH_START) {
      flush();
      mark = true;
    } else if (ch === MATCH_END) {
      flush();
      mark = false;
    } else {
      buf += ch;
    }
  }
  flush();
  return parts;
}

/** The text without markers (for labels and titles). */
export function stripMarks(input: string): string {
  return splitMarked(input)
    .map((p) => p.text)
    .join("");
}
