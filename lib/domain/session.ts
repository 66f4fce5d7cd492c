import type { Actor } from "./policy";

/** Idle expiry: a session unused for longer than the idle limit is over, whatever the cookie says. */
export function isIdleExpired(lastSeenMs: number | undefined, nowMs: number, idleMinutes: number): boolean {
  if (lastSeenMs === undefined) return true;
  return nowMs - lastSeenMs > idleMinutes * 60_000;
}

/**
 * Only 密码修改 / 动态口令 enrolment are open: a forced change, an expired password, or an admin who must enrol.
 * Pure, so route handlers and tests use it without the session machinery.
 */
export function restrictedReason(viewer: Pick<Actor, "mustChangePassword" | "passwordExpired" | "mustEnrollTotp">): "password" | "totp" | null {
  if (viewer.mustChangePassword || viewer.passwordExpired) return "password";
  if (viewer.mustEnrollTotp) return "totp";
  return null;
}
