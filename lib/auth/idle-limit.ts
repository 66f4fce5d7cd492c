/**
 * The session idle limit from 系统参数, for the jwt callback. That callback also runs in the proxy, which
 * must stay database-free, so the server registers a loader here (lib/auth/auth.ts). The value is read on
 * every call, not cached: with several app servers a cache would keep the old limit on the servers where the
 * setting was not saved. The read is one primary-key lookup (measured in the README, 多台应用服务器).
 * Until the server has registered the loader (the first request after start) the env value applies.
 */
const g = globalThis as unknown as {
  __dcdbIdleLoader?: () => Promise<number>;
  /** Only the fallback for a failed read, never served while the database answers. */
  __dcdbIdleLastKnown?: number;
};

export function registerSessionIdleLoader(loader: (() => Promise<number>) | undefined): void {
  g.__dcdbIdleLoader = loader;
}

export async function sessionIdleLimit(fallback: number): Promise<number> {
  const loader = g.__dcdbIdleLoader;
  if (!loader) return fallback;
  try {
    const minutes = await loader();
    g.__dcdbIdleLastKnown = minutes;
    return minutes;
  } catch (error) {
    console.error("[auth] could not read the session idle limit, using the last known value", error);
    return g.__dcdbIdleLastKnown ?? fallback;
  }
}
