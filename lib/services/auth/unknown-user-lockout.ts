import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { unknownUserLockouts } from "@/db/schema";
import { afterFailure, isLocked, type LockoutPolicy, type LoginCounters } from "@/lib/domain/password-policy";

/**
 * Lockout counters for usernames that do not exist, so that guessing at a name that is not an account
 * locks exactly like guessing at one that is: otherwise "账号已锁定" after five tries would tell an
 * attacker which usernames are real. Same rule (lib/domain/password-policy.ts), stored in the database
 * (table unknown_user_lockouts) so every app server sees the same count, and locked like a users row:
 * the row is taken FOR UPDATE inside the login's transaction, so concurrent guesses at one name on two
 * servers are counted one after the other.
 */

// Usernames are compared case-insensitively (as the users table does); a longer name is no account.
function keyOf(username: string): string {
  return username.toLowerCase().slice(0, 128);
}

export type UnknownUserAttempt = { locked: true; counters: LoginCounters } | { locked: false; counters: LoginCounters };

/**
 * One failed attempt at an unknown username, in the login's transaction: while a lock is in force the
 * counters stay as they are (`locked: true`, as a locked account is not counted further); otherwise the
 * failure is counted and the counters after it returned.
 */
export async function recordUnknownUserAttempt(tx: Tx, username: string, policy: LockoutPolicy, now: Date): Promise<UnknownUserAttempt> {
  const key = keyOf(username);
  // Insert-or-touch takes the row lock whether or not the row existed, and returns the counters under it.
  const [row] = await tx
    .insert(unknownUserLockouts)
    .values({ username: key, failedLoginCount: 0, lockedUntil: null, lastFailedAt: now })
    .onConflictDoUpdate({ target: unknownUserLockouts.username, set: { username: sql`excluded.username` } })
    .returning({ failedLoginCount: unknownUserLockouts.failedLoginCount, lockedUntil: unknownUserLockouts.lockedUntil });
  const current: LoginCounters = { failedLoginCount: row!.failedLoginCount, lockedUntil: row!.lockedUntil };
  if (isLocked(current, now)) return { locked: true, counters: current };
  const next = afterFailure(current, policy, now);
  await tx
    .update(unknownUserLockouts)
    .set({ failedLoginCount: next.failedLoginCount, lockedUntil: next.lockedUntil, lastFailedAt: now })
    .where(sql`${unknownUserLockouts.username} = ${key}`);
  return { locked: false, counters: next };
}
