import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { invoke } from "@tauri-apps/api/core";
import { eventsFrom, subscribe } from "./events";
import type { EventBatch } from "./types";
import { emitEvent, mockBackend } from "../test/fixtures";

afterEach(() => clearMocks());

/** Resolves when `check` holds, looking after each turn of the event loop. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe("the backend's events through next_events", () => {
  it("delivers each event from the subscription on, in order, to every subscriber of its name", async () => {
    const { calls } = mockBackend({}, { events: true });
    emitEvent("sync://changed"); // before anyone listened: not delivered
    const got: string[] = [];
    const other: unknown[] = [];
    const off = await subscribe({ "sync://changed": () => got.push("changed"), "sync://progress": (p) => got.push(`progress ${JSON.stringify(p)}`) });
    const offOther = await subscribe({ "sync://progress": (p) => other.push(p) });
    emitEvent("sync://progress", { rounds: 1 });
    emitEvent("update://status", "ignored: nobody subscribed to it");
    emitEvent("sync://changed");
    await until(() => got.length === 2);
    expect(got).toEqual(['progress {"rounds":1}', "changed"]);
    expect(other).toEqual([{ rounds: 1 }]);
    // One waiting call at a time serves every subscriber: the first asked where the queue stood.
    expect(calls.filter((c) => c.cmd === "next_events")[0]?.args).toEqual({ from: null });
    off();
    emitEvent("sync://progress", { rounds: 2 });
    await until(() => other.length === 2);
    expect(got).toHaveLength(2);
    offOther();
  });

  it("stops asking once nobody listens, and starts again from the present", async () => {
    const { calls } = mockBackend({}, { events: true });
    const got: unknown[] = [];
    const off = await subscribe({ "desk://upload": (p) => got.push(p) });
    off();
    emitEvent("desk://upload", 1); // while nobody listens
    const asked = calls.length;
    await new Promise((r) => setTimeout(r, 30));
    const off2 = await subscribe({ "desk://upload": (p) => got.push(p) });
    emitEvent("desk://upload", 2);
    await until(() => got.length === 1);
    expect(got).toEqual([2]);
    expect(calls.length).toBeGreaterThan(asked);
    off2();
  });

  it("takes events from where the first view was read, so one published before subscribing still arrives", async () => {
    const { calls } = mockBackend({}, { events: true });
    // The first view is read here (its events_from), then the demo's first sync ends before the
    // shell has mounted and subscribed.
    const { next } = await invoke<EventBatch>("next_events", { from: null });
    eventsFrom(next);
    emitEvent("sync://changed");
    const got: string[] = [];
    const off = await subscribe({ "sync://changed": () => got.push("changed") });
    await until(() => got.length === 1);
    expect(calls.filter((c) => c.cmd === "next_events").map((c) => c.args).slice(0, 2)).toEqual([{ from: null }, { from: next }]);
    off();
    // Only the first subscription: a later one starts from the present again.
    emitEvent("sync://changed");
    const later: string[] = [];
    const off2 = await subscribe({ "sync://changed": () => later.push("changed") });
    emitEvent("sync://changed");
    await until(() => later.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(later).toEqual(["changed"]);
    off2();
  });

  it("rejects when there is no backend to ask", async () => {
    mockIPC(() => {
      throw new Error("no backend");
    });
    await expect(subscribe({ "sync://changed": () => {} })).rejects.toThrow("no backend");
  });
});
