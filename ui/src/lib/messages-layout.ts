// UI strings of the app's layout at any width (the folding menu, the scrolling regions of wide
// tables and the roadmap's timeline), in Danish; messages.ts spreads them into the first view's
// table, and their English is in messages-en.ts (same rules as there).

export const layoutDa = {
  "app.menu": "Menu",
  "layout.table": "Tabel: {name}",
  "roadmap.timelineRegion": "Tidslinje pr. system og kvartal",
  "roadmap.byQuarter": "Roadmap pr. kvartal",
  "roadmap.quarterEmpty": "Intet planlagt.",
};
