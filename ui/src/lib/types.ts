// Every data shape the UI receives from (or sends to) the Rust side, mirroring its serde JSON
// exactly. Hand-written for now; to be replaced by ts-rs output. Import data types only from here.
//
// Conventions of the Rust side: ids are strings (UUIDs, or upper-case codes for organisations and
// systems), dates "YYYY-MM-DD", times "HH:MM:SS", enums snake_case, `Option<T>` → `T | null`.

/** ISO calendar date, "2026-03-12" (chrono::NaiveDate). */
export type IsoDate = string;
/** "10:00:00" (chrono::NaiveTime). */
export type IsoTime = string;
/** UUID (styrebord_core::ids uuid_id!). */
export type Uuid = string;
/** styrebord_core::OrgId — "KL", "DIGST". */
export type OrgId = string;
/** styrebord_core::SystemId — "MITID", "NEMLOG-IN". */
export type SystemId = string;
/** styrebord_core::portfolio::Quarter — "2026-Q3". */
export type QuarterId = string;

// ---- errors ---------------------------------------------------------------------------------

/** styrebord_protocol::ErrorBody (also every command's error: src-tauri CommandError). */
export interface ErrorBody {
  code: string;
  message_da: string;
  message_en: string;
}

// ---- people and organisations (core::org, protocol::changes) -------------------------------

/** styrebord_core::org::Role */
export type Role = "chair" | "secretariat" | "member" | "substitute" | "observer";

/** styrebord_core::org::Organisation */
export interface Organisation {
  code: OrgId;
  name: string;
  short_name: string;
}

/** styrebord_protocol::PersonInfo */
export interface PersonInfo {
  id: Uuid;
  name: string;
  email: string;
  org: OrgId;
  role: Role;
  active: boolean;
}

// ---- session (src-tauri session.rs, account.rs) ---------------------------------------------

/** src-tauri session::Mode; `null` (or "none") when signed out. */
export type SessionMode = "demo" | "hub" | "none" | null;

/** src-tauri account::TokenStorage */
export type TokenStorage = "keyring" | "file";

/** src-tauri session::SessionState */
export interface SessionState {
  mode: SessionMode;
  hub_url: string | null;
  me: PersonInfo | null;
  token_storage: TokenStorage | null;
  today: IsoDate;
}

/** src-tauri commands::info::AppInfo */
export interface AppInfo {
  version: string;
}

// ---- meetings (core::meeting, core::calendar, core::registration) ---------------------------

/** styrebord_core::meeting::MeetingKind */
export type MeetingKind = "ordinary" | "extra";
/** styrebord_core::meeting::AttendanceMode */
export type AttendanceMode = "in_person" | "hybrid" | "online";
/** styrebord_core::meeting::MeetingStatus */
export type MeetingStatus = "planned" | "published" | "held" | "cancelled";

/** styrebord_core::meeting::Meeting */
export interface Meeting {
  id: Uuid;
  kind: MeetingKind;
  date: IsoDate;
  start: IsoTime;
  end: IsoTime | null;
  location: string;
  attendance: AttendanceMode;
  status: MeetingStatus;
}

/** styrebord_core::meeting::AgendaItemKind */
export type AgendaItemKind = "decision" | "orientation" | "discussion";

/** styrebord_core::meeting::AgendaItem */
export interface AgendaItem {
  id: Uuid;
  meeting: Uuid;
  number: number;
  title: string;
  description: string;
  kind: AgendaItemKind;
  systems: SystemId[];
  escalation: Uuid | null;
}

/** styrebord_core::meeting::Document */
export interface Document {
  id: Uuid;
  meeting: Uuid | null;
  agenda_item: Uuid | null;
  title: string;
  sha256: string;
  size_bytes: number;
  mime: string;
  version: number;
  published_on: IsoDate;
}

/** styrebord_core::calendar::Timeliness (internally tagged by "status") */
export type Timeliness = { status: "on_time" } | { status: "late"; working_days: number };

/** styrebord_core::registration::RegistrationKind */
export type RegistrationKind = "substitute" | "observer";

/** styrebord_core::registration::Registration */
export interface Registration {
  id: Uuid;
  meeting: Uuid;
  org: OrgId;
  kind: RegistrationKind;
  person: Uuid | null;
  name: string;
  email: string;
  registered_by: Uuid;
}

/** styrebord_core::registration::SeatHolder (internally tagged by "kind") */
export type SeatHolder =
  | { kind: "member"; person: Uuid }
  | { kind: "substitute"; registration: Uuid; person: Uuid | null; name: string };

// ---- store views (crates/store/src/views.rs) -------------------------------------------------

/** styrebord_store::BlobState (blobs.rs) */
export type BlobState = "queued" | "downloading" | "available" | "failed";

/** styrebord_store::blobs::BlobCounts */
export interface BlobCounts {
  queued: number;
  downloading: number;
  available: number;
  failed: number;
  bytes_total: number;
  bytes_available: number;
}

/** styrebord_store::views::MeetingSummary */
export interface MeetingSummary {
  meeting: Meeting;
  material_due: IsoDate;
  minutes_draft_due: IsoDate;
  material: Timeliness | null;
  agenda_items: number;
  documents: number;
}

