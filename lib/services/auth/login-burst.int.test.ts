import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openPostgres, setDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { useTestDatabase } from "@/test/test-db";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { authenticate } from "./authenticate";

/**
 * The 9 a.m. login burst (issue 12): no login may wait on another's password hashing while that one holds a
 * database connection, a transaction or a row lock. The proof: every verification is held at a gate until ALL
 * the logins are inside their verification at the same time. On the server the logins share a pool of 2
 * connections; on PGlite one connection, whose transactions run one at a time. Had a login verified inside
 * its transaction (as it once did, under SELECT … FOR UPDATE), at most 2 (server) or 1 (PGlite) could reach
 * the gate and the test would time out there.
 */
const gate = vi.hoisted(() => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { inside: 0, peak: 0, opened, open, onEnter: () => {} };
});
vi.mock("@/lib/auth/password", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/auth/password")>();
  return {
    ...original,
    verifyPassword: async (hash: string | null, password: string) => {
      gate.inside++;
      gate.peak = Math.max(gate.peak, gate.inside);
      gate.onEnter();
      await gate.opened;
      try {
        return await original.verifyPassword(hash, password);
      } finally {
        gate.inside--;
      }
    },
  };
});

let cleanup: () => Promise<void>;
let small: DatabaseHandle | undefined;
beforeAll(async () => {
  const test = await useTestDatabase();
  cleanup = test.cleanup;
  if (test.url) {
    // The services now run on a pool of two connections (the test database's own handle stays open for cleanup).
    small = openPostgres(test.url, { max: 2 });
    setDatabaseHandle(small);
  }
});
afterAll(async () => {
  await small?.close();
  await cleanup();
});

const policy = { maxFailures: 5, lockMinutes: 15 };

describe("login burst", () => {
  it("verifies every password side by side, holding no connection or lock: 8 logins (two of one account, one unknown) on a pool of 2", async () => {
    const usernames = ["dcs_jbr", "dcs_jbr2", "dcs_ld", "jw_jbr", "jw_ld", "mz_jbr", "jw_jbr", "nobody_here"];
    const allInside = new Promise<void>((resolve) => {
      gate.onEnter = () => {
        if (gate.inside === usernames.length) resolve();
      };
    });
    const logins = usernames.map((username) => authenticate({ username, password: DEMO_PASSWORD, ip: "10.9.9.9", userAgent: "vitest" }, policy));
    const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), 10_000));
    const reached = await Promise.race([allInside.then(() => "all" as const), timeout]);
    gate.open();
    const results = await Promise.all(logins);
    expect({ reached, peak: gate.peak }).toEqual({ reached: "all", peak: usernames.length });
    // And the outcomes are those of one login at a time: every known account in (one twice), the unknown refused.
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true, true, true, false]);
    const sessions = results.flatMap((r) => (r.ok ? [r.user.sessionId] : []));
    expect(new Set(sessions).size).toBe(7);
  });
});
