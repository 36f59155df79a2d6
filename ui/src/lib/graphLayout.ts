// The portfolio graph's layout: systems and their edges in, boxes and edge routes out, laid out
// by dagre (a layered layout; loaded on first use, so the first view's bundle does not carry it).
// Decides no rule: which systems a pick highlights comes from core (backend.impact and
// backend.dependencies); this only places what the portfolio records.
import type { SystemView } from "./types";

export type EdgeKind = "dependency" | "integration";

export interface GraphNode {
  id: string;
  /** The system's name, wrapped into lines that fit a box. */
  lines: string[];
}

export interface GraphEdge {
  /** `from` depends on `to`, or has a critical integration to it. */
  from: string;
  to: string;
  kind: EdgeKind;
}

export interface Point {
  x: number;
  y: number;
}

export interface LaidNode extends GraphNode {
  /** Top-left corner and size, in SVG user units (CSS px). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidEdge extends GraphEdge {
  /** From the border of `from`'s box to the border of `to`'s. */
  points: Point[];
}

export interface GraphLayout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

/** The box's text metrics (the SVG draws with these; jsdom cannot measure text, so estimated
 * generously for the bold 14 px name line). */
export const NODE = {
  charWidth: 8.4,
  lineHeight: 18,
  padX: 12,
  padY: 10,
  /** The status line under the name: icon and word. */
  statusHeight: 20,
  minWidth: 132,
  maxChars: 22,
} as const;

/** Words into lines of at most `max` characters (a longer word stands on its own line). */
export function wrapLabel(text: string, max: number = NODE.maxChars): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [text];
}

export function nodeSize(lines: string[]): { width: number; height: number } {
  const chars = Math.max(8, ...lines.map((l) => l.length));
  return {
    width: Math.max(NODE.minWidth, Math.ceil(chars * NODE.charWidth + 2 * NODE.padX)),
    height: NODE.padY * 2 + lines.length * NODE.lineHeight + NODE.statusHeight,
  };
}

/** The portfolio as nodes and edges: a dependency edge per `depends_on` entry, an integration
 * edge per critical integration (both kinds may join the same two systems). A code that is not
 * a system of the portfolio still gets a box, named by its code, so no recorded edge is lost. */
export function graphOf(systems: SystemView[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = systems.map((s) => ({ id: s.system.code, lines: wrapLabel(s.system.name) }));
  const all: GraphEdge[] = systems.flatMap((s) => [
    ...s.system.depends_on.map((to): GraphEdge => ({ from: s.system.code, to, kind: "dependency" })),
    ...s.system.critical_integrations.map((i): GraphEdge => ({ from: s.system.code, to: i.to, kind: "integration" })),
  ]);
  // Two integrations between the same systems (with different descriptions) are one line.
  const edges = [...new Map(all.map((e) => [edgeKey(e), e])).values()];
  const known = new Set(nodes.map((n) => n.id));
  for (const e of edges) {
    if (!known.has(e.to)) {
      known.add(e.to);
      nodes.push({ id: e.to, lines: [e.to] });
    }
  }
  return { nodes, edges };
}

export const edgeKey = (e: GraphEdge) => `${e.kind}:${e.from}>${e.to}`;

/** Lays the graph out top to bottom: a system above what it depends on, so the base registers
 * sit at the bottom. Dependency edges weigh more than integrations, so where integrations close
 * a cycle it is an integration that runs upwards, not a dependency. */
export async function layoutGraph(nodes: GraphNode[], edges: GraphEdge[]): Promise<GraphLayout> {
  const dagre = await import("@dagrejs/dagre");
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "TB", nodesep: 20, ranksep: 56, edgesep: 10, marginx: 8, marginy: 8, acyclicer: "greedy" });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, nodeSize(n.lines));
  for (const e of edges) g.setEdge(e.from, e.to, { weight: e.kind === "dependency" ? 4 : 1, minlen: 1 }, edgeKey(e));
  dagre.layout(g);

  const laidNodes: LaidNode[] = nodes.map((n) => {
    const box = g.node(n.id) as { x: number; y: number; width: number; height: number };
    return { ...n, x: box.x - box.width / 2, y: box.y - box.height / 2, width: box.width, height: box.height };
  });
  const laidEdges: LaidEdge[] = edges.map((e) => {
    const label = g.edge({ v: e.from, w: e.to, name: edgeKey(e) }) as { points?: Point[] } | undefined;
    return { ...e, points: label?.points?.map((p) => ({ x: p.x, y: p.y })) ?? [] };
  });
  const graph = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(graph.width ?? 0), height: Math.ceil(graph.height ?? 0), nodes: laidNodes, edges: laidEdges };
}

/** An SVG path through the route's points, rounded at the bends. */
export function edgePath(points: Point[]): string {
  const [first, ...rest] = points;
  if (!first) return "";
  const f = (n: number) => Math.round(n * 10) / 10;
  if (rest.length < 2) return [`M${f(first.x)},${f(first.y)}`, ...rest.map((p) => `L${f(p.x)},${f(p.y)}`)].join(" ");
  let d = `M${f(first.x)},${f(first.y)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i] as Point;
    const next = rest[i + 1] as Point;
    const mid = { x: (p.x + next.x) / 2, y: (p.y + next.y) / 2 };
    d += i === rest.length - 2 ? ` Q${f(p.x)},${f(p.y)} ${f(next.x)},${f(next.y)}` : ` Q${f(p.x)},${f(p.y)} ${f(mid.x)},${f(mid.y)}`;
  }
  return d;
}

/** A node's place in a pick, from core's two answers for the picked system. */
export type Role = "picked" | "dependsOn" | "dependent" | "both" | "dim" | "none";

export interface Highlight {
  picked: string;
  /** What the picked system depends on, transitively (core's depends_on_transitively). */
  dependsOn: string[];
  /** What depends on the picked system, transitively (core's impact_of). */
  dependents: string[];
}

export function roleOf(id: string, h: Highlight | null): Role {
  if (!h) return "none";
  if (id === h.picked) return "picked";
  const up = h.dependsOn.includes(id);
  const down = h.dependents.includes(id);
  return up && down ? "both" : up ? "dependsOn" : down ? "dependent" : "dim";
}

/** Whether an edge lies on the highlighted paths. A dependency edge does when both its ends are
 * on the same side of the pick (what depends on it, or what it depends on, the pick included);
 * an integration when both its ends are highlighted. Set membership over core's answers only. */
export function edgeOn(e: GraphEdge, h: Highlight | null): boolean {
  if (!h) return true;
  const down = (id: string) => id === h.picked || h.dependents.includes(id);
  const up = (id: string) => id === h.picked || h.dependsOn.includes(id);
  if (e.kind === "dependency") return (down(e.from) && down(e.to)) || (up(e.from) && up(e.to));
  const lit = (id: string) => down(id) || up(id);
  return lit(e.from) && lit(e.to);
}

/** The nodes in reading order (top to bottom, then left to right), for the arrow keys. */
export function readingOrder(nodes: LaidNode[]): string[] {
  const mid = (n: LaidNode) => Math.round(n.y + n.height / 2);
  return [...nodes].sort((a, b) => mid(a) - mid(b) || a.x - b.x).map((n) => n.id);
}