/** styrebord_store::views::DocumentView */
export interface DocumentView {
  document: Document;
  blob: BlobState | null;
  read: boolean;
  notes: number;
}

/** styrebord_store::views::AgendaItemView */
export interface AgendaItemView {
  item: AgendaItem;
  documents: DocumentView[];
}

/** styrebord_store::views::RegistrationView */
export interface RegistrationView {
  registration: Registration;
  pending: boolean;
}

/** styrebord_store::views::SeatView */
export interface SeatView {
  org: Organisation;
  holder: SeatHolder | null;
}

/** styrebord_store::views::MeetingView */
export interface MeetingView {
  summary: MeetingSummary;
  agenda: AgendaItemView[];
  other_documents: DocumentView[];
  registrations: RegistrationView[];
  seats: SeatView[];
  has_minutes: boolean;
}

// ---- minutes (core::minutes, protocol::changes::Minutes) -----------------------------------

/** styrebord_core::minutes::MinutesState */
export type MinutesState = "draft" | "comment_round_open" | "comment_round_closed" | "approved";

/** styrebord_core::minutes::Decision */
export interface Decision {
  agenda_item: Uuid;
  text: string;
}

/** styrebord_core::minutes::MinutesDraft */
export interface MinutesDraft {
  id: Uuid;
  meeting: Uuid;
  state: MinutesState;
  decisions: Decision[];
}

/** styrebord_core::minutes::CommentRound */
export interface CommentRound {
  id: Uuid;
  minutes: Uuid;
  opens: IsoDate;
  closes: IsoDate;
}

/** styrebord_protocol::Minutes */
export interface Minutes {
  draft: MinutesDraft;
  round: CommentRound | null;
}

/** styrebord_core::minutes::MinutesComment */
export interface MinutesComment {
  id: Uuid;
  minutes: Uuid;
  agenda_item: Uuid;
  author: Uuid;
  org: OrgId;
  text: string;
  written_on: IsoDate;
}

/** styrebord_store::views::CommentView */
export interface CommentView {
  comment: MinutesComment;
  pending: boolean;
}

/** styrebord_store::views::MinutesView */
export interface MinutesView {
  minutes: Minutes;
  meeting: Meeting | null;
  agenda: AgendaItem[];
  comments: CommentView[];
  round_open: boolean;
}

/**
 * One decision in the decision log (`decision_log` command). No Rust type exists yet; this is
 * the shape the UI asks for (proposed: `styrebord_store::views::DecisionLogEntry`).
 */
export interface DecisionLogEntry {
  minutes: Uuid;
  meeting: Uuid;
  meeting_date: IsoDate;
  agenda_item: Uuid;
  number: number;
  title: string;
  text: string;
  systems: SystemId[];
  /** Organisations concerned: the owners of `systems`. */
  orgs: OrgId[];
  state: MinutesState;
}

// ---- written procedures (core::procedure) --------------------------------------------------

/** styrebord_core::procedure::Response (adjacently tagged: kind + text) */
export type Response = { kind: "agree" } | { kind: "comment"; text: string } | { kind: "object"; text: string };

/** styrebord_core::procedure::ProcedureResponse */
export interface ProcedureResponse {
  org: OrgId;
  by: Uuid;
  response: Response;
  given_on: IsoDate;
}

/** styrebord_core::procedure::WrittenProcedure */
export interface WrittenProcedure {
  id: Uuid;
  title: string;
  description: string;
  deadline: IsoDate;
  responses: ProcedureResponse[];
}

/** styrebord_core::procedure::Outcome (internally tagged by "kind") */
export type Outcome = { kind: "open" } | { kind: "adopted" } | { kind: "moved_to_meeting"; objected_by: OrgId[] };

/** styrebord_store::views::ProcedureView */
export interface ProcedureView {
  procedure: WrittenProcedure;
  outcome: Outcome;
  answered: boolean;
  pending: boolean;
}

// ---- portfolio (core::portfolio) -------------------------------------------------------------

/** styrebord_core::portfolio::Criticality */
export type Criticality = "high" | "medium" | "low";

/** styrebord_core::portfolio::Integration */
export interface Integration {
  to: SystemId;
  description: string;
}

/** styrebord_core::portfolio::PortfolioSystem */
export interface PortfolioSystem {
  code: SystemId;
  name: string;
  owner: OrgId;
  description: string;
  criticality: Criticality;
  depends_on: SystemId[];
  critical_integrations: Integration[];
}

/** styrebord_core::portfolio::TrafficLight */
export type TrafficLight = "green" | "yellow" | "red";

/** styrebord_core::portfolio::QuarterlyStatus */
export interface QuarterlyStatus {
  system: SystemId;
  quarter: QuarterId;
  light: TrafficLight;
  availability_percent: number;
  major_incidents: number;
  note: string;
}

/** styrebord_store::views::SystemView */
export interface SystemView {
  system: PortfolioSystem;
  latest_status: QuarterlyStatus | null;
}

