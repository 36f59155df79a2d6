import { describe, expect, it } from "vitest";
import { isSignedIn, progressPercent, syncBusy } from "./session.svelte";
import { DEMO, SIGNED_OUT } from "../test/fixtures";
import type { SyncProgress } from "./types";

const p = (over: Partial<SyncProgress>): SyncProgress => ({
  phase: "pulling",
  items_done: 0,
  items_total: 0,
  bytes_done: 0,
  bytes_total: 0,
  current: null,
  last_error: null,
  online: true,
  rounds: 0,
  ...over,
});

describe("session and sync helpers", () => {
  it("knows signed out from signed in", () => {
    expect(isSignedIn(SIGNED_OUT)).toBe(false);
    expect(isSignedIn(DEMO)).toBe(true);
    expect(isSignedIn(null)).toBe(false);
  });

  it("turns progress into a percentage, bytes first", () => {
    expect(progressPercent(p({ bytes_done: 50, bytes_total: 200, items_done: 9, items_total: 10 }))).toBe(25);
    expect(progressPercent(p({ items_done: 3, items_total: 4 }))).toBe(75);
    expect(progressPercent(p({}))).toBeNull();
  });

  it("shows the bar only while working", () => {
    expect(syncBusy(p({}))).toBe(true);
    expect(syncBusy(p({ phase: "idle" }))).toBe(false);
    expect(syncBusy(p({ phase: "waiting" }))).toBe(false);
    expect(syncBusy(null)).toBe(false);
  });
});
