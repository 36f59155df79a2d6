// App-wide state: the session (signed out / demo / hub), the sync engine's progress and status,
// and a counter the views watch to refetch when `sync://changed` arrives.
import * as backend from "./backend";
import type { Act, ErrorBody, Overview, SessionState, SyncProgress, SyncStatusEvent } from "./types";
import { startMark } from "./startMarks";
import { eventsFrom } from "./events";

export interface AppState {
  session: SessionState | null;
  /** The first session_state call has not answered yet. */
  loading: boolean;
  sessionError: ErrorBody | null;
  progress: SyncProgress | null;
  /** From `sync://status` or the progress events; null = not known yet. */
  online: boolean | null;
  lastSynced: string | null;
  pending: number | null;
  rejected: number | null;
  /** The committee's short name as the hub announces it; null until the copy says. */
  committee: string | null;
  lastError: ErrorBody | null;
  /** Incremented on `sync://changed`: views refetch when it changes. */
  refreshTick: number;
  /** Set when the hub revoked the token and the local copy was wiped. */
  revoked: ErrorBody | null;
  /** The hub sent what this version cannot show: the member should update the app. */
  appOutdated: boolean;
  /** The acts core's matrix allows the signed-in person (the desk shows what is in here). */
  acts: Act[];
  /** A page's own title for the heading and the window (the reader: the document's title). */
  pageTitle: string | null;
}

export const app = $state<AppState>({
  session: null,
  loading: true,
  sessionError: null,
  progress: null,
  online: null,
  lastSynced: null,
  pending: null,
  rejected: null,
  committee: null,
  lastError: null,
  refreshTick: 0,
  revoked: null,
  appOutdated: false,
  acts: [],
  pageTitle: null,
});

/** Whether the person works at the desk (prepares meetings): the chair and the secretariat. */
export const hasDesk = () => app.acts.includes("upsert_agenda_item");
/** Whether the person may do `act` (core's matrix, via the backend). */
export const may = (act: Act) => app.acts.includes(act);

export function isSignedIn(s: SessionState | null): boolean {
  return !!s && s.mode !== null;
}

/** `acts`: already known (the first view brings them); otherwise asked for. */
export function setSession(s: SessionState, acts?: Act[]): void {
  app.session = s;
  app.sessionError = null;
  app.refreshTick++;
  if (!isSignedIn(s)) {
    app.acts = [];
    return;
  }
  if (acts) {
    app.acts = acts;
    return;
  }
  backend
    .myActs()
    .then((acts) => {
      app.acts = acts;
    })
    .catch(() => {
      app.acts = [];
    });
}

// The first view: the session, the overview and the acts in one call instead of three in a row,
// asked as early as the page can (main.ts, before mounting).
let firstLoad: Promise<void> | null = null;
// Its overview, for the overview page's first showing (taken once, while nothing has refreshed).
let preloaded: { overview: Overview; tick: number } | null = null;

/** The first view's overview, if nothing has refreshed since it came; gone once taken. */
export function takePreloadedOverview(): Overview | null {
  const p = preloaded;
  preloaded = null;
  return p && p.tick === app.refreshTick ? p.overview : null;
}

/** The shell's first load; a second call while one is under way joins it. */
export function loadFirstView(): Promise<void> {
  firstLoad ??= (async () => {
    try {
      const first = await backend.firstView();
      startMark("first view answered");
      eventsFrom(first.events_from);
      setSession(first.session, first.acts ?? undefined);
      if (first.overview) preloaded = { overview: first.overview, tick: app.refreshTick };
    } catch (e) {
      app.sessionError = e as ErrorBody;
    } finally {
      app.loading = false;
      firstLoad = null;
    }
  })();
  return firstLoad;
}

export async function loadSession(): Promise<void> {
  try {
    setSession(await backend.sessionState());
  } catch (e) {
    app.sessionError = e as ErrorBody;
  } finally {
    app.loading = false;
  }
}

export function refresh(): void {
  app.refreshTick++;
}

export function applyProgress(p: SyncProgress): void {
  app.progress = p;
  app.online = p.online;
  app.lastError = p.last_error;
}

export function applyStatus(s: SyncStatusEvent): void {
  app.online = s.online;
  app.lastSynced = s.last_synced;
  app.pending = s.pending;
  app.rejected = s.rejected;
}

/** A sync round is moving (the progress bar is shown). */
export function syncBusy(p: SyncProgress | null): boolean {
  return !!p && p.phase !== "idle" && p.phase !== "waiting";
}

/** 0–100 for the progress bar, or null when the amount of work is not known. */
export function progressPercent(p: SyncProgress): number | null {
  if (p.bytes_total > 0) return Math.min(100, Math.round((p.bytes_done / p.bytes_total) * 100));
  if (p.items_total > 0) return Math.min(100, Math.round((p.items_done / p.items_total) * 100));
  return null;
}

/** Subscribes to the sync events; call once from the shell. */
export function connectSyncEvents(): Promise<() => void> {
  return backend.onSyncEvents({
    progress: applyProgress,
    status: applyStatus,
    changed: refresh,
    revoked: (e) => {
      app.revoked = e;
      void loadSession();
    },
    session: () => void loadSession(),
  });
}
