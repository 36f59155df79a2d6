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
