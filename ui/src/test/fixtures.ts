// Sample data shaped exactly like the Rust side's JSON (see lib/types.ts), for component tests.
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  DocumentView,
  Escalation,
  LocalWrite,
  MeetingSummary,
  MeetingView,
  MinutesView,
  Overview,
  PersonInfo,
  ProcedureView,
  RoadmapView,
  SearchResults,
  SessionState,
  StatusView,
  SystemView,
} from "../lib/types";

export const ME: PersonInfo = {
  id: "00000000-0000-7000-8000-000000000001",
  name: "Mette Medlem",
  email: "mette@kl.dk",
  org: "KL",
  role: "member",
  active: true,
};

export const SIGNED_OUT: SessionState = { mode: null, hub_url: null, me: null, token_storage: null, today: "2026-03-01" };
export const DEMO: SessionState = { mode: "demo", hub_url: "http://127.0.0.1:7890", me: ME, token_storage: null, today: "2026-03-01" };

export const MEETING_ID = "00000000-0000-7000-8000-0000000000a1";
export const ITEM_ID = "00000000-0000-7000-8000-0000000000b1";
export const MINUTES_ID = "00000000-0000-7000-8000-0000000000c1";
export const DOC_ID = "00000000-0000-7000-8000-0000000000d1";

export const SUMMARY: MeetingSummary = {
  meeting: {
    id: MEETING_ID,
    kind: "ordinary",
    date: "2026-03-12",
    start: "10:00:00",
    end: "12:00:00",
    location: "Landgreven 4, København",
    attendance: "in_person",
    status: "published",
  },
  material_due: "2026-03-04",
  minutes_draft_due: "2026-03-26",
  material: { status: "late", working_days: 2 },
  agenda: { status: "on_time" },
  minutes: null,
  agenda_items: 1,
  documents: 1,
};

export const DOC: DocumentView = {
  document: {
    id: DOC_ID,
    meeting: MEETING_ID,
    agenda_item: ITEM_ID,
    title: "Driftsstatus 4. kvartal 2025",
    sha256: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    size_bytes: 290_000,
    mime: "application/pdf",
    version: 2,
    published_on: "2026-03-06",
  },
  blob: "available",
  read: false,
  notes: 0,
};

export const ESCALATION: Escalation = {
  id: "00000000-0000-7000-8000-0000000000e1",
  case: "Forlænget parallel drift af NemLog-in's gamle signeringsløsning",
  agenda_item: ITEM_ID,
  systems: ["NEMLOG-IN", "MITID"],
  needs_funds: true,
  economic_forum_approval: { approved_on: "2026-11-03", reference: "Økonomiforums referat, punkt 4" },
  state: "ready_for_pstg",
};

export function meetingView(
  registrations: MeetingView["registrations"] = [],
  escalation: Escalation | null = ESCALATION,
): MeetingView {
  const observer = (org: string) =>
    registrations.find((r) => r.registration.org === org && r.registration.kind === "observer")?.registration.name ?? null;
  return {
    summary: SUMMARY,
    registration_open: true,
    agenda: [
      {
        item: {
          id: ITEM_ID,
          meeting: MEETING_ID,
          number: 1,
          title: "Driftsstatus for porteføljen",
          description: "Orientering om driftsstatus.",
          kind: "orientation",
          systems: ["MITID"],
          escalation: "00000000-0000-7000-8000-0000000000e1",
        },
        documents: [DOC],
        escalation,
        approves_minutes_of: null,
      },
    ],
    other_documents: [],
    registrations,
    seats: [
      { org: { code: "KL", name: "KL", short_name: "KL" }, holder: { kind: "member", person: ME.id }, holder_name: ME.name, observer: observer("KL") },
      { org: { code: "ATP", name: "ATP", short_name: "ATP" }, holder: null, holder_name: null, observer: observer("ATP") },
    ],
    has_minutes: true,
  };
}

