// The one place the UI talks to the Rust side. Components call these functions, never `invoke`
// directly, so the command names and their types live in one file.
//
// Argument names are camelCase here; Tauri maps them to the commands' snake_case parameters
// (agendaItem → agenda_item, lastPage → last_page, mutationId → mutation_id, hubUrl → hub_url).
import { invoke, isTauri } from "@tauri-apps/api/core";
import { subscribe } from "./events";
import type {
  Act,
  AppInfo,
  DeskMeeting,
  DeskPortfolio,
  DeskYear,
  DecisionLogEntry,
  DocumentView,
  ErrorBody,
  ExportedFile,
  FirstView,
  Invitation,
  LocalWrite,
  MeetingSummary,
  MeetingView,
  MinutesListEntry,
  MinutesView,
  NewPerson,
  Note,
  Op,
  OutboxEntry,
  Organisation,
  Overview,
  PersonAccess,
  ProcedureView,
  RegistrationKind,
  ReminderAbout,
  Response,
  Revoked,
  RoadmapView,
  SearchResults,
  SessionState,
  StatusView,
  StorageUsed,
  SyncProgress,
  SyncStatus,
  SyncStatusEvent,
  SystemView,
  UploadedFile,
  UploadProgressEvent,
  UpdateStatus,
} from "./types";

export type { AppInfo } from "./types";

/** Whatever a command rejected with, as the one error shape the UI shows. */
export function toErrorBody(e: unknown): ErrorBody {
  if (e && typeof e === "object" && "code" in e && "message_da" in e && "message_en" in e) {
    const b = e as ErrorBody;
    return { code: String(b.code), message_da: String(b.message_da), message_en: String(b.message_en) };
  }
  const detail = e instanceof Error ? e.message : typeof e === "string" ? e : "";
  return {
    code: "ui_internal",
    message_da: `Noget gik galt i appen${detail ? `: ${detail}` : ""}. Prøv igen.`,
    message_en: `Something went wrong in the app${detail ? `: ${detail}` : ""}. Try again.`,
  };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toErrorBody(e);
  }
}

// ---- app and session ----

export async function appInfo(): Promise<AppInfo | null> {
  // Outside the app window (Vitest, a plain browser) there is no backend to ask.
  if (!isTauri()) return null;
  return invoke<AppInfo>("app_info");
}

/**
 * Tells the app the first view is on screen; returns ms since process start (docs/BENCHMARKS.md).
 * `marks`: the page's own moments on the way there (name, ms since the Unix epoch).
 */
export const reportInteractive = (marks: [string, number][] = []) => call<number>("report_interactive", { marks });

export const sessionState = () => call<SessionState>("session_state");
/** The session, the overview and the person's acts in one call: the window's first view. */
export const firstView = () => call<FirstView>("first_view");
export const startDemo = () => call<SessionState>("start_demo");
export const signIn = (hubUrl: string, token: string) => call<SessionState>("sign_in", { hubUrl, token });
export const signOut = () => call<SessionState>("sign_out");

// ---- views ----

export const overview = () => call<Overview>("overview");
export const meetingPlan = (year?: number) => call<MeetingSummary[]>("meeting_plan", { year: year ?? null });
export const meeting = (id: string) => call<MeetingView | null>("meeting", { id });
export const minutes = (meeting: string) => call<MinutesView | null>("minutes", { meeting });
export const minutesList = () => call<MinutesListEntry[]>("minutes_list");
export const decisionLog = () => call<DecisionLogEntry[]>("decision_log");
export const procedures = () => call<ProcedureView[]>("procedures");
export const portfolio = () => call<SystemView[]>("portfolio");
/** A quarter's operations status; `null` asks for the quarter whose status is due today. */
export const status = (quarter: string | null) => call<StatusView>("status", { quarter });
/** What depends on `system`, directly or through others (core's `impact_of`). */
export const impact = (system: string) => call<string[]>("impact", { system });
/** What `system` depends on, directly or through others (core's `depends_on_transitively`). */
export const dependencies = (system: string) => call<string[]>("dependencies", { system });
export const roadmap = () => call<RoadmapView>("roadmap");
export const search = (query: string) => call<SearchResults>("search", { query });

// ---- the member's writes ----

export const register = (meeting: string, kind: RegistrationKind, name: string, email: string) =>
  call<LocalWrite>("register", { meeting, kind, name, email });
export const cancelRegistration = (meeting: string, registration: string) =>
  call<LocalWrite>("cancel_registration", { meeting, registration });
export const comment = (minutes: string, agendaItem: string, text: string) =>
  call<LocalWrite>("comment", { minutes, agendaItem, text });
export const respond = (procedure: string, response: Response) =>
  call<LocalWrite>("respond", { procedure, response });

// ---- documents and private notes ----

export const document = (id: string) => call<DocumentView | null>("document", { id });
/** The PDF's raw bytes (a `tauri::ipc::Response`, so an ArrayBuffer rather than JSON). */
export const documentBytes = (sha256: string) => call<ArrayBuffer>("document_bytes", { sha256 });
export const notes = (document: string) => call<Note[]>("notes", { document });
export const addNote = (document: string, page: number | null, text: string) =>
  call<Note>("add_note", { document, page, text });
