// UI strings of the portfolio's dependency graph, kept in their own table so the pages' authors
// do not edit one file at once; messages.ts spreads them into the app's tables (same rules as there).

export const portfolioGraphDa = {
  "graph.heading": "Afhængighedsgraf",
  "graph.caption":
    "Porteføljens systemer med deres afhængigheder og kritiske integrationer, farvet efter driftsstatus {quarter}. De samme oplysninger står i tabellen ovenfor og under Afhængigheder nedenfor.",
  "graph.captionNoQuarter":
    "Porteføljens systemer med deres afhængigheder og kritiske integrationer, farvet efter driftsstatus. De samme oplysninger står i tabellen ovenfor og under Afhængigheder nedenfor.",
  "graph.keys": "Piletasterne flytter mellem systemerne i grafen; Enter eller mellemrum vælger et.",
  "graph.legend": "Signaturforklaring",
  "graph.legendDependency": "Afhænger af (pilen peger på det system, der afhænges af)",
  "graph.legendIntegration": "Kritisk integration",
  "graph.legendDimmed": "Nedtonet: ikke berørt af det valgte system",
  "graph.none": "Intet system er valgt. Vælg et i grafen eller tabellen for at fremhæve, hvad det afhænger af, og hvad der afhænger af det.",
  "graph.picked": "Fremhævet: {name}.",
  "graph.dependsOn": "Det afhænger af {n} system: {names}.|Det afhænger af {n} systemer: {names}.",
  "graph.dependsOnNone": "Det afhænger ikke af andre systemer.",
  "graph.dependents": "{n} system afhænger af det: {names}.|{n} systemer afhænger af det: {names}.",
  "graph.dependentsNone": "Ingen andre systemer afhænger af det.",
  "graph.failed": "Grafen kunne ikke tegnes. Tabellen og listen over afhængigheder viser det samme.",
};

export const portfolioGraphEn: Record<keyof typeof portfolioGraphDa, string> = {
  "graph.heading": "Dependency graph",
  "graph.caption":
    "The portfolio's systems with their dependencies and critical integrations, coloured by operations status {quarter}. The table above and Dependencies below give the same information.",
  "graph.captionNoQuarter":
    "The portfolio's systems with their dependencies and critical integrations, coloured by operations status. The table above and Dependencies below give the same information.",
  "graph.keys": "The arrow keys move between the systems in the graph; Enter or Space picks one.",
  "graph.legend": "Key",
  "graph.legendDependency": "Depends on (the arrow points at the system depended on)",
  "graph.legendIntegration": "Critical integration",
  "graph.legendDimmed": "Dimmed: not touched by the system picked",
  "graph.none": "No system is picked. Pick one in the graph or the table to highlight what it depends on and what depends on it.",
  "graph.picked": "Highlighted: {name}.",
  "graph.dependsOn": "It depends on {n} system: {names}.|It depends on {n} systems: {names}.",
  "graph.dependsOnNone": "It depends on no other system.",
  "graph.dependents": "{n} system depends on it: {names}.|{n} systems depend on it: {names}.",
  "graph.dependentsNone": "No other system depends on it.",
  "graph.failed": "The graph could not be drawn. The table and the list of dependencies show the same.",
};
