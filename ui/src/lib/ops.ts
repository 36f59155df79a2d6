// Plain-language descriptions of the writes made on this computer (outbox entries: the member's,
// and the secretariat's desk acts), in the current language.
import { date, i18n, t, tf } from "./i18n.svelte";
import { quarterLabel } from "./format";
import type { Op } from "./types";

export function describeOp(op: Op): string {
  switch (op.type) {
    case "register_participant":
      return tf(op.kind === "observer" ? "op.registerObserver" : "op.registerSubstitute", { name: op.name });
    case "cancel_registration":
      return t("op.cancel");
    case "comment_minutes":
      return tf("op.comment", { text: cut(op.text) });
    case "respond_procedure":
      return t(op.response.kind === "object" ? "op.object" : op.response.kind === "comment" ? "op.respondComment" : "op.agree");
    // The secretariat's acts: a refused one is listed in the overview with the hub's reason.
    case "upsert_meeting":
      return tf("op.upsertMeeting", { date: date(op.meeting.date) });
    case "upsert_agenda_item":
      return tf("op.upsertAgendaItem", { title: op.item.title });
    case "reorder_agenda":
      return t("op.reorderAgenda");
    case "approve_agenda":
      return t("op.approveAgenda");
    case "set_current_item":
      return t("op.setCurrentItem");
    case "record_live_decision":
      return tf("op.recordLiveDecision", { text: cut(op.text) });
    case "publish_agenda":
      return t("op.publishAgenda");
    case "cancel_meeting":
      return t("op.cancelMeeting");
    case "withdraw_agenda_item":
      return t("op.withdrawAgendaItem");
    case "withdraw_document":
      return t("op.withdrawDocument");
    case "mark_meeting_held":
      return t("op.markMeetingHeld");
    case "publish_document":
      return tf("op.publishDocument", { title: op.title });
    case "publish_procedure_document":
      return tf("op.publishProcedureDocument", { title: op.title });
    case "draft_minutes":
      return t("op.draftMinutes");
    case "send_minutes_for_comments":
      return t("op.sendMinutes");
    case "close_comment_round":
      return t("op.closeCommentRound");
    case "dispose_comment":
      return t("op.disposeComment");
    case "approve_minutes":
      return t("op.approveMinutes");
    case "start_procedure":
      return tf("op.startProcedure", { title: op.title });
    case "close_procedure":
      return t("op.closeProcedure");
    case "withdraw_procedure":
      return t("op.withdrawProcedure");
    case "send_reminder":
      return t("op.sendReminder");
    case "import_portfolio":
      return t("op.importPortfolio");
    case "admit_system":
      return tf("op.admitSystem", { name: op.system.name });
    case "upsert_system":
      return tf("op.upsertSystem", { name: op.system.name });
    case "record_quarterly_status":
      return tf("op.quarterlyStatus", { system: op.status.system, quarter: quarterLabel(op.status.quarter, i18n.locale) });
    case "upsert_roadmap_item":
      return tf("op.roadmapItem", { title: op.item.title });
    case "propose_escalation":
      return tf("op.proposeEscalation", { text: cut(op.case) });
    case "record_forum_approval":
      return t("op.forumApproval");
    case "mark_escalation_ready":
      return t("op.escalationReady");
    case "mark_escalation_sent":
      return t("op.escalationSent");
    case "close_escalation":
      return t("op.closeEscalation");
    default:
      // Every op this app can write is named above (the compiler checks it); an entry of a
      // kind it does not know can only come from elsewhere.
      op satisfies never;
      return t("op.other");
  }
}

/** A summary's share of a longer text: its first 60 characters. */
function cut(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The member's own words in a write, in full (a comment, or a written procedure's comment or
 *  objection), so a refused one can still be read and copied before it is dismissed. */
export function writtenText(op: Op): string | null {
  switch (op.type) {
    case "comment_minutes":
      return op.text;
    case "respond_procedure":
      return op.response.kind === "agree" ? null : op.response.text;
    default:
      return null;
  }
}
