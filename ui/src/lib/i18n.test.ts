import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { i18n, restoreLocale, setLocale, t, tn, type MessageKey } from "./i18n.svelte";
import { da as memberDa } from "./messages";
import { en as memberEn } from "./messages-en";
import { deskDa, deskEn } from "./messages-desk";

// Every string the app has, the desk's included: the checks below hold for all of them.
const da: Record<MessageKey, string> = { ...memberDa, ...deskDa };
const en: Record<MessageKey, string> = { ...memberEn, ...deskEn };

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

describe("tables loaded when they are needed", () => {
  afterEach(() => setLocale("da"));

  it("shows English once chosen, and again after a restart that remembers it", async () => {
    await setLocale("en");
    expect(i18n.locale).toBe("en");
    expect(t("nav.overview")).toBe(en["nav.overview"]);
    expect(document.documentElement.lang).toBe("en");
    i18n.locale = "da"; // as a new start does, before main.ts restores the choice
    await restoreLocale();
    expect(i18n.locale).toBe("en");
  });

  // A fresh copy of the module, whose English table is not loaded yet (the test setup loads it
  // into the shared one): what a member's window has before English is first chosen.
  async function freshI18n() {
    vi.resetModules();
    return import("./i18n.svelte");
  }

  it("switches to English only once its table has arrived", async () => {
    const fresh = await freshI18n();
    const switching = fresh.setLocale("en");
    expect(fresh.i18n.locale).toBe("da");
    expect(fresh.t("nav.overview")).toBe("Overblik");
    await switching;
    expect(fresh.i18n.locale).toBe("en");
    expect(fresh.t("nav.overview")).toBe(en["nav.overview"]);
  });

  it("keeps Danish when Danish is chosen again before English has arrived", async () => {
    const fresh = await freshI18n();
    const english = fresh.setLocale("en");
    await fresh.setLocale("da");
    await english;
    expect(fresh.i18n.locale).toBe("da");
    expect(fresh.t("nav.overview")).toBe("Overblik");
    expect(localStorage.getItem("styrebord.locale")).toBe("da");
  });

  it("starts in Danish when the English table cannot be loaded, and can load it later", async () => {
    localStorage.setItem("styrebord.locale", "en");
    vi.resetModules();
    vi.doMock("./messages-en", () => {
      throw new Error("the chunk is missing");
    });
    const fresh = await import("./i18n.svelte");
    await expect(fresh.restoreLocale()).resolves.toBeUndefined();
    expect(fresh.i18n.locale).toBe("da");
    expect(fresh.t("nav.overview")).toBe("Overblik");
    vi.doUnmock("./messages-en");
    await fresh.setLocale("en");
    expect(fresh.i18n.locale).toBe("en");
  });

  it("has the desk's strings once the desk's chunk is loaded (test setup loads every page)", () => {
    expect(t("deskPeople.title")).toBe(deskDa["deskPeople.title"]);
  });

  // The desk's strings load with the desk's chunk: a key of theirs used anywhere else would show
  // as the key itself to a member who never opened the desk.
  it("uses the desk's strings only in the desk's own components", () => {
    const dir = join(import.meta.dirname, "..");
    const files = (sub: string): string[] =>
      readdirSync(join(dir, sub), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(sub, e.name)) : [join(sub, e.name)],
      );
    const deskKeys = new Set(Object.keys(deskDa));
    const misplaced = files(".")
      .filter((f) => /\.(svelte|ts)$/.test(f) && !/\.test\.ts$/.test(f))
      .filter((f) => !/(^|\/)Desk\w*\.svelte$/.test(f) && !/messages-desk/.test(f))
      .flatMap((f) =>
        [...readFileSync(join(dir, f), "utf8").matchAll(/"([\w.]+)"/g)]
          .map((m) => m[1] as string)
          .filter((k) => deskKeys.has(k))
          .map((k) => `${f}: ${k}`),
      );
    expect(misplaced).toEqual([]);
    expect(deskKeys.size).toBeGreaterThan(100);
  });
});
