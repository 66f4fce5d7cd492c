import { describe, expect, it } from "vitest";
import { FONT_SIZE_PERCENT, parseFontSize } from "./font-size";

describe("parseFontSize", () => {
  it("accepts the three sizes and falls back to 标准 for anything else", () => {
    expect(parseFontSize("large")).toBe("large");
    expect(parseFontSize("xlarge")).toBe("xlarge");
    expect(parseFontSize("standard")).toBe("standard");
    for (const bad of [undefined, null, "", "huge", "LARGE", "constructor"]) expect(parseFontSize(bad)).toBe("standard");
  });

  it("grows in steps to the largest at 137.5 % (22 px on a 16 px browser)", () => {
    expect(FONT_SIZE_PERCENT.standard).toBeLessThan(FONT_SIZE_PERCENT.large);
    expect((16 * FONT_SIZE_PERCENT.xlarge) / 100).toBe(22);
  });
});
