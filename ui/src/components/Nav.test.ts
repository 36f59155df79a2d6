import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/svelte";
import Nav from "./Nav.svelte";
import { ROUTES, routeFromHash } from "../lib/routes";
import { setLocale } from "../lib/i18n.svelte";

describe("Nav", () => {
  it("marks exactly the current page and links every page by its hash", () => {
    setLocale("da");
    render(Nav, { current: routeFromHash("#/moeder") });
    const links = screen.getAllByRole("link");
    expect(links.map((a) => a.textContent)).toContain("Møder");
    expect(links).toHaveLength(ROUTES.length);
    const current = links.filter((a) => a.getAttribute("aria-current") === "page");
    expect(current.map((a) => a.getAttribute("href"))).toEqual(["#/moeder"]);
  });

  it("speaks English when the language is switched", () => {
    setLocale("en");
    render(Nav, { current: routeFromHash("") });
    expect(screen.getByRole("navigation", { name: "Main menu" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Written procedures" })).toBeTruthy();
    setLocale("da");
  });
});
