import { describe, expect, it } from "vitest";
import { afterFailure, MAX_DELIVERY_ATTEMPTS, quietHoursEnd, retryDelayMs, RETRY_MAX_MS } from "./delivery";

const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const quiet = { start: "22:00", end: "07:00" };

describe("retry back-off", () => {
  it("doubles from one minute: 1, 2, 4, 8, 16 min", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 2, 4, 8, 16]);
  });
  it("is capped", () => {
    expect(retryDelayMs(40)).toBe(RETRY_MAX_MS);
  });
  it("gives up after the last attempt and schedules the next otherwise", () => {
    const now = at("2026-12-01T10:00:00");
    expect(afterFailure(1, now)).toEqual({ giveUp: false, nextAttemptAt: at("2026-12-01T10:01:00") });
    expect(afterFailure(3, now)).toEqual({ giveUp: false, nextAttemptAt: at("2026-12-01T10:04:00") });
    expect(afterFailure(MAX_DELIVERY_ATTEMPTS, now)).toEqual({ giveUp: true });
    expect(afterFailure(2, now, 2)).toEqual({ giveUp: true });
  });
});

describe("quiet hours (Asia/Shanghai)", () => {
  it("lets messages through in the day", () => {
    expect(quietHoursEnd(at("2026-12-01T07:00:00"), quiet)).toBeNull();
    expect(quietHoursEnd(at("2026-12-01T21:59:59"), quiet)).toBeNull();
  });
  it("defers an evening message to 07:00 the next morning", () => {
    expect(quietHoursEnd(at("2026-12-01T22:00:00"), quiet)).toEqual(at("2026-12-02T07:00:00"));
    expect(quietHoursEnd(at("2026-12-01T23:30:00"), quiet)).toEqual(at("2026-12-02T07:00:00"));
  });
  it("defers a message after midnight to 07:00 the same day", () => {
    expect(quietHoursEnd(at("2026-12-02T00:10:00"), quiet)).toEqual(at("2026-12-02T07:00:00"));
    expect(quietHoursEnd(at("2026-12-02T06:59:00"), quiet)).toEqual(at("2026-12-02T07:00:00"));
  });
  it("handles a window within one day, and none when start equals end", () => {
    const lunch = { start: "12:00", end: "13:30" };
    expect(quietHoursEnd(at("2026-12-01T12:15:00"), lunch)).toEqual(at("2026-12-01T13:30:00"));
    expect(quietHoursEnd(at("2026-12-01T13:30:00"), lunch)).toBeNull();
    expect(quietHoursEnd(at("2026-12-01T03:00:00"), { start: "00:00", end: "00:00" })).toBeNull();
  });
  it("refuses a malformed time", () => {
    expect(() => quietHoursEnd(at("2026-12-01T03:00:00"), { start: "25:00", end: "07:00" })).toThrow(RangeError);
  });
});
