import { afterEach, describe, expect, it } from "vitest";
import { forgetSessionIdleLimit, registerSessionIdleLoader, sessionIdleLimit } from "./idle-limit";

afterEach(() => {
  forgetSessionIdleLimit();
  registerSessionIdleLoader(undefined as unknown as () => Promise<number>);
});

describe("sessionIdleLimit", () => {
  it("uses the env fallback until the server registers a loader", async () => {
    expect(await sessionIdleLimit(30)).toBe(30);
  });

  it("caches the setting for a minute, then reads it again", async () => {
    let value = 45;
    let calls = 0;
    registerSessionIdleLoader(async () => {
      calls++;
      return value;
    });
    expect(await sessionIdleLimit(30, 1_000)).toBe(45);
    value = 10;
    expect(await sessionIdleLimit(30, 50_000)).toBe(45);
    expect(await sessionIdleLimit(30, 62_000)).toBe(10);
    expect(calls).toBe(2);
  });

  it("a save drops the cache at once", async () => {
    let value = 45;
    registerSessionIdleLoader(async () => value);
    expect(await sessionIdleLimit(30, 1_000)).toBe(45);
    value = 20;
    forgetSessionIdleLimit();
    expect(await sessionIdleLimit(30, 2_000)).toBe(20);
  });

  it("keeps the last known value when the database cannot be read", async () => {
    registerSessionIdleLoader(async () => 15);
    expect(await sessionIdleLimit(30, 1_000)).toBe(15);
    registerSessionIdleLoader(async () => {
      throw new Error("db down");
    });
    expect(await sessionIdleLimit(30, 100_000)).toBe(15);
  });
});
