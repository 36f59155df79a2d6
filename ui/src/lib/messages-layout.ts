// UI strings of the app's layout at any width (the folding menu, the scrolling regions of wide
// tables and the roadmap's timeline), kept in their own table so the pages' authors do not edit
// one file at once; messages.ts spreads them into the app's tables (same rules as there).

export const layoutDa = {
  "app.menu": "Menu",
  "layout.table": "Tabel: {name}",
  "roadmap.timelineRegion": "Tidslinje pr. system og kvartal",
  "roadmap.byQuarter": "Roadmap pr. kvartal",
  "roadmap.quarterEmpty": "Intet planlagt.",
};

export const layoutEn: Record<keyof typeof layoutDa, string> = {
  "app.menu": "Menu",
  "layout.table": "Table: {name}",
  "roadmap.timelineRegion": "Timeline by system and quarter",
  "roadmap.byQuarter": "Roadmap by quarter",
  "roadmap.quarterEmpty": "Nothing planned.",
};
