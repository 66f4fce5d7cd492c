import { and, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db/client";
import { loginThrottle, unknownUserLockouts } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";

/** How long the failure count of a made-up username is kept once nobody tries it (a real account keeps its count until a success). */
export const UNKNOWN_USER_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * The hourly `logins.purge` job (no actor: the job runner): deletes ended throttle windows, and the counters
 * of unknown usernames untouched for 7 days that hold no lock in force, so a spray of made-up names or
 * addresses cannot grow these tables without bound. Returns how many rows of each went.
 */
export async function purgeLoginGuards(now: Date = clockNow()): Promise<{ throttle: number; unknownUsers: number }> {
  const db = getDb();
  const throttle = await db.delete(loginThrottle).where(lt(loginThrottle.windowEndsAt, now)).returning({ address: loginThrottle.address });
  const unknownUsers = await db
    .delete(unknownUserLockouts)
    .where(
      and(
        lt(unknownUserLockouts.lastFailedAt, new Date(now.getTime() - UNKNOWN_USER_RETENTION_MS)),
        or(isNull(unknownUserLockouts.lockedUntil), lt(unknownUserLockouts.lockedUntil, now)),
      ),
    )
    .returning({ username: unknownUserLockouts.username });
  return { throttle: throttle.length, unknownUsers: unknownUsers.length };
}
