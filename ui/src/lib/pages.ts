// Every page but the overview and the first-run form is its own chunk, loaded when it is first
// shown: the first view parses, compiles and keeps only what it shows (the window's memory and
// start-up, docs/BENCHMARKS.md "Memory beside a bare window, and start-up from exec"). The desk's
// pages are only ever opened by the secretariat and the chair.
export const pages = {
  meetings: () => import("../components/MeetingsPage.svelte"),
  meeting: () => import("../components/MeetingPage.svelte"),
  minutes: () => import("../components/MinutesPage.svelte"),
  procedures: () => import("../components/ProceduresPage.svelte"),
  portfolio: () => import("../components/PortfolioPage.svelte"),
  roadmap: () => import("../components/RoadmapPage.svelte"),
  search: () => import("../components/SearchPage.svelte"),
  settings: () => import("../components/SettingsPage.svelte"),
  reader: () => import("../components/ReaderPage.svelte"),
  desk: () => import("./deskPages"),
};

/** Loads every page's chunk (tests: so that a page shows as fast as it did in one bundle). */
export function loadAllPages(): Promise<unknown[]> {
  return Promise.all(Object.values(pages).map((load) => load()));
}
