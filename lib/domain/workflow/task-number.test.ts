import { describe, expect, it } from "vitest";
import { formatTaskNo, isValidTaskNoPattern, taskNoYear } from "./task-number";

describe("task number", () => {
  it("fills year and sequence into the office's pattern", () => {
    expect(formatTaskNo("渝中督〔{year}〕{seq}号", 2026, 12)).toBe("渝中督〔2026〕12号");
    expect(formatTaskNo("DC-{year}-{seq:4}", 2026, 7)).toBe("DC-2026-0007");
  });

  it("falls back to the default for a pattern without a sequence (every number would repeat)", () => {
    expect(isValidTaskNoPattern("渝中督〔{year}〕号")).toBe(false);
    expect(formatTaskNo("渝中督〔{year}〕号", 2026, 3)).toBe("渝中督〔2026〕3号");
  });

  it("refuses a pattern without the year: the per-year counter would repeat last year's numbers", () => {
    expect(isValidTaskNoPattern("渝中督{seq}号")).toBe(false);
    expect(isValidTaskNoPattern("渝中督{seq:3}号")).toBe(false);
    expect(isValidTaskNoPattern("渝中督〔{year}〕{seq:3}号")).toBe(true);
    // A stored pattern from before this rule falls back to the default instead of colliding.
    expect(formatTaskNo("渝中督{seq}号", 2027, 1)).toBe("渝中督〔2027〕1号");
  });

  it("counts the year in Asia/Shanghai", () => {
    expect(taskNoYear(new Date("2026-12-31T16:30:00Z"))).toBe(2027);
    expect(taskNoYear(new Date("2026-12-31T15:30:00Z"))).toBe(2026);
  });
});
