import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Per-address throttle for failed logins. The per-account lockout stops guessing one password; this
 * stops one address spraying a common password over many usernames. In memory: each app server counts
 * its own traffic (enough for one or two servers behind the intranet proxy).
 */
const FAILURES_PER_WINDOW = Number(process.env.LOGIN_IP_MAX_FAILURES ?? 30);
const WINDOW_SECONDS = 15 * 60;

const globalForThrottle = globalThis as unknown as { __dcdbLoginThrottle?: RateLimiterMemory };
function limiter(): RateLimiterMemory {
  globalForThrottle.__dcdbLoginThrottle ??= new RateLimiterMemory({ points: FAILURES_PER_WINDOW, duration: WINDOW_SECONDS });
  return globalForThrottle.__dcdbLoginThrottle;
}

/** Minutes until this address may try again, or 0 when it is not throttled. */
export async function throttledMinutes(ip: string | null): Promise<number> {
  if (!ip) return 0;
  const res = await limiter().get(ip);
  if (!res || res.consumedPoints < FAILURES_PER_WINDOW) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 60_000));
}

export async function recordFailure(ip: string | null): Promise<void> {
  if (!ip) return;
  await limiter()
    .consume(ip)
    .catch((rejection: unknown) => {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
    });
}
