import { describe, expect, it } from "vitest";
import { kindAndStatus, placeText } from "./labels";
import { setLocale } from "./i18n.svelte";

describe("meeting labels", () => {
  it("says how a meeting is held once, not twice", () => {
    setLocale("da");
    expect(placeText({ location: "Online (Microsoft Teams)", attendance: "online" })).toBe("Online (Microsoft Teams)");
    expect(placeText({ location: "Landgreven 4", attendance: "hybrid" })).toBe("Landgreven 4 (hybrid)");
    expect(placeText({ location: "Landgreven 4", attendance: "in_person" })).toBe("Landgreven 4");
  });

  it("joins the kind and the status as one sentence, without a stray capital", () => {
    setLocale("da");
    expect(kindAndStatus({ kind: "ordinary", status: "published" })).toBe("Ordinært, dagsorden udsendt");
    setLocale("en");
    expect(kindAndStatus({ kind: "extra", status: "published" })).toMatch(/^Extra\w*, [a-z]/);
    setLocale("da");
  });
});

describe("organisation labels", () => {
  it("names an organisation by its short name, its code until the list is there", async () => {
    const { orgLabel } = await import("./labels");
    expect(orgLabel([{ code: "ATP", name: "ATP", short_name: "Udbetaling Danmark/ATP" }], "ATP")).toBe("Udbetaling Danmark/ATP");
    expect(orgLabel([], "KL")).toBe("KL");
  });
});