export const OVERVIEW: Overview = {
  me: ME,
  next_meeting: SUMMARY,
  procedures_awaiting: [],
  open_comment_rounds: [],
  reminders: [],
  unread_documents: 3,
  newest_unread: [DOC],
  rejected_writes: [
    {
      mutation_id: "00000000-0000-7000-8000-0000000000f1",
      client_seq: 4,
      op: {
        type: "register_participant",
        meeting: MEETING_ID,
        registration: "00000000-0000-7000-8000-0000000000f2",
        org: "KL",
        kind: "observer",
        person: null,
        name: "Bo Bisidder",
        email: "bo@kl.dk",
      },
      state: "rejected",
      ack_seq: null,
      error: {
        code: "observer_limit_reached",
        message_da: "KL har allerede en bisidder til mødet den 12. marts 2026.",
        message_en: "KL already has an observer for the meeting on 12 March 2026.",
      },
      attempts: 1,
      created_at: "2026-02-27T10:00:00Z",
    },
  ],
  sync: {
    committee: {
      name: "Driftsstyregruppen",
      full_name: "Styregruppen for drift og vedligehold af den fællesoffentlige digitale infrastruktur",
      chair: "DIGST",
      secretariat: "DIGST",
      ordinary_meetings_per_year: 4,
    },
    cursor: "1.42",
    resyncing: false,
    pending_writes: 1,
    rejected_writes: 1,
    blobs: { queued: 1, downloading: 0, available: 4, failed: 0, bytes_total: 1_000_000, bytes_available: 800_000 },
    last_synced: "2026-03-01T07:12:00Z",
    notice: null,
    app_outdated: null,
  },
};

export function minutesView(comments: MinutesView["comments"] = []): MinutesView {
  return {
    minutes: {
      draft: {
        id: MINUTES_ID,
        meeting: MEETING_ID,
        state: "comment_round_open",
        decisions: [{ agenda_item: ITEM_ID, text: "Styregruppen tog orienteringen til efterretning." }],
      },
      round: { id: "00000000-0000-7000-8000-0000000000c2", minutes: MINUTES_ID, opens: "2026-02-20", closes: "2026-03-05" },
    },
    meeting: SUMMARY.meeting,
    agenda: meetingView().agenda.map((a) => a.item),
    comments,
    round_open: true,
  };
}

export const PROCEDURES: ProcedureView[] = [
  {
    procedure: {
      id: "00000000-0000-7000-8000-000000000101",
      title: "Optagelse af NemLog-in i porteføljen",
      description: "Sekretariatet foreslår, at NemLog-in optages.",
      deadline: "2026-03-10",
      responses: [{ org: "ATP", by: "00000000-0000-7000-8000-000000000102", response: { kind: "agree" }, given_on: "2026-02-25" }],
    },
    outcome: { kind: "open" },
    answered: false,
    pending: false,
    documents: [],
    awaiting: ["DR", "KL"],
  },
];

export const PORTFOLIO: SystemView[] = [
  {
    system: {
      code: "MITID",
      name: "MitID",
      owner: "DIGST",
      description: "National eID.",
      criticality: "high",
      depends_on: ["CPR"],
      critical_integrations: [{ to: "CPR", description: "Opslag af personnummer" }],
    },
    latest_status: null,
  },
  {
    system: { code: "CPR", name: "CPR", owner: "CPR", description: "Personregister.", criticality: "high", depends_on: [], critical_integrations: [] },
    latest_status: null,
  },
  {
    system: { code: "NEMLOG-IN", name: "NemLog-in", owner: "DIGST", description: "Log-in.", criticality: "medium", depends_on: ["MITID"], critical_integrations: [] },
    latest_status: null,
  },
];

export const STATUS: StatusView = {
  quarter: "2025-Q4",
  statuses: [
    { system: "MITID", quarter: "2025-Q4", light: "yellow", availability_percent: 99.52, major_incidents: 1, note: "Nedbrud 3. november." },
    { system: "CPR", quarter: "2025-Q4", light: "green", availability_percent: 99.98, major_incidents: 0, note: "" },
  ],
  missing: ["NEMLOG-IN"],
};

