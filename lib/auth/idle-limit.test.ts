import { afterEach, describe, expect, it, vi } from "vitest";
import { registerSessionIdleLoader, sessionIdleLimit } from "./idle-limit";

afterEach(() => {
  registerSessionIdleLoader(undefined);
  vi.restoreAllMocks();
});

describe("sessionIdleLimit", () => {
  it("uses the env fallback until the server registers a loader", async () => {
    expect(await sessionIdleLimit(30)).toBe(30);
  });

  it("reads the setting on every call: a value saved on another app server applies at the next request", async () => {
    let value = 45;
    let calls = 0;
    registerSessionIdleLoader(async () => {
      calls++;
      return value;
    });
    expect(await sessionIdleLimit(30)).toBe(45);
    value = 10;
    expect(await sessionIdleLimit(30)).toBe(10);
    expect(calls).toBe(2);
  });

  it("keeps the last known value when the database cannot be read", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    let down = false;
    registerSessionIdleLoader(async () => {
      if (down) throw new Error("db down");
      return 15;
    });
    expect(await sessionIdleLimit(30)).toBe(15);
    down = true;
    expect(await sessionIdleLimit(30)).toBe(15);
  });
});
