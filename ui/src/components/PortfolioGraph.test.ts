// The portfolio's dependency graph, drawn with the real layout library (dagre runs in jsdom: it
// needs no text measuring, the boxes are sized from their labels).
import { describe, expect, it, vi } from "vitest";
import axe from "axe-core";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import PortfolioGraph from "./PortfolioGraph.svelte";
import PortfolioPage from "./PortfolioPage.svelte";
import { app } from "../lib/session.svelte";
import { DEMO, PORTFOLIO, STATUS, mockBackend } from "../test/fixtures";
import type { SystemView } from "../lib/types";

const LIGHTS = { MITID: "yellow", CPR: "green", "NEMLOG-IN": null } as const;

const nodes = (container: HTMLElement) => [...container.querySelectorAll<SVGGElement>("g.node")];
const node = (container: HTMLElement, code: string) => {
  const n = container.querySelector<SVGGElement>(`g.node[data-system="${code}"]`);
  if (!n) throw new Error(`no node ${code}`);
  return n;
};
/** The systems a pick lights up: the pick itself and core's two answers. */
const lit = (container: HTMLElement) =>
  new Set(nodes(container).filter((n) => !["dim", "none"].includes(n.dataset.role ?? "")).map((n) => n.dataset.system));

async function drawn(props: Partial<Parameters<typeof renderGraph>[0]> = {}) {
  const r = renderGraph(props);
  await waitFor(() => expect(nodes(r.container)).toHaveLength(3));
  return r;
}

function renderGraph(props: { systems?: SystemView[]; selected?: string | null; highlight?: { picked: string; dependsOn: string[]; dependents: string[] } | null; onpick?: (c: string) => void } = {}) {
  const onpick = props.onpick ?? vi.fn();
  const r = render(PortfolioGraph, {
    props: { systems: props.systems ?? PORTFOLIO, lights: { ...LIGHTS }, quarter: "4. kvartal 2025", selected: props.selected ?? null, highlight: props.highlight ?? null, onpick },
  });
  return { ...r, onpick };
}

describe("portfolio graph", () => {
  it("draws each system with its status as a word and a shape, not colour alone", async () => {
    const { container } = await drawn();
    expect(nodes(container).map((n) => n.dataset.system).sort()).toEqual(["CPR", "MITID", "NEMLOG-IN"]);
    const words = Object.fromEntries(nodes(container).map((n) => [n.dataset.system, n.querySelector("text.status")?.textContent]));
    expect(words).toEqual({ MITID: "Gul", CPR: "Grøn", "NEMLOG-IN": "Mangler" });
    // Each status has its own shape (circle, triangle, square, dashed circle), and the node's
    // name for assistive technology says the status too.
    const shape = (code: string) => node(container, code).querySelector(".icon")?.tagName;
    expect([shape("CPR"), shape("MITID")]).toEqual(["circle", "path"]);
    expect(node(container, "NEMLOG-IN").querySelector(".icon")?.getAttribute("class")).toContain("missing");
    // Named by what it shows (name and status word), so speech and sight agree.
    expect(node(container, "MITID").getAttribute("aria-label")).toBeNull();
    expect(node(container, "MITID").textContent?.replace(/\s+/g, "")).toBe("MitIDGul");
    expect(screen.getByRole("list", { name: "Signaturforklaring" }).textContent).toContain("Kritisk integration");
  });

  it("draws dependencies and critical integrations as distinct edges", async () => {
    const { container } = await drawn();
    const edges = [...container.querySelectorAll<SVGPathElement>("path.edge")];
    expect(edges.map((e) => `${e.dataset.edge}:${e.dataset.from}>${e.dataset.to}`).sort()).toEqual([
      "dependency:MITID>CPR",
      "dependency:NEMLOG-IN>MITID",
      "integration:MITID>CPR",
    ]);
    const dep = edges.find((e) => e.dataset.edge === "dependency") as SVGPathElement;
    const int = edges.find((e) => e.dataset.edge === "integration") as SVGPathElement;
    expect(dep.getAttribute("marker-end")).toBe("url(#pg-arrow-on)");
    expect(int.getAttribute("marker-end")).toBe("url(#pg-dot-on)");
    expect(dep.getAttribute("class")).not.toBe(int.getAttribute("class"));
    // Both kinds between MITID and CPR are drawn, on routes of their own.
    const mitidCpr = edges.filter((e) => e.dataset.from === "MITID" && e.dataset.to === "CPR");
    expect(new Set(mitidCpr.map((e) => e.getAttribute("d"))).size).toBe(2);
    for (const e of edges) expect(e.getAttribute("d")).toMatch(/^M[\d.]+,[\d.]+ /);
  });

  it("highlights exactly the pick and core's answers, dims the rest and says so", async () => {
    // Core's answer, deliberately not what the edges alone would give: the UI must not compute it.
    const { container } = await drawn({ selected: "CPR", highlight: { picked: "CPR", dependsOn: [], dependents: ["MITID"] } });
    expect(lit(container)).toEqual(new Set(["CPR", "MITID"]));
    expect(node(container, "NEMLOG-IN").dataset.role).toBe("dim");
    expect(node(container, "CPR").getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByTestId("graph-said").textContent).toBe("Fremhævet: CPR. Det afhænger ikke af andre systemer. 1 system afhænger af det: MitID.");
    const on = [...container.querySelectorAll<SVGPathElement>("path.edge")].filter((e) => e.dataset.on === "true");
    expect(on.map((e) => `${e.dataset.edge}:${e.dataset.from}>${e.dataset.to}`).sort()).toEqual(["dependency:MITID>CPR", "integration:MITID>CPR"]);
    expect(container.querySelector("path.edge[data-from='NEMLOG-IN']")?.getAttribute("marker-end")).toBe("url(#pg-arrow-off)");
  });

  it("shows no stale highlight: an answer for another system lights nothing", async () => {
    const { container } = await drawn({ selected: "MITID", highlight: { picked: "CPR", dependsOn: [], dependents: ["MITID"] } });
    expect(lit(container)).toEqual(new Set());
    expect(nodes(container).every((n) => n.dataset.role === "none")).toBe(true);
    expect(screen.getByTestId("graph-said").textContent).toBe("Fremhævet: MitID.");
  });

  it("is one tab stop; the arrow keys move between systems and Enter or Space picks", async () => {
    const { container, onpick } = await drawn();
    const stops = nodes(container).filter((n) => n.getAttribute("tabindex") === "0");
    expect(stops).toHaveLength(1);
    const first = stops[0] as SVGGElement;
    first.focus();
    await fireEvent.keyDown(first, { key: "ArrowDown" });
    const second = document.activeElement as SVGGElement;
    expect(second).not.toBe(first);
    expect(second.dataset.system).toBeTruthy();
    expect(second.getAttribute("tabindex")).toBe("0");
    expect(first.getAttribute("tabindex")).toBe("-1");
    await fireEvent.keyDown(second, { key: "Enter" });
    await fireEvent.keyDown(second, { key: " " });
    expect(onpick).toHaveBeenCalledTimes(2);
    expect(onpick).toHaveBeenLastCalledWith(second.dataset.system);
    await fireEvent.keyDown(second, { key: "Home" });
    expect(document.activeElement).toBe(first);
    await fireEvent.click(node(container, "CPR"));
    expect(onpick).toHaveBeenLastCalledWith("CPR");
  });
});

