import { describe, expect, it } from "vitest";
import { edgeOn, edgePath, graphOf, layoutGraph, nodeSize, readingOrder, roleOf, wrapLabel, type Highlight, type LaidNode } from "./graphLayout";
import { PORTFOLIO } from "../test/fixtures";
import type { SystemView } from "./types";

const system = (code: string, depends_on: string[], integrations: string[] = []): SystemView => ({
  system: {
    code,
    name: code,
    owner: "DIGST",
    description: "",
    criticality: "high",
    depends_on,
    critical_integrations: integrations.map((to) => ({ to, description: `til ${to}` })),
  },
  latest_status: null,
});

// CPR <- MITID <- NEMLOG-IN <- DIGITAL-POST, CVR <- NEMLOG-IN; integrations that run both ways
// between MITID and NEMLOG-IN (as in the demo portfolio), so the graph has a cycle.
const PORTFOLIO_CYCLE: SystemView[] = [
  system("CPR", []),
  system("CVR", []),
  system("MITID", ["CPR"], ["NEMLOG-IN"]),
  system("NEMLOG-IN", ["MITID", "CVR"], ["MITID"]),
  system("DIGITAL-POST", ["NEMLOG-IN", "CPR"], ["CPR"]),
];

describe("wrapLabel", () => {
  it("keeps short names on one line and breaks long ones between words", () => {
    expect(wrapLabel("MitID")).toEqual(["MitID"]);
    expect(wrapLabel("CPR (Det Centrale Personregister)")).toEqual(["CPR (Det Centrale", "Personregister)"]);
    expect(wrapLabel("Udbetaling Danmarks ydelsessystemer")).toEqual(["Udbetaling Danmarks", "ydelsessystemer"]);
  });

  it("never cuts a word", () => {
    expect(wrapLabel("Superlangtsystemnavnudenmellemrum")).toEqual(["Superlangtsystemnavnudenmellemrum"]);
  });

  it("sizes a box to its longest line and its line count", () => {
    const one = nodeSize(["MitID"]);
    const two = nodeSize(["CPR (Det Centrale", "Personregister)"]);
    expect(two.height).toBeGreaterThan(one.height);
    expect(nodeSize(["Superlangtsystemnavnudenmellemrum"]).width).toBeGreaterThan(two.width);
  });
});

describe("graphOf", () => {
  it("draws a dependency edge per depends_on and an integration edge per critical integration", () => {
    const { nodes, edges } = graphOf(PORTFOLIO);
    expect(nodes.map((n) => n.id)).toEqual(["MITID", "CPR", "NEMLOG-IN"]);
    expect(edges).toEqual([
      { from: "MITID", to: "CPR", kind: "dependency" },
      { from: "MITID", to: "CPR", kind: "integration" },
      { from: "NEMLOG-IN", to: "MITID", kind: "dependency" },
    ]);
  });

  it("gives a box to a code outside the portfolio, so no recorded edge is lost", () => {
    const { nodes, edges } = graphOf([system("A", ["B"], ["B", "B"])]);
    expect(nodes.map((n) => n.id)).toEqual(["A", "B"]);
    expect(edges).toHaveLength(2);
  });
});

describe("layoutGraph (dagre)", () => {
  it("places every system in a box of its own inside the drawing", async () => {
    const { nodes, edges } = graphOf(PORTFOLIO_CYCLE);
    const layout = await layoutGraph(nodes, edges);
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(["CPR", "CVR", "DIGITAL-POST", "MITID", "NEMLOG-IN"]);
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
    }
    const overlap = (a: LaidNode, b: LaidNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (const a of layout.nodes) for (const b of layout.nodes) if (a !== b) expect(overlap(a, b), `${a.id} overlaps ${b.id}`).toBe(false);
  });

  it("puts a system above what it depends on, even where integrations close a cycle", async () => {
    const { nodes, edges } = graphOf(PORTFOLIO_CYCLE);
    const layout = await layoutGraph(nodes, edges);
    const box = (id: string) => layout.nodes.find((n) => n.id === id) as LaidNode;
    for (const e of layout.edges.filter((e) => e.kind === "dependency")) {
      expect(box(e.from).y + box(e.from).height, `${e.from} above ${e.to}`).toBeLessThan(box(e.to).y);
    }
  });

  it("routes every edge, and a dependency and an integration between the same systems apart", async () => {
    const { nodes, edges } = graphOf(PORTFOLIO);
    const layout = await layoutGraph(nodes, edges);
    for (const e of layout.edges) expect(e.points.length, `${e.kind} ${e.from}>${e.to}`).toBeGreaterThanOrEqual(2);
    const [dep, int] = ["dependency", "integration"].map((k) => layout.edges.find((e) => e.kind === k && e.from === "MITID" && e.to === "CPR"));
    expect(edgePath(dep?.points ?? [])).not.toEqual(edgePath(int?.points ?? []));
  });
});

describe("edgePath", () => {
  it("is a straight line for two points and rounds its bends for more", () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 20 }])).toBe("M0,0 L10,20");
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 0 }])).toBe("M0,0 Q10,10 20,0");
    expect(edgePath([])).toBe("");
  });
});

describe("a pick's highlight (from core's two answers)", () => {
  const h: Highlight = { picked: "MITID", dependsOn: ["CPR"], dependents: ["NEMLOG-IN", "DIGITAL-POST"] };

  it("gives each system its role, and none without a pick", () => {
    expect(["MITID", "CPR", "NEMLOG-IN", "DIGITAL-POST", "CVR"].map((id) => roleOf(id, h))).toEqual(["picked", "dependsOn", "dependent", "dependent", "dim"]);
    expect(roleOf("A", { picked: "B", dependsOn: ["A"], dependents: ["A"] })).toBe("both");
    expect(roleOf("CPR", null)).toBe("none");
  });

  it("lights the edges on the paths through the pick and no others", () => {
    const on = graphOf(PORTFOLIO_CYCLE).edges.filter((e) => edgeOn(e, h)).map((e) => `${e.kind}:${e.from}>${e.to}`);
    expect(on.sort()).toEqual([
      "dependency:DIGITAL-POST>NEMLOG-IN",
      "dependency:MITID>CPR",
      "dependency:NEMLOG-IN>MITID",
      "integration:DIGITAL-POST>CPR",
      "integration:MITID>NEMLOG-IN",
      "integration:NEMLOG-IN>MITID",
    ]);
    // DIGITAL-POST -> CPR joins two lit systems but not through MITID: a dependency stays dim.
    expect(edgeOn({ from: "DIGITAL-POST", to: "CPR", kind: "dependency" }, h)).toBe(false);
  });

  it("reads the boxes top to bottom, then left to right", () => {
    const n = (id: string, x: number, y: number, height = 40): LaidNode => ({ id, lines: [id], x, y, width: 100, height });
    expect(readingOrder([n("C", 0, 100), n("B", 200, 0), n("A", 0, 9, 22)])).toEqual(["A", "B", "C"]);
  });
});
