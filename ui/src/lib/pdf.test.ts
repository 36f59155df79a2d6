import { describe, expect, it } from "vitest";
import { scaleFor } from "./pdf";

describe("page scale", () => {
  it("fits an A4 page (595 pt) to its frame at zoom 1 and scales from there", () => {
    expect(scaleFor(595, 595, 1)).toBe(1);
    expect(595 * scaleFor(595, 582, 1)).toBeCloseTo(582);
    expect(595 * scaleFor(595, 582, 1.5)).toBeCloseTo(873);
    expect(595 * scaleFor(595, 582, 0.5)).toBeCloseTo(291);
  });

  it("uses a fixed scale until the frame has been measured", () => {
    expect(scaleFor(595, 0, 1)).toBe(1.25);
    expect(scaleFor(595, 0, 2)).toBe(2.5);
    expect(scaleFor(0, 582, 1)).toBe(1.25);
  });
});
