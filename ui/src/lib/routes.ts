// The app's top-level pages, in navigation order. The hash in the address (#/moeder) is the
// source of truth, so back/forward and keyboard navigation behave as users expect.
// Sub-pages carry one parameter after the slug: #/moeder/<meeting id>, #/referater/<meeting id>,
// #/dokument/<document id>[?side=3], #/soeg?q=MitID.
import type { MemberKey } from "./messages";

export interface Route {
  readonly id: string;
  readonly slug: string;
  readonly label: MemberKey;
  readonly lead: MemberKey;
}

export const ROUTES: readonly Route[] = [
  { id: "overview", slug: "overblik", label: "nav.overview", lead: "page.overview.lead" },
  { id: "meetings", slug: "moeder", label: "nav.meetings", lead: "page.meetings.lead" },
  { id: "minutes", slug: "referater", label: "nav.minutes", lead: "page.minutes.lead" },
  { id: "written", slug: "skriftlige-sager", label: "nav.written", lead: "page.written.lead" },
  { id: "portfolio", slug: "portefoelje", label: "nav.portfolio", lead: "page.portfolio.lead" },
  { id: "roadmap", slug: "roadmap", label: "nav.roadmap", lead: "page.roadmap.lead" },
  { id: "search", slug: "soeg", label: "nav.search", lead: "page.search.lead" },
  // Only for the secretariat and the chair (the menu shows it when core's matrix allows).
  { id: "desk", slug: "sekretariat", label: "nav.desk", lead: "page.desk.lead" },
  { id: "settings", slug: "indstillinger", label: "nav.settings", lead: "page.settings.lead" },
];

/** Pages reached from others, not from the menu. */
export const DOCUMENT_ROUTE: Route = { id: "document", slug: "dokument", label: "page.document", lead: "page.document.lead" };

const FALLBACK = ROUTES[0] as Route;

function pathOf(hash: string): { segments: string[]; query: URLSearchParams } {
  const raw = hash.replace(/^#\/?/, "");
  const [path = "", query = ""] = raw.split("?", 2);
  return { segments: path.split("/").filter(Boolean), query: new URLSearchParams(query) };
}

/** The route for a location hash such as "#/moeder"; unknown or empty hashes go to Overblik. */
export function routeFromHash(hash: string): Route {
  const slug = pathOf(hash).segments[0] ?? "";
  if (slug === DOCUMENT_ROUTE.slug) return DOCUMENT_ROUTE;
  return ROUTES.find((r) => r.slug === slug) ?? FALLBACK;
}

export interface Location {
  route: Route;
  /** The id after the slug (a meeting, a document), decoded; null when absent. */
  param: string | null;
  query: URLSearchParams;
}

export function locationFromHash(hash: string): Location {
  const { segments, query } = pathOf(hash);
  const param = segments[1] ? decodeURIComponent(segments[1]) : null;
  return { route: routeFromHash(hash), param, query };
}

export function hashFor(route: Route, param?: string | null, query?: Record<string, string>): string {
  let h = `#/${route.slug}`;
  if (param) h += `/${encodeURIComponent(param)}`;
  if (query && Object.keys(query).length) h += `?${new URLSearchParams(query).toString()}`;
  return h;
}

export function routeById(id: string): Route {
  if (id === DOCUMENT_ROUTE.id) return DOCUMENT_ROUTE;
  return ROUTES.find((r) => r.id === id) ?? FALLBACK;
}

export const meetingHash = (id: string) => hashFor(routeById("meetings"), id);
export const minutesHash = (meetingId: string) => hashFor(routeById("minutes"), meetingId);
/** One written procedure: the list opens at it (its form is where the member answers). */
export const procedureHash = (id: string) => hashFor(routeById("written"), id);
export const documentHash = (id: string, page?: number) =>
  hashFor(DOCUMENT_ROUTE, id, page && page > 1 ? { side: String(page) } : undefined);
export const deskHash = (meetingId?: string) => hashFor(routeById("desk"), meetingId ?? null);
/** The desk's own pages: the year (null), "portefoelje" or "personer". */
export const deskPageHash = (page: "portefoelje" | "personer" | null) => hashFor(routeById("desk"), page);
export const settingsHash = () => hashFor(routeById("settings"));
export const searchHash = (q: string) => hashFor(routeById("search"), null, q ? { q } : undefined);