/** styrebord_store::views::StatusView */
export interface StatusView {
  quarter: QuarterId;
  statuses: QuarterlyStatus[];
  missing: SystemId[];
}

// ---- roadmap (core::roadmap) -----------------------------------------------------------------

/** styrebord_core::roadmap::RoadmapKind */
export type RoadmapKind = "release" | "change" | "maintenance";

/** styrebord_core::roadmap::DateRange */
export interface DateRange {
  start: IsoDate;
  end: IsoDate;
}

/** styrebord_core::roadmap::RoadmapItem */
export interface RoadmapItem {
  id: Uuid;
  system: SystemId;
  title: string;
  kind: RoadmapKind;
  window: DateRange;
}

/** styrebord_core::roadmap::Conflict (`systems` is a Rust tuple → a two-element array) */
export interface Conflict {
  a: Uuid;
  b: Uuid;
  systems: [SystemId, SystemId];
  overlap: DateRange;
}

/** styrebord_store::views::RoadmapView */
export interface RoadmapView {
  items: RoadmapItem[];
  conflicts: Conflict[];
}

// ---- search (store/src/search.rs) -----------------------------------------------------------

/** styrebord_store::search::SearchKind */
export type SearchKind = "agenda_item" | "decision" | "procedure" | "material";

/**
 * styrebord_store::SearchHit. `title` and `snippet` mark matches with U+0002 (start) and
 * U+0003 (end) — see MATCH_START/MATCH_END in search.rs and lib/snippet.ts.
 */
export interface SearchHit {
  kind: SearchKind;
  id: string;
  page: number;
  meeting: Uuid | null;
  title: string;
  snippet: string;
  rank: number;
}

// ---- private data (store/src/private.rs) ----------------------------------------------------

/** styrebord_store::private::Note */
export interface Note {
  id: string;
  document: Uuid;
  /** 1-based page, or null for the whole document. */
  page: number | null;
  text: string;
  created_at: string;
  updated_at: string;
}

/** styrebord_store::private::ReadStatus */
export interface ReadStatus {
  document: Uuid;
  read_at: string;
  last_page: number | null;
}

// ---- outbox and sync (store/src/outbox.rs, views.rs, crates/sync/src/progress.rs) -----------

/** styrebord_store::outbox::LocalWrite */
export interface LocalWrite {
  mutation_id: Uuid;
  client_seq: number;
}

/** styrebord_store::outbox::OutboxState */
export type OutboxState = "pending" | "sent" | "applied" | "rejected";

/** styrebord_protocol::Op — the member's own kinds (secretariat ops are listed loosely). */
export type Op =
  | {
      type: "register_participant";
      meeting: Uuid;
      registration: Uuid;
      org: OrgId;
      kind: RegistrationKind;
      person: Uuid | null;
      name: string;
      email: string;
    }
  | { type: "cancel_registration"; meeting: Uuid; registration: Uuid }
  | { type: "comment_minutes"; minutes: Uuid; comment: Uuid; agenda_item: Uuid; text: string }
  | { type: "respond_procedure"; procedure: Uuid; org: OrgId; response: Response }
  | { type: "upsert_meeting" | "upsert_agenda_item" | "publish_agenda" | "record_quarterly_status" | "upsert_roadmap_item" };

/** styrebord_store::outbox::OutboxEntry */
export interface OutboxEntry {
  mutation_id: Uuid;
  client_seq: number;
  op: Op;
  state: OutboxState;
  ack_seq: number | null;
  error: ErrorBody | null;
  attempts: number;
  created_at: string;
}

/** styrebord_store::views::SyncStatus (`cursor` is "<epoch>.<seq>") */
export interface SyncStatus {
  cursor: string | null;
  resyncing: boolean;
  pending_writes: number;
  rejected_writes: number;
  blobs: BlobCounts;
}

/** styrebord_store::views::Overview */
export interface Overview {
  me: PersonInfo | null;
  next_meeting: MeetingSummary | null;
  procedures_awaiting: ProcedureView[];
  open_comment_rounds: Minutes[];
  unread_documents: number;
  rejected_writes: OutboxEntry[];
  sync: SyncStatus;
}

/**
 * styrebord_sync::progress::Phase. The brief named pull/push/blobs/idle; the engine currently
 * sends the longer set. Both are accepted.
 */
export type SyncPhase =
  | "idle"
  | "pushing"
  | "pulling"
  | "downloading"
  | "indexing"
  | "waiting"
  | "pull"
  | "push"
  | "blobs";

/** styrebord_sync::progress::Progress — payload of `sync://progress`. */
export interface SyncProgress {
  phase: SyncPhase;
  items_done: number;
  items_total: number;
  bytes_done: number;
  bytes_total: number;
  current: string | null;
  last_error?: ErrorBody | null;
  online?: boolean;
}

/** Payload of `sync://status` (brief; no Rust type yet). */
export interface SyncStatusEvent {
  online: boolean;
  last_synced: string | null;
  pending: number;
  rejected: number;
}

/** src-tauri commands::sync::StorageUsed */
export interface StorageUsed {
  bytes: number;
}

/** src-tauri commands::sync::ExportedFile */
export interface ExportedFile {
  path: string;
}
