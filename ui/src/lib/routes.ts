// The app's top-level pages, in navigation order. The hash in the address (#/moeder) is the
// source of truth, so back/forward and keyboard navigation behave as users expect.
import type { MessageKey } from "./messages";

export interface Route {
  readonly id: string;
  readonly slug: string;
  readonly label: MessageKey;
  readonly lead: MessageKey;
}

export const ROUTES: readonly Route[] = [
  { id: "overview", slug: "overblik", label: "nav.overview", lead: "page.overview.lead" },
  { id: "meetings", slug: "moeder", label: "nav.meetings", lead: "page.meetings.lead" },
  { id: "minutes", slug: "referater", label: "nav.minutes", lead: "page.minutes.lead" },
  { id: "written", slug: "skriftlige-sager", label: "nav.written", lead: "page.written.lead" },
  { id: "portfolio", slug: "portefoelje", label: "nav.portfolio", lead: "page.portfolio.lead" },
  { id: "roadmap", slug: "roadmap", label: "nav.roadmap", lead: "page.roadmap.lead" },
  { id: "search", slug: "soeg", label: "nav.search", lead: "page.search.lead" },
  { id: "settings", slug: "indstillinger", label: "nav.settings", lead: "page.settings.lead" },
];

const FALLBACK = ROUTES[0] as Route;

/** The route for a location hash such as "#/moeder"; unknown or empty hashes go to Overblik. */
export function routeFromHash(hash: string): Route {
  const slug = hash.replace(/^#\/?/, "").split(/[/?]/)[0] ?? "";
  return ROUTES.find((r) => r.slug === slug) ?? FALLBACK;
}

export function hashFor(route: Route): string {
  return `#/${route.slug}`;
}
