// Every data shape the UI receives from (or sends to) the Rust side. Import data types only from
// here.
//
// The shapes are generated from the Rust types by ts-rs into ./generated/ (`make types`; never
// edit those files by hand, and commit them with the Rust change). This file re-exports them,
// under the names the UI has always used, and adds the few UI-only types at the end.
//
// Conventions of the Rust side: ids are strings (UUIDs, or upper-case codes for organisations and
// systems), dates "YYYY-MM-DD", times "HH:MM:SS", enums snake_case, `Option<T>` → `T | null`,
// integers (u32/u64) → `number`.

// ---- ids and scalars ------------------------------------------------------------------------

export type { OrgId } from "./generated/OrgId";
export type { SystemId } from "./generated/SystemId";
export type { PersonId } from "./generated/PersonId";
export type { MeetingId } from "./generated/MeetingId";
export type { AgendaItemId } from "./generated/AgendaItemId";
export type { DocumentId } from "./generated/DocumentId";
export type { RegistrationId } from "./generated/RegistrationId";
export type { MinutesId } from "./generated/MinutesId";
export type { CommentId } from "./generated/CommentId";
export type { CommentRoundId } from "./generated/CommentRoundId";
export type { WrittenProcedureId } from "./generated/WrittenProcedureId";
export type { RoadmapItemId } from "./generated/RoadmapItemId";
export type { EscalationId } from "./generated/EscalationId";
export type { MutationId } from "./generated/MutationId";
export type { Sha256 } from "./generated/Sha256";
/** "2026-Q3" (styrebord_core::portfolio::Quarter). */
export type { Quarter, Quarter as QuarterId } from "./generated/Quarter";
/** The change-feed position "<epoch>.<seq>" (styrebord_protocol::Cursor). */
export type { Cursor } from "./generated/Cursor";

// ---- errors ---------------------------------------------------------------------------------

/** Every command's error (src-tauri CommandError is this shape), and the hub's. */
export type { ErrorBody } from "./generated/ErrorBody";
export type { CommandError } from "./generated/CommandError";

// ---- people and organisations ---------------------------------------------------------------

export type { Role } from "./generated/Role";
export type { Organisation } from "./generated/Organisation";
export type { PersonInfo } from "./generated/PersonInfo";

// ---- session and app ------------------------------------------------------------------------

export type { Mode } from "./generated/Mode";
export type { TokenStorage } from "./generated/TokenStorage";
export type { SessionState } from "./generated/SessionState";
export type { FirstView } from "./generated/FirstView";
export type { AppInfo } from "./generated/AppInfo";

// ---- meetings -------------------------------------------------------------------------------

export type { MeetingKind } from "./generated/MeetingKind";
export type { AttendanceMode } from "./generated/AttendanceMode";
export type { MeetingStatus } from "./generated/MeetingStatus";
export type { Meeting } from "./generated/Meeting";
export type { AgendaItemKind } from "./generated/AgendaItemKind";
export type { AgendaItem } from "./generated/AgendaItem";
export type { Document } from "./generated/Document";
export type { Timeliness } from "./generated/Timeliness";
export type { RegistrationKind } from "./generated/RegistrationKind";
export type { Registration } from "./generated/Registration";
export type { SeatHolder } from "./generated/SeatHolder";
export type { EscalationState } from "./generated/EscalationState";
export type { ForumApproval } from "./generated/ForumApproval";
export type { Escalation } from "./generated/Escalation";

// ---- store views ----------------------------------------------------------------------------

export type { BlobState } from "./generated/BlobState";
export type { BlobCounts } from "./generated/BlobCounts";
export type { MeetingSummary } from "./generated/MeetingSummary";
export type { DocumentView } from "./generated/DocumentView";
export type { AgendaItemView } from "./generated/AgendaItemView";
export type { RegistrationView } from "./generated/RegistrationView";
export type { SeatView } from "./generated/SeatView";
export type { MeetingView } from "./generated/MeetingView";

// ---- minutes --------------------------------------------------------------------------------

export type { MinutesState } from "./generated/MinutesState";
export type { Decision } from "./generated/Decision";
export type { MinutesDraft } from "./generated/MinutesDraft";
export type { CommentRound } from "./generated/CommentRound";
export type { Minutes } from "./generated/Minutes";
export type { MinutesComment } from "./generated/MinutesComment";
export type { CommentView } from "./generated/CommentView";
export type { MinutesView } from "./generated/MinutesView";
export type { DecisionLogEntry } from "./generated/DecisionLogEntry";

// ---- written procedures ---------------------------------------------------------------------

