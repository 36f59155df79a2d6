// UI strings of the portfolio's dependency graph, in Danish; messages.ts spreads them into the
// first view's table, and their English is in messages-en.ts (same rules as there).

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
