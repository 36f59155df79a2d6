// Labels for the domain's enums, in the current language.
import { date, t, tf } from "./i18n.svelte";
import type { AgendaItemKind, Criticality, Escalation, EscalationState, Meeting, MeetingKind, Organisation, MeetingStatus, MinutesState, RoadmapKind, Role, SearchKind, Timeliness } from "./types";

export const kindLabel = (k: MeetingKind) => t(k === "ordinary" ? "meeting.kind.ordinary" : "meeting.kind.extra");

export function statusLabel(s: MeetingStatus): string {
  switch (s) {
    case "planned":
      return t("meeting.status.planned");
    case "published":
      return t("meeting.status.published");
    case "held":
      return t("meeting.status.held");
    case "cancelled":
      return t("meeting.status.cancelled");
  }
}

/** "Rettidigt" / "3 arbejdsdage for sent" / "Frist 18. november 2026" (nothing published yet). */
export function timelinessText(tl: Timeliness | null, due: string): string {
  if (!tl) return tf("material.due", { date: date(due) });
  if (tl.status === "on_time") return t("material.onTime");
  return tl.working_days === 1 ? t("material.lateOne") : tf("material.late", { n: tl.working_days });
}

export function itemKindLabel(k: AgendaItemKind): string {
  return t(k === "decision" ? "item.kind.decision" : k === "orientation" ? "item.kind.orientation" : "item.kind.discussion");
}

export function roleLabel(r: Role): string {
  switch (r) {
    case "chair":
      return t("role.chair");
    case "secretariat":
      return t("role.secretariat");
    case "member":
      return t("role.member");
    case "substitute":
      return t("role.substitute");
    case "observer":
      return t("role.observer");
  }
}

export function criticalityLabel(c: Criticality): string {
  return t(c === "high" ? "crit.high" : c === "medium" ? "crit.medium" : "crit.low");
}

export function minutesStateLabel(s: MinutesState): string {
  switch (s) {
    case "draft":
      return t("minutes.state.draft");
    case "comment_round_open":
      return t("minutes.state.open");
    case "comment_round_closed":
      return t("minutes.state.closed");
    case "approved":
      return t("minutes.state.approved");
  }
}

export function roadmapKindLabel(k: RoadmapKind): string {
  return t(k === "release" ? "roadmap.kind.release" : k === "change" ? "roadmap.kind.change" : "roadmap.kind.maintenance");
}

export function searchKindLabel(k: SearchKind): string {
  switch (k) {
    case "agenda_item":
      return t("search.kind.agenda_item");
    case "decision":
      return t("search.kind.decision");
    case "procedure":
      return t("search.kind.procedure");
    case "material":
      return t("search.kind.material");
  }
}

export function escalationStateLabel(s: EscalationState): string {
  switch (s) {
    case "proposed":
      return t("escalation.state.proposed");
    case "ready_for_pstg":
      return t("escalation.state.ready");
    case "sent_to_pstg":
      return t("escalation.state.sent");
    case "closed":
      return t("escalation.state.closed");
  }
}

/** For a case that needs funds: the economic forum's approval, or that it is awaited. Null otherwise. */
export function escalationFundsText(e: Escalation): string | null {
  if (!e.needs_funds) return null;
  const a = e.economic_forum_approval;
  if (!a || !a.reference.trim()) return t("escalation.fundsAwaiting");
  return tf("escalation.fundsApproved", { date: date(a.approved_on), reference: a.reference });
}

/** Where a meeting is: its location, and how it is held when that is not in person — unless the
 * location already says so ("Online (Microsoft Teams)" is not followed by "(online)"). */
export function placeText(m: Pick<Meeting, "location" | "attendance">): string {
  if (m.attendance === "in_person") return m.location;
  const how = t(m.attendance === "online" ? "attendance.online" : "attendance.hybrid");
  return m.location.toLowerCase().includes(how.toLowerCase()) ? m.location : `${m.location} (${how})`;
}

/** "Ordinært, dagsorden udsendt": the kind, then the status in lower case as the sentence goes on. */
export function kindAndStatus(m: Pick<Meeting, "kind" | "status">): string {
  const status = statusLabel(m.status);
  return `${kindLabel(m.kind)}, ${status.charAt(0).toLowerCase() + status.slice(1)}`;
}

/** An organisation by its short name ("KL", "Digitaliseringsstyrelsen"); its code until the list
 * of organisations is there. */
export function orgLabel(orgs: readonly Organisation[], code: string): string {
  return orgs.find((o) => o.code === code)?.short_name ?? code;
}
