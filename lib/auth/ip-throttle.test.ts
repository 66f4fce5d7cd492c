import { describe, expect, it } from "vitest";
import { recordFailure, throttledMinutes } from "./ip-throttle";

describe("per-address login throttle", () => {
  it("lets an address fail 29 times, throttles it at the 30th for up to 15 minutes, and leaves other addresses alone", async () => {
    for (let i = 0; i < 29; i++) await recordFailure("10.0.0.1");
    expect(await throttledMinutes("10.0.0.1")).toBe(0);
    await recordFailure("10.0.0.1");
    const minutes = await throttledMinutes("10.0.0.1");
    expect(minutes).toBeGreaterThan(0);
    expect(minutes).toBeLessThanOrEqual(15);
    expect(await throttledMinutes("10.0.0.2")).toBe(0);
  });

  it("does not throttle when the address is unknown", async () => {
    await recordFailure(null);
    expect(await throttledMinutes(null)).toBe(0);
  });
});
