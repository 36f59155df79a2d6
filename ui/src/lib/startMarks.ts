// The page's moments on the way to its first view, sent with `report_interactive` so that the
// app prints them beside its own (STYREBORD_START_MARKS; docs/BENCHMARKS.md, "start-up from
// exec"). Times are ms since the Unix epoch, the clock the Rust side converts from.
const marks: [string, number][] = [];

const now = () => performance.timeOrigin + performance.now();

export function startMark(name: string): void {
  if (marks.length < 32) marks.push([name, now()]);
}

/** The marks so far, with the navigation's own timing first (the page's request, its HTML, the DOM). */
export function startMarks(): [string, number][] {
  const out: [string, number][] = [["navigation started", performance.timeOrigin]];
  const nav = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
  if (nav) {
    out.push(["index.html received", performance.timeOrigin + nav.responseEnd]);
    out.push(["DOM interactive", performance.timeOrigin + nav.domInteractive]);
  }
  for (const r of performance.getEntriesByType?.("resource") ?? []) {
    if (/\/assets\/index-[^/]*\.js$/.test(r.name)) out.push(["first chunk received", performance.timeOrigin + (r as PerformanceResourceTiming).responseEnd]);
  }
  return [...out, ...marks];
}
