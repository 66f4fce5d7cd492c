import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { getLoginSecurity } from "@/lib/data/settings";
import { afterFailure, isLocked, minutesUntil, type LockoutPolicy } from "@/lib/domain/password-policy";
import { verifyTotp } from "@/lib/auth/totp";
import { writeAudit } from "../audit";
import { enforceSessionLimit } from "./open-session";

export type SecondFactorResult = { ok: true } | { ok: false; reason: "totp_invalid" | "session_gone" } | { ok: false; reason: "locked"; minutesLeft: number };

/**
 * The login's second step: the 6-digit 动态口令 for a session the password (or the OA) opened as pending.
 * A wrong code counts toward the account lockout like a wrong password (and a lock ends the pending
 * session); a code is accepted once (users.totp_last_step). On success the session becomes a full one and
 * the concurrent-session limit applies.
 */
export async function verifySecondFactor(
  input: { userId: string; sessionId: string; code: string; ip?: string | null; userAgent?: string | null },
  policy: LockoutPolicy,
  now = clockNow(),
): Promise<SecondFactorResult> {
  const meta = { ip: input.ip, userAgent: input.userAgent };
  return getDb().transaction(async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        displayName: users.displayName,
        totpSecret: users.totpSecret,
        totpEnabledAt: users.totpEnabledAt,
        totpLastStep: users.totpLastStep,
        failedLoginCount: users.failedLoginCount,
        lockedUntil: users.lockedUntil,
      })
      .from(users)
      .where(eq(users.id, input.userId))
      .for("update");
    const [session] = await tx
      .select({ id: userSessions.id })
      .from(userSessions)
      .where(and(eq(userSessions.id, input.sessionId), eq(userSessions.userId, input.userId), eq(userSessions.secondFactorPending, true)));
    if (!user || !session) return { ok: false, reason: "session_gone" };
    const actor = { actorId: user.id, actorName: user.displayName, ...meta };
    const endSession = () => tx.update(userSessions).set({ revokedAt: now, revokedReason: "second_factor_failed" }).where(eq(userSessions.id, session.id));

    if (isLocked(user, now)) {
      await endSession();
      await writeAudit(tx, { action: "auth.login_failed", success: false, detail: { reason: "locked", step: "totp" }, ...actor });
      return { ok: false, reason: "locked", minutesLeft: minutesUntil(user.lockedUntil!, now) };
    }
    // An admin who reset the 动态口令 meanwhile: no code is due any more, but this half-done login is not promoted.
    const step = user.totpSecret && user.totpEnabledAt ? verifyTotp(user.totpSecret, input.code, now, user.totpLastStep) : null;
    if (step === null) {
      const next = afterFailure(user, policy, now);
      await tx.update(users).set({ failedLoginCount: next.failedLoginCount, lockedUntil: next.lockedUntil }).where(eq(users.id, user.id));
      await writeAudit(tx, {
        action: "auth.login_failed",
        success: false,
        detail: { reason: "wrong_totp", consecutiveFailures: next.failedLoginCount, locked: next.lockedUntil !== null },
        ...actor,
      });
      if (next.lockedUntil) {
        await endSession();
        return { ok: false, reason: "locked", minutesLeft: policy.lockMinutes };
      }
      return { ok: false, reason: "totp_invalid" };
    }
    await tx.update(users).set({ totpLastStep: step, failedLoginCount: 0, lockedUntil: null }).where(eq(users.id, user.id));
    await tx.update(userSessions).set({ secondFactorPending: false, lastSeenAt: now }).where(eq(userSessions.id, session.id));
    const { maxSessionsPerUser } = await getLoginSecurity(tx);
    await enforceSessionLimit(tx, { userId: user.id, actorName: user.displayName, ...meta }, session.id, maxSessionsPerUser, now);
    await writeAudit(tx, { action: "auth.totp_verified", ...actor });
    return { ok: true };
  });
}
