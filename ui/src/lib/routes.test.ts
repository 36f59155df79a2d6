import { describe, expect, it } from "vitest";
import { ROUTES, hashFor, routeFromHash } from "./routes";
import { da } from "./messages";
import { en } from "./messages-en";

describe("routes", () => {
  it("has the nine pages of the navigation, in order (the desk only for its roles)", () => {
    expect(ROUTES.map((r) => da[r.label])).toEqual([
      "Overblik",
      "Møder",
      "Referater",
      "Skriftlige sager",
      "Portefølje",
      "Roadmap",
      "Søg",
      "Sekretariatet",
      "Indstillinger",
    ]);
  });

  it.each([
    ["#/moeder", "meetings"],
    ["#/referater", "minutes"],
    ["#/soeg?q=MitID", "search"],
    ["#/portefoelje/MITID", "portfolio"],
    ["", "overview"],
    ["#/", "overview"],
    ["#/findes-ikke", "overview"],
  ])("maps %j to %s", (hash, id) => {
    expect(routeFromHash(hash).id).toBe(id);
  });

  it("round-trips every route through its hash", () => {
    for (const r of ROUTES) expect(routeFromHash(hashFor(r))).toBe(r);
  });

  it("has slugs that are unique and ASCII", () => {
    const slugs = ROUTES.map((r) => r.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const s of slugs) expect(s).toMatch(/^[a-z-]+$/);
  });
});

describe("messages", () => {
  it("translates every key into English", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
    for (const [key, text] of Object.entries(en)) expect(text, key).not.toBe("");
  });
});

describe("sub-pages", () => {
  it("reads the id after the slug and the query", async () => {
    const { locationFromHash, documentHash, meetingHash } = await import("./routes");
    const m = locationFromHash(meetingHash("0190-abc"));
    expect([m.route.id, m.param]).toEqual(["meetings", "0190-abc"]);
    const d = locationFromHash(documentHash("d1", 3));
    expect([d.route.id, d.param, d.query.get("side")]).toEqual(["document", "d1", "3"]);
    expect(locationFromHash("#/soeg?q=MitID").query.get("q")).toBe("MitID");
    expect(locationFromHash("#/moeder").param).toBeNull();
  });
});