export const ROADMAP: RoadmapView = {
  items: [
    { id: "00000000-0000-7000-8000-000000000201", system: "CPR", title: "CPR release 7", kind: "release", window: { start: "2026-04-06", end: "2026-04-20" } },
    { id: "00000000-0000-7000-8000-000000000202", system: "MITID", title: "MitID-opgradering", kind: "change", window: { start: "2026-04-15", end: "2026-07-10" } },
  ],
  conflicts: [
    {
      a: "00000000-0000-7000-8000-000000000201",
      b: "00000000-0000-7000-8000-000000000202",
      systems: ["CPR", "MITID"],
      overlap: { start: "2026-04-15", end: "2026-04-20" },
    },
  ],
};

export const HOSTILE_HITS: SearchResults = {
  newest_only: null,
  hits: [
    {
      kind: "material",
      id: DOC_ID,
      page: 2,
      meeting: MEETING_ID,
      meeting_date: "2026-03-12",
      title: "Driftsstatus",
      snippet: "… se \u0002<img src=x onerror=alert(1)>\u0003 og <b>fed</b> …",
      rank: -3.2,
    },
  ],
};

export const WRITE: LocalWrite = { mutation_id: "00000000-0000-7000-8000-000000000301", client_seq: 7, notices: [] };

type Handler = (args: Record<string, unknown>) => unknown;

// The backend's event queue as `next_events` serves it (src-tauri/src/events.rs), for
// `mockBackend(…, { events: true })`; `emitEvent` is the backend publishing one.
let queued: { seq: number; name: string; payload: unknown }[] = [];
let nextSeq = 1;
let wake: (() => void)[] = [];

/** The backend publishes an event (as `events::publish`); a waiting `next_events` answers. */
export function emitEvent(name: string, payload: unknown = null): void {
  queued.push({ seq: nextSeq++, name, payload });
  wake.splice(0).forEach((w) => w());
}

async function nextEvents(from: number | null): Promise<unknown> {
  if (from === null) return { events: [], next: nextSeq };
  while (!queued.some((e) => e.seq >= from)) await new Promise<void>((resolve) => wake.push(resolve));
  return { events: queued.filter((e) => e.seq >= from), next: nextSeq };
}

/** Mocks the Tauri backend: each command answers from `handlers` (a value or a function); with
 * `events`, `next_events` serves what `emitEvent` publishes. Unless given, `first_view` answers as the Rust
 * side does, from the `session_state`, `overview` and `my_acts` handlers. */
export function mockBackend(handlers: Record<string, unknown>, options: { events?: boolean } = {}): { calls: { cmd: string; args: Record<string, unknown> }[] } {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  // A new queue, but sequence numbers go on: a pump left waiting by an earlier test never
  // answers, and none of its numbers can be mistaken for this test's.
  queued = [];
  wake = [];
  const answer = (cmd: string, a: Record<string, unknown>): unknown => {
    const h = handlers[cmd];
    return typeof h === "function" ? (h as Handler)(a) : h;
  };
  mockIPC(async (cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd === "next_events" && options.events) return nextEvents((a.from as number | null | undefined) ?? null);
    if (cmd === "first_view" && !(cmd in handlers) && "session_state" in handlers) {
      const session = (await answer("session_state", a)) as SessionState;
      const events_from = nextSeq; // where the queue stood when the view was read, as in Rust
      if (!session.mode) return { session, overview: null, acts: [], events_from };
      // A part that fails comes as null, as from the Rust side; the UI asks for it again.
      const part = async (name: string) => (name in handlers ? await (async () => answer(name, a))().catch(() => null) : null);
      return { session, overview: await part("overview"), acts: await part("my_acts"), events_from };
    }
    if (!(cmd in handlers)) throw { code: "unknown_command", message_da: `Ukendt kommando ${cmd}`, message_en: `Unknown command ${cmd}` };
    return answer(cmd, a);
  });
  return { calls };
}