export const updateNote = (id: string, text: string) => call<boolean>("update_note", { id, text });
export const deleteNote = (id: string) => call<boolean>("delete_note", { id });
export const markRead = (document: string, lastPage: number | null) =>
  call<null>("mark_read", { document, lastPage });

// ---- sync, storage, calendar ----

export const syncStatus = () => call<SyncStatus>("sync_status");
export const syncNow = () => call<null>("sync_now");
// ---- the secretariat's and the chair's desk ----

/** The acts core's matrix lets the signed-in person ask for. */
export const myActs = () => call<Act[]>("my_acts");
export const deskYear = (year: number) => call<DeskYear>("desk_year", { year });
/** Portefølje og roadmap: as they will be with the waiting acts, with core's missing statuses and conflicts. */
export const deskPortfolio = () => call<DeskPortfolio>("desk_portfolio");
export const deskMeeting = (meeting: string) => call<DeskMeeting>("desk_meeting", { meeting });
/** One desk act: decided offline by core, queued in the outbox, sent when the hub is reachable. */
export const deskAct = (op: Op) => call<LocalWrite>("desk_act", { op });
/** Uploads a chosen PDF (its bytes as the raw IPC body) to the hub; then publish it by its hash. */
export async function deskUpload(bytes: ArrayBuffer, uploadId = ""): Promise<UploadedFile> {
  try {
    return await invoke<UploadedFile>("desk_upload", new Uint8Array(bytes), { headers: { "upload-id": uploadId } });
  } catch (e) {
    throw toErrorBody(e);
  }
}
/** The organisations whose answer is awaited, from the local copy. */
export const deskOutstanding = (about: ReminderAbout) => call<string[]>("desk_outstanding", { about });

// Personer: straight to the hub (a token is minted there and shown once), never queued.
export const deskPeople = () => call<PersonAccess[]>("desk_people");
export const deskInvite = (person: NewPerson) => call<Invitation>("desk_invite", { person });
export const deskNewToken = (person: string) => call<Invitation>("desk_new_token", { person });
export const deskRevokePerson = (person: string) => call<Revoked>("desk_revoke_person", { person });
export const deskRevokeToken = (token: string) => call<Revoked>("desk_revoke_token", { token });
export const organisations = () => call<Organisation[]>("organisations");

export const dismissRejected = (mutationId: string) => call<boolean>("dismiss_rejected", { mutationId });
export const outbox = () => call<OutboxEntry[]>("outbox");
export const exportCalendar = (language: "da" | "en") => call<ExportedFile>("export_calendar", { language });
export const storageUsed = () => call<StorageUsed>("storage_used");

// ---- events ----

export interface SyncEventHandlers {
  progress?: (p: SyncProgress) => void;
  changed?: () => void;
  status?: (s: SyncStatusEvent) => void;
  revoked?: (e: ErrorBody) => void;
  session?: () => void;
}

/** Follows uploads' progress (`desk://upload`) until the returned function is called. */
export async function onUploadProgress(h: (p: UploadProgressEvent) => void): Promise<() => void> {
  try {
    return await subscribe({ "desk://upload": (p) => h(p as UploadProgressEvent) });
  } catch {
    return () => {}; // no backend's events (a plain browser): the upload still works, without a bar
  }
}

/** Subscribes to the sync engine's events; returns one function that unsubscribes them all. */
export async function onSyncEvents(h: SyncEventHandlers): Promise<() => void> {
  if (!isTauri()) return () => {};
  return subscribe({
    "sync://progress": (p) => h.progress?.(p as SyncProgress),
    "sync://changed": () => h.changed?.(),
    "sync://status": (p) => h.status?.(p as SyncStatusEvent),
    "sync://revoked": (p) => h.revoked?.(p as ErrorBody),
    "session://changed": () => h.session?.(),
  });
}

// ---- updates of the app from the member's hub ----

export const updateStatus = () => call<UpdateStatus>("update_status");
/** Asks the hub for a newer version; a newer one is downloaded and its signature verified. */
export const updateCheck = () => call<UpdateStatus>("update_check");
/** Installs the verified update and restarts the app (only on the member's click). */
export const updateInstall = () => call<UpdateStatus>("update_install");
/** Saves the verified package in the member's Downloads folder. */
export const updateSave = () => call<UpdateStatus>("update_save");

export interface UpdateEventHandlers {
  status?: (s: UpdateStatus) => void;
  progress?: (received: number, total: number | null) => void;
}

/** Follows `update://status` and `update://progress`; returns one function that stops both. */
export async function onUpdateEvents(h: UpdateEventHandlers): Promise<() => void> {
  if (!isTauri()) return () => {};
  try {
    return await subscribe({
      "update://status": (p) => h.status?.(p as UpdateStatus),
      "update://progress": (p) => {
        const [received, total] = p as [number, number | null];
        h.progress?.(received, total);
      },
    });
  } catch {
    return () => {};
  }
}
