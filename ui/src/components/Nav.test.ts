import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import Nav from "./Nav.svelte";
import { ROUTES, routeFromHash } from "../lib/routes";
import { setLocale } from "../lib/i18n.svelte";
import { app } from "../lib/session.svelte";

describe("Nav", () => {
  it("marks exactly the current page and links every page by its hash", () => {
    setLocale("da");
    render(Nav, { current: routeFromHash("#/moeder") });
    const links = screen.getAllByRole("link");
    expect(links.map((a) => a.textContent)).toContain("Møder");
    // A member's menu: every page but the secretariat's desk.
    expect(links).toHaveLength(ROUTES.length - 1);
    expect(links.map((a) => a.textContent)).not.toContain("Sekretariatet");
    const current = links.filter((a) => a.getAttribute("aria-current") === "page");
    expect(current.map((a) => a.getAttribute("href"))).toEqual(["#/moeder"]);
  });

  it("offers the desk to those core's matrix lets prepare meetings", () => {
    setLocale("da");
    app.acts = ["upsert_agenda_item", "approve_agenda"];
    render(Nav, { current: routeFromHash("#/sekretariat") });
    const desk = screen.getByRole("link", { name: "Sekretariatet" });
    expect(desk.getAttribute("aria-current")).toBe("page");
    expect(screen.getAllByRole("link")).toHaveLength(ROUTES.length);
    app.acts = [];
  });

  it("speaks English when the language is switched", () => {
    setLocale("en");
    render(Nav, { current: routeFromHash("") });
    expect(screen.getByRole("navigation", { name: "Main menu" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Written procedures" })).toBeTruthy();
    setLocale("da");
  });
});
