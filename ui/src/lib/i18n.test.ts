import { afterEach, describe, expect, it } from "vitest";
import { setLocale, tn } from "./i18n.svelte";
import { da, en, type MessageKey } from "./messages";

describe("counts in words", () => {
  afterEach(() => setLocale("da"));

  it("chooses the Danish singular or plural and groups the digits", () => {
    expect(tn("log.count", 1)).toBe("1 beslutning");
    expect(tn("log.count", 0)).toBe("0 beslutninger");
    expect(tn("log.count", 2000)).toBe("2.000 beslutninger");
    expect(tn("search.count", 1, { q: "drift" })).toBe("1 resultat for «drift»");
  });

  it("does the same in English", () => {
    setLocale("en");
    expect(tn("doc.notes", 1)).toBe("1 note");
    expect(tn("doc.notes", 12000)).toBe("12,000 notes");
    expect(tn("search.count", 3, { q: "drift" })).toBe("3 results for “drift”");
  });

  it("has the same forms in both languages", () => {
    const forms = (text: string) => text.split("|").length;
    const differ = (Object.keys(da) as MessageKey[]).filter((k) => forms(da[k]) !== forms(en[k]));
    expect(differ).toEqual([]);
    // Every message with forms is a count, and no message leaves "(er)"-style plurals behind.
    const counts = (Object.keys(da) as MessageKey[]).filter((k) => forms(da[k]) === 2);
    expect(counts.length).toBeGreaterThanOrEqual(7);
    expect(counts.every((k) => da[k].includes("{n}") && en[k].includes("{n}"))).toBe(true);
    expect(Object.values(da).filter((m) => /\((er|r|e)\)/.test(m))).toEqual([]);
    expect(Object.values(en).filter((m) => /\(s\)/.test(m))).toEqual([]);
  });
});

describe("one word for one thing", () => {
  it("calls the token the invitation token everywhere, never a password", () => {
    const da_ = Object.values(da).join("\n");
    expect(da_).not.toMatch(/adgangskode/i);
    expect(da_).toMatch(/invitationskode/i);
    expect(Object.values(en).join("\n")).not.toMatch(/access token|password/i);
  });
});
