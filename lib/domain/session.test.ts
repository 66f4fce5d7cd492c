import { describe, expect, it } from "vitest";
import { isIdleExpired } from "./session";

describe("idle session expiry", () => {
  const now = Date.parse("2026-11-27T10:00:00Z");
  it("keeps a session used within the idle limit", () => {
    expect(isIdleExpired(now - 29 * 60_000, now, 30)).toBe(false);
    expect(isIdleExpired(now - 30 * 60_000, now, 30)).toBe(false);
  });
  it("ends a session idle for longer than the limit", () => {
    expect(isIdleExpired(now - 30 * 60_000 - 1, now, 30)).toBe(true);
  });
  it("ends a session that never recorded activity", () => {
    expect(isIdleExpired(undefined, now, 30)).toBe(true);
  });
});
