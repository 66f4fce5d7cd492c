import { describe, expect, it } from "vitest";
import { contrastRatio, readableOnWhite } from "./contrast";

describe("contrast", () => {
  it("measures the WCAG ratio", () => {
    expect(contrastRatio("#000", "#fff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // Tailwind green-600 on white, as axe measured it on the 紧急程度 badge.
    expect(contrastRatio("#16a34a", "#ffffff")).toBeCloseTo(3.3, 1);
    expect(contrastRatio("red", "#fff")).toBeNull();
  });

  it("keeps a colour that already reads and darkens one that does not, just enough", () => {
    expect(readableOnWhite("#1e40af")).toBe("#1e40af");
    for (const color of ["#16a34a", "#d97706", "#dc2626", "#facc15", "#ffffff"]) {
      const text = readableOnWhite(color);
      expect(contrastRatio(text, "#fff"), color).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(text, "#fff"), color).toBeLessThan(5.2);
    }
    expect(readableOnWhite("not a colour")).toBe("#334155");
  });
});
