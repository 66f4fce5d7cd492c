/** Idle expiry: a session unused for longer than the idle limit is over, whatever the cookie says. */
export function isIdleExpired(lastSeenMs: number | undefined, nowMs: number, idleMinutes: number): boolean {
  if (lastSeenMs === undefined) return true;
  return nowMs - lastSeenMs > idleMinutes * 60_000;
}