export type { Response } from "./generated/Response";
export type { ProcedureResponse } from "./generated/ProcedureResponse";
export type { WrittenProcedure } from "./generated/WrittenProcedure";
export type { Outcome } from "./generated/Outcome";
export type { Reminder } from "./generated/Reminder";
export type { ReminderAbout } from "./generated/ReminderAbout";
export type { ProcedureView } from "./generated/ProcedureView";

// ---- portfolio and roadmap ------------------------------------------------------------------

export type { Criticality } from "./generated/Criticality";
export type { Integration } from "./generated/Integration";
export type { PortfolioSystem } from "./generated/PortfolioSystem";
export type { TrafficLight } from "./generated/TrafficLight";
export type { QuarterlyStatus } from "./generated/QuarterlyStatus";
export type { SystemView } from "./generated/SystemView";
export type { StatusView } from "./generated/StatusView";
export type { RoadmapKind } from "./generated/RoadmapKind";
export type { DateRange } from "./generated/DateRange";
export type { RoadmapItem } from "./generated/RoadmapItem";
export type { Conflict } from "./generated/Conflict";
export type { RoadmapView } from "./generated/RoadmapView";

// ---- search (title and snippet mark matches with U+0002 … U+0003; see lib/snippet.ts) -------

export type { SearchKind } from "./generated/SearchKind";
export type { SearchHit } from "./generated/SearchHit";
export type { SearchResults } from "./generated/SearchResults";

// ---- private notes --------------------------------------------------------------------------

export type { Note } from "./generated/Note";

// ---- outbox, sync and storage ---------------------------------------------------------------

export type { LocalWrite } from "./generated/LocalWrite";
export type { OutboxState } from "./generated/OutboxState";
export type { Op } from "./generated/Op";
export type { OutboxEntry } from "./generated/OutboxEntry";
export type { SyncStatus } from "./generated/SyncStatus";
export type { Overview } from "./generated/Overview";
/** styrebord_sync::Phase. */
export type { Phase as SyncPhase } from "./generated/Phase";
/** styrebord_sync::Progress — payload of `sync://progress`. */
export type { Progress as SyncProgress } from "./generated/Progress";
/** What the waiting `next_events` command answers (src-tauri events.rs; ui/src/lib/events.ts). */
export type { EventBatch } from "./generated/EventBatch";
export type { BackendEvent } from "./generated/BackendEvent";
/** Payload of `sync://status` (src-tauri sync_task::SyncStatusEvent). */
export type { SyncStatusEvent } from "./generated/SyncStatusEvent";
export type { StorageUsed } from "./generated/StorageUsed";
/** Settings' "Opdateringer" (src-tauri commands::update). */
export type { UpdateStatus } from "./generated/UpdateStatus";
export type { UpdatePhase } from "./generated/UpdatePhase";
export type { UpdatesOff } from "./generated/UpdatesOff";
export type { ReadyUpdate } from "./generated/ReadyUpdate";
export type { InstallWay } from "./generated/InstallWay";
export type { ExportedFile } from "./generated/ExportedFile";

// ---- UI-only types (no Rust counterpart; hand-written) --------------------------------------

import type { SessionState } from "./generated/SessionState";

/** UI-only. ISO calendar date, "2026-03-12" (what chrono::NaiveDate serializes to). */
export type IsoDate = string;
/** UI-only. "10:00:00" (what chrono::NaiveTime serializes to). */
export type IsoTime = string;
/** UI-only. A UUID in its hyphenated form (every uuid id serializes to one). */
export type Uuid = string;
/** UI-only. The session's mode; `null` when signed out. */
export type SessionMode = SessionState["mode"];
export type { Act } from "./generated/Act";
export type { DeskYear } from "./generated/DeskYear";
export type { DeskMeeting } from "./generated/DeskMeeting";
export type { DeskPortfolio } from "./generated/DeskPortfolio";
export type { UploadedFile } from "./generated/UploadedFile";
export type { MinutesListEntry } from "./generated/MinutesListEntry";
export type { Attendee } from "./generated/Attendee";
export type { AttendedAs } from "./generated/AttendedAs";
export type { UploadProgressEvent } from "./generated/UploadProgressEvent";
export type { PersonAccess } from "./generated/PersonAccess";
export type { TokenInfo } from "./generated/TokenInfo";
export type { DeviceInfo } from "./generated/DeviceInfo";
export type { NewPerson } from "./generated/NewPerson";
export type { Invitation } from "./generated/Invitation";
export type { Revoked } from "./generated/Revoked";
