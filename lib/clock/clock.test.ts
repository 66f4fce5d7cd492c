import { afterEach, describe, expect, it } from "vitest";
import { advanceClock, now, resetClock, setClock } from "./index";

describe("clock", () => {
  afterEach(() => resetClock());

  it("follows the machine clock unless set", () => {
    const before = Date.now();
    const t = now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it("can be fixed, advanced and reset", () => {
    setClock("2026-12-04T08:00:00+08:00");
    expect(now().toISOString()).toBe("2026-12-04T00:00:00.000Z");
    advanceClock(3_600_000);
    expect(now().toISOString()).toBe("2026-12-04T01:00:00.000Z");
    resetClock();
    expect(Math.abs(now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it("hands out copies, so a caller cannot move the clock by mutating a Date", () => {
    setClock("2026-01-01T00:00:00Z");
    now().setFullYear(1999);
    expect(now().toISOString()).toBe("2026-01-01T00:00:00.000Z");
  });

  it("refuses a time that is not one", () => {
    expect(() => setClock("not a time")).toThrow(RangeError);
  });
});
