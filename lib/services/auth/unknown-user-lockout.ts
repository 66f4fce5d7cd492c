import { afterFailure, type LockoutPolicy, type LoginCounters } from "@/lib/domain/password-policy";

/**
 * Lockout counters for usernames that do not exist, so that guessing at a name that is not an account
 * locks exactly like guessing at one that is: otherwise "账号已锁定" after five tries would tell an
 * attacker which usernames are real. Same rule (lib/domain/password-policy.ts), kept in memory per
 * app server like the per-address throttle, and bounded so a spray of made-up names cannot grow it
 * without limit (the oldest entries go first; the address throttle stops a spray long before that).
 */
const MAX_ENTRIES = 10_000;
const globalForLockout = globalThis as unknown as { __dcdbUnknownUserLockout?: Map<string, LoginCounters> };
function counters(): Map<string, LoginCounters> {
  globalForLockout.__dcdbUnknownUserLockout ??= new Map();
  return globalForLockout.__dcdbUnknownUserLockout;
}

// Usernames are compared case-insensitively (as the users table does); a longer name is no account.
function keyOf(username: string): string {
  return username.toLowerCase().slice(0, 128);
}

/** The counters of an unknown username as the login sees them (never locked when never tried). */
export function unknownUserCounters(username: string): LoginCounters {
  return counters().get(keyOf(username)) ?? { failedLoginCount: 0, lockedUntil: null };
}

/** Records one failed attempt at an unknown username; returns the counters after it. */
export function recordUnknownUserFailure(username: string, policy: LockoutPolicy, now: Date): LoginCounters {
  const key = keyOf(username);
  const map = counters();
  const current = map.get(key) ?? { failedLoginCount: 0, lockedUntil: null };
  const next = afterFailure(current, policy, now);
  map.delete(key); // re-insert at the end: Map keeps insertion order, so the first key is the stalest
  map.set(key, next);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
  return next;
}

