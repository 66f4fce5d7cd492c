import { describe, expect, it } from "vitest";
import { JOB_DEFINITIONS, jobDefinition } from "./definitions";
import { tickMs } from "./runner";

describe("job registry", () => {
  it("has unique names and exactly one schedule each", () => {
    expect(new Set(JOB_DEFINITIONS.map((d) => d.name)).size).toBe(JOB_DEFINITIONS.length);
    for (const d of JOB_DEFINITIONS) expect([d.everySeconds, d.cron].filter((x) => x !== undefined)).toHaveLength(1);
  });
  it("delivers notifications within seconds and cleans uploads hourly", () => {
    expect(jobDefinition("notifications.deliver")!.everySeconds).toBeLessThanOrEqual(10);
    expect(jobDefinition("uploads.cleanup")!.everySeconds).toBe(3600);
    // The reminder scan runs on a schedule too (the scan itself is tested in lib/services/reminders).
    expect(jobDefinition("reminders.scan")!.everySeconds).toBe(600);
  });
  it("offers every slot at least twice, and never less often than every 30 s", () => {
    expect(tickMs(5)).toBe(2500);
    expect(tickMs(3600)).toBe(30_000);
    expect(tickMs(0.2)).toBe(500);
  });
});