describe("portfolio page with the graph", () => {
  it("a pick in the graph selects the system; its highlight is exactly core's two answers", async () => {
    app.session = DEMO;
    // Core's answers for CPR, deliberately narrower than the fixture's edges would give (MITID
    // and NEMLOG-IN both depend on CPR there): the graph must show core's set, not its own.
    const { calls } = mockBackend({
      portfolio: PORTFOLIO,
      status: STATUS,
      impact: (a: Record<string, unknown>) => (a.system === "CPR" ? ["MITID"] : []),
      dependencies: (a: Record<string, unknown>) => (a.system === "MITID" ? ["CPR"] : []),
    });
    const { container, rerender } = render(PortfolioPage, { props: { selected: null } });
    await waitFor(() => expect(nodes(container)).toHaveLength(3));
    expect(screen.getByTestId("graph-said").textContent).toContain("Intet system er valgt");

    await fireEvent.click(node(container, "CPR"));
    expect(location.hash).toBe("#/portefoelje/CPR");

    // The app passes the address's system down as `selected` (App.svelte's router).
    await rerender({ selected: "CPR" });
    await waitFor(() => expect(lit(container)).toEqual(new Set(["CPR", "MITID"])));
    expect(calls.filter((c) => c.cmd === "impact" || c.cmd === "dependencies")).toEqual([
      { cmd: "impact", args: { system: "CPR" } },
      { cmd: "dependencies", args: { system: "CPR" } },
    ]);
    expect(node(container, "NEMLOG-IN").dataset.role).toBe("dim");
    // The graph is coloured by the quarter the page shows.
    expect(node(container, "MITID").dataset.light).toBe("yellow");
    expect(node(container, "NEMLOG-IN").dataset.light).toBe("missing");

    await rerender({ selected: "MITID" });
    await waitFor(() => expect(lit(container)).toEqual(new Set(["MITID", "CPR"])));
    expect(node(container, "CPR").dataset.role).toBe("dependsOn");
    // The list stays the text alternative beside the graph.
    expect(screen.getByTestId("dependencies").textContent).toContain("Afhængigheder for MitID");
  });

  it("has no axe findings once drawn and a system is picked, moderate ones included", async () => {
    app.session = DEMO;
    mockBackend({ portfolio: PORTFOLIO, status: STATUS, impact: ["NEMLOG-IN"], dependencies: ["CPR"] });
    const { container } = render(PortfolioPage, { props: { selected: "MITID" } });
    await waitFor(() => expect(lit(container)).toEqual(new Set(["MITID", "CPR", "NEMLOG-IN"])));
    // jsdom cannot compute contrast; the graph's colours are chosen in its stylesheet (≥ 4.5:1
    // text, ≥ 3:1 borders and lines) and checked in the real window.
    const result = await axe.run(container.querySelector("[data-testid=portfolio-graph]") as HTMLElement, { rules: { "color-contrast": { enabled: false } } });
    expect(result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
  });
});
