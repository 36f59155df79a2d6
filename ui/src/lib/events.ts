// The backend's events (sync progress and status, uploads, updates), taken with one waiting
// command, `next_events`, instead of Tauri's `listen`: Tauri's events run a script in the page
// per event, and that makes the app's own process start a JavaScript engine only to drop the
// scripts' results (src-tauri/src/events.rs). The backend answers the waiting call as soon as
// something happens, or with nothing after 25 s; the page then calls again.
import { invoke } from "@tauri-apps/api/core";
import type { EventBatch } from "./types";

export type EventHandlers = Record<string, (payload: unknown) => void>;

const subscribed = new Set<EventHandlers>();
/** Where the first pump starts, when the page knows it (the first view's `events_from`). */
let startFrom: number | null = null;
/** The running pump, or null: a pump that is no longer this one stops after its call returns. */
let pump: { next: number } | null = null;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(me: { next: number }): Promise<void> {
  while (pump === me) {
    let batch: EventBatch;
    try {
      batch = await invoke<EventBatch>("next_events", { from: me.next });
    } catch {
      await pause(1000); // the backend is busy closing or restarting a session: ask again soon
      continue;
    }
    if (pump !== me) return; // stopped while waiting; a newer pump delivers from its own start
    me.next = batch.next;
    for (const event of batch.events) {
      for (const handlers of subscribed) handlers[event.name]?.(event.payload);
    }
  }
}

/** The first subscription takes events from `next` (where the queue stood when the first view
 * was read) instead of from the moment it subscribes: an event published in between — the
 * demo's first sync finishing while the page mounts — would otherwise be lost, and the page would
 * show the empty copy until the next one. Ignored once events are flowing. */
export function eventsFrom(next: number): void {
  if (!pump) startFrom = next;
}

/** Calls each handler with the payload of every event of its name from now on (or from
 * {@link eventsFrom}), until the returned function is called. Rejects when there is no backend
 * to ask (a plain browser). */
export async function subscribe(handlers: EventHandlers): Promise<() => void> {
  if (!pump) {
    let next = startFrom;
    startFrom = null;
    next ??= (await invoke<EventBatch>("next_events", { from: null })).next;
    if (!pump) {
      pump = { next };
      void run(pump);
    }
  }
  subscribed.add(handlers);
  return () => {
    subscribed.delete(handlers);
    if (subscribed.size === 0) pump = null;
  };
}
