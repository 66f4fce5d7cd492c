/**
 * The session idle limit from 系统参数, for the jwt callback. That callback also runs in the proxy, which
 * must stay database-free, so the server registers a loader here (lib/auth/auth.ts) and the value is
 * cached on globalThis for a short TTL: a changed setting applies within a minute, with no restart.
 * Until the server has registered the loader (the first request after start) the env value applies.
 */
const TTL_MS = 60_000;

const g = globalThis as unknown as {
  __dcdbIdleLimit?: { minutes: number; at: number };
  __dcdbIdleLoader?: () => Promise<number>;
};

export function registerSessionIdleLoader(loader: () => Promise<number>): void {
  g.__dcdbIdleLoader = loader;
}

/** Drops the cached value, so that a just-saved setting applies on the next request. */
export function forgetSessionIdleLimit(): void {
  g.__dcdbIdleLimit = undefined;
}

export async function sessionIdleLimit(fallback: number, now: number = Date.now()): Promise<number> {
  const cached = g.__dcdbIdleLimit;
  if (cached && now - cached.at < TTL_MS) return cached.minutes;
  const loader = g.__dcdbIdleLoader;
  if (!loader) return fallback;
  try {
    const minutes = await loader();
    g.__dcdbIdleLimit = { minutes, at: now };
    return minutes;
  } catch (error) {
    console.error("[auth] could not read the session idle limit, using the last known value", error);
    return cached?.minutes ?? fallback;
  }
}
