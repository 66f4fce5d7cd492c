import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { loginThrottle, unknownUserLockouts } from "@/db/schema";
import { recordFailure, throttledMinutes } from "@/lib/auth/ip-throttle";
import { authenticate } from "./authenticate";
import { purgeLoginGuards } from "./purge-login-guards";

/**
 * The per-address throttle and the unknown-username lockout live in the database (not in one app server's
 * memory): what one server counts, every other reads. Concurrent failures are all counted (one atomic
 * upsert / a row lock), and the hourly job purges what no longer counts.
 */
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());

const policy = { maxFailures: 5, lockMinutes: 15 };
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

describe("per-address login throttle", () => {
  it("lets an address fail 29 times, throttles it at the 30th for up to 15 minutes, and leaves other addresses alone", async () => {
    const t0 = new Date();
    for (let i = 0; i < 29; i++) await recordFailure("10.0.0.1", t0);
    expect(await throttledMinutes("10.0.0.1", t0)).toBe(0);
    await recordFailure("10.0.0.1", t0);
    expect(await throttledMinutes("10.0.0.1", t0)).toBe(15);
    expect(await throttledMinutes("10.0.0.1", at(t0, 10))).toBe(5);
    expect(await throttledMinutes("10.0.0.2", t0)).toBe(0);
    // The count is a row every app server reads, not memory of this process.
    const [row] = await getDb().select().from(loginThrottle).where(eq(loginThrottle.address, "10.0.0.1"));
    expect(row!.failures).toBe(30);
  });

  it("ends the throttle with the window: the next failure opens a new window at 1", async () => {
    const t0 = new Date();
    for (let i = 0; i < 30; i++) await recordFailure("10.0.1.1", t0);
    expect(await throttledMinutes("10.0.1.1", at(t0, 14.9))).toBe(1);
    expect(await throttledMinutes("10.0.1.1", at(t0, 15))).toBe(0);
    await recordFailure("10.0.1.1", at(t0, 16));
    const [row] = await getDb().select().from(loginThrottle).where(eq(loginThrottle.address, "10.0.1.1"));
    expect(row).toMatchObject({ failures: 1, windowEndsAt: at(t0, 31) });
  });

  it("counts every one of concurrent failures (as from several app servers at once)", async () => {
    const t0 = new Date();
    await Promise.all(Array.from({ length: 40 }, () => recordFailure("10.0.2.1", t0)));
    const [row] = await getDb().select().from(loginThrottle).where(eq(loginThrottle.address, "10.0.2.1"));
    expect(row!.failures).toBe(40);
    expect(await throttledMinutes("10.0.2.1", t0)).toBe(15);
  });

  it("does not throttle when the address is unknown", async () => {
    await recordFailure(null);
    expect(await throttledMinutes(null)).toBe(0);
  });
});

describe("unknown-username lockout", () => {
  it("counts concurrent guesses at one made-up name one after the other and locks at the fifth, case-insensitively", async () => {
    const t0 = new Date();
    const names = ["Ghost_User", "ghost_user", "GHOST_USER", "ghost_USER", "ghost_user"];
    const results = await Promise.all(names.map((username) => authenticate({ username, password: "wrong", ip: "10.0.3.1" }, policy, t0)));
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(1);
    const [row] = await getDb().select().from(unknownUserLockouts).where(eq(unknownUserLockouts.username, "ghost_user"));
    expect(row).toMatchObject({ failedLoginCount: 5, lockedUntil: at(t0, 15) });
    // While locked the count stands still, as for a locked account.
    expect(await authenticate({ username: "ghost_user", password: "x" }, policy, at(t0, 1))).toEqual({ ok: false, reason: "locked", minutesLeft: 14 });
    const [after] = await getDb().select().from(unknownUserLockouts).where(eq(unknownUserLockouts.username, "ghost_user"));
    expect(after!.failedLoginCount).toBe(5);
  });
});

describe("logins.purge", () => {
  it("deletes ended throttle windows and week-old unlocked counters of unknown names, and keeps what still counts", async () => {
    const t0 = new Date();
    // Rows of the tests above would be counted too.
    await getDb().execute(sql`truncate login_throttle, unknown_user_lockouts`);
    await recordFailure("10.0.4.1", at(t0, -20)); // window ended 5 minutes ago
    await recordFailure("10.0.4.2", at(t0, -5)); // window still open
    await getDb().insert(unknownUserLockouts).values([
      { username: "old_partial", failedLoginCount: 3, lockedUntil: null, lastFailedAt: at(t0, -8 * 24 * 60) },
      { username: "old_but_locked", failedLoginCount: 5, lockedUntil: at(t0, 10), lastFailedAt: at(t0, -8 * 24 * 60) },
      { username: "recent_partial", failedLoginCount: 2, lockedUntil: null, lastFailedAt: at(t0, -6 * 24 * 60) },
    ]);
    expect(await purgeLoginGuards(t0)).toEqual({ throttle: 1, unknownUsers: 1 });
    expect((await getDb().select({ a: loginThrottle.address }).from(loginThrottle)).map((r) => r.a)).toEqual(["10.0.4.2"]);
    expect((await getDb().select({ u: unknownUserLockouts.username }).from(unknownUserLockouts)).map((r) => r.u).sort()).toEqual(["old_but_locked", "recent_partial"]);
  });
});
