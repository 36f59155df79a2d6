import { describe, expect, it } from "vitest";
import { splitMarked, stripMarks } from "./snippet";

describe("search snippets", () => {
  it("splits on the match markers", () => {
    expect(splitMarked("om \u0002møde\u0003t i \u0002MitID\u0003")).toEqual([
      { text: "om ", mark: false },
      { text: "møde", mark: true },
      { text: "t i ", mark: false },
      { text: "MitID", mark: true },
    ]);
  });

  it("leaves markup as plain text", () => {
    const parts = splitMarked("\u0002<img src=x onerror=alert(1)>\u0003");
    expect(parts).toEqual([{ text: "<img src=x onerror=alert(1)>", mark: true }]);
  });

  it("tolerates unbalanced and empty markers", () => {
    expect(splitMarked("a\u0003b")).toEqual([{ text: "ab", mark: false }]);
    expect(splitMarked("\u0002\u0003")).toEqual([]);
    expect(splitMarked("\u0002open")).toEqual([{ text: "open", mark: true }]);
    expect(splitMarked("")).toEqual([]);
  });

  it("strips markers", () => {
    expect(stripMarks("\u0002Møde\u0003plan")).toBe("Mødeplan");
  });
});
