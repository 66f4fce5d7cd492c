import { and, eq, gt, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { loginThrottle } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";

/**
 * Per-address throttle for failed logins. The per-account lockout stops guessing one password; this
 * stops one address spraying a common password over many usernames. Counted in the database (table
 * login_throttle), so failures on one app server count on every other: an attacker cannot multiply the
 * allowance by the number of servers behind the proxy. A fixed window: the first failure opens 15 minutes,
 * the 30th within them throttles the address until the window ends.
 */
const WINDOW_MS = 15 * 60_000;

function failuresPerWindow(): number {
  return Number(process.env.LOGIN_IP_MAX_FAILURES ?? 30);
}

/** Minutes until this address may try again, or 0 when it is not throttled. */
export async function throttledMinutes(ip: string | null, now: Date = clockNow()): Promise<number> {
  if (!ip) return 0;
  const [row] = await getDb()
    .select({ failures: loginThrottle.failures, windowEndsAt: loginThrottle.windowEndsAt })
    .from(loginThrottle)
    .where(and(eq(loginThrottle.address, ip), gt(loginThrottle.windowEndsAt, now)));
  if (!row || row.failures < failuresPerWindow()) return 0;
  return Math.max(1, Math.ceil((row.windowEndsAt.getTime() - now.getTime()) / 60_000));
}

/**
 * Counts one failure. One atomic upsert: two servers recording a failure of one address at the same moment
 * both count (the row lock of ON CONFLICT serialises them); an ended window starts again at 1.
 */
export async function recordFailure(ip: string | null, now: Date = clockNow()): Promise<void> {
  if (!ip) return;
  const windowEndsAt = new Date(now.getTime() + WINDOW_MS);
  const ended = sql`${loginThrottle.windowEndsAt} <= ${now.toISOString()}::timestamptz`;
  await getDb()
    .insert(loginThrottle)
    .values({ address: ip, failures: 1, windowEndsAt })
    .onConflictDoUpdate({
      target: loginThrottle.address,
      set: {
        failures: sql`case when ${ended} then 1 else ${loginThrottle.failures} + 1 end`,
        windowEndsAt: sql`case when ${ended} then excluded.window_ends_at else ${loginThrottle.windowEndsAt} end`,
      },
    });
}
