import { now as clockNow } from "@/lib/clock";
import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rolePermissions, userRoles, users } from "@/db/schema";
import { getLoginSecurity, getPasswordLoginMode } from "@/lib/data/settings";
import type { Permission } from "@/lib/domain/permissions";
import type { DbOrTx } from "@/db/client";
import { afterFailure, isLocked, minutesUntil, type LockoutPolicy } from "@/lib/domain/password-policy";
import { dummyPasswordHash, verifyPassword } from "@/lib/auth/password";
import { writeAudit } from "../audit";
import { recordUnknownUserAttempt } from "./unknown-user-lockout";
import { openSession } from "./open-session";

/** A signed-in user as the session cookie records them: the registered session, and whether the 动态口令 is still due. */
export interface LoginUser {
  id: string;
  displayName: string;
  sessionVersion: number;
  sessionId: string;
  secondFactorPending: boolean;
}

async function holdsPermission(db: DbOrTx, userId: string, permission: Permission): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(userRoles)
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
    .where(sql`${userRoles.userId} = ${userId} and ${rolePermissions.permission} = ${permission}`)
    .limit(1);
  return rows.length > 0;
}

export type AuthenticateResult =
  | { ok: true; user: LoginUser }
  | { ok: false; reason: "invalid" | "disabled" | "password_login_off" }
  | { ok: false; reason: "locked"; minutesLeft: number };

export interface AuthenticateInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * Checks a username + password (anyone may call it: it is the login). Counts consecutive failures and
 * locks the account per `policy`; every success and failure is written to the audit log.
 * The row is locked (SELECT … FOR UPDATE) so concurrent guesses cannot slip past the counter.
 */
export async function authenticate(input: AuthenticateInput, policy: LockoutPolicy, now = clockNow()): Promise<AuthenticateResult> {
  // PostgreSQL refuses NUL in text (a 500); no username holds U+FFFD, so such a name just matches nobody.
  const username = input.username.trim().replaceAll("\u0000", "\uFFFD");
  const meta = { ip: input.ip, userAgent: input.userAgent };
  return getDb().transaction(async (tx) => {
    const [user] = await tx
      .select({
        id: users.id,
        displayName: users.displayName,
        passwordHash: users.passwordHash,
        enabled: users.enabled,
        failedLoginCount: users.failedLoginCount,
        lockedUntil: users.lockedUntil,
        sessionVersion: users.sessionVersion,
        totpEnabledAt: users.totpEnabledAt,
      })
      .from(users)
      .where(eq(sql`lower(${users.username})`, username.toLowerCase()))
      .for("update");

    // Every refusal below costs one password verification and one audit row, and an unknown username
    // locks after the same number of failures as a real one: neither the message nor the time taken
    // tells an attacker whether the account exists.
    if (!user) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      const auditUnknown = (detail: Record<string, unknown>) =>
        writeAudit(tx, { action: "auth.login_failed", success: false, actorName: username.slice(0, 64), detail: { reason: "unknown_user", ...detail }, ...meta });
      const attempt = await recordUnknownUserAttempt(tx, username, policy, now);
      if (attempt.locked) {
        await auditUnknown({ locked: true });
        return { ok: false, reason: "locked", minutesLeft: minutesUntil(attempt.counters.lockedUntil!, now) };
      }
      const next = attempt.counters;
      await auditUnknown({ consecutiveFailures: next.failedLoginCount, locked: next.lockedUntil !== null });
      if (next.lockedUntil) return { ok: false, reason: "locked", minutesLeft: policy.lockMinutes };
      return { ok: false, reason: "invalid" };
    }
    const actor = { actorId: user.id, actorName: user.displayName, ...meta };

    if (isLocked(user, now)) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      await writeAudit(tx, { action: "auth.login_failed", success: false, detail: { reason: "locked" }, ...actor });
      return { ok: false, reason: "locked", minutesLeft: minutesUntil(user.lockedUntil!, now) };
    }

    if (!(await verifyPassword(user.passwordHash, input.password))) {
      const next = afterFailure(user, policy, now);
      await tx.update(users).set({ failedLoginCount: next.failedLoginCount, lockedUntil: next.lockedUntil }).where(eq(users.id, user.id));
      await writeAudit(tx, {
        action: "auth.login_failed",
        success: false,
        detail: { reason: "wrong_password", consecutiveFailures: next.failedLoginCount, locked: next.lockedUntil !== null },
        ...actor,
      });
      if (next.lockedUntil) return { ok: false, reason: "locked", minutesLeft: policy.lockMinutes };
      return { ok: false, reason: "invalid" };
    }

    if (!user.enabled) {
      await writeAudit(tx, { action: "auth.login_failed", success: false, detail: { reason: "disabled" }, ...actor });
      return { ok: false, reason: "disabled" };
    }

    // Checked after the password, so only someone who knows it learns that password login is off for them.
    if ((await getPasswordLoginMode(tx)) === "admins_only" && !(await holdsPermission(tx, user.id, "admin.settings"))) {
      await writeAudit(tx, { action: "auth.login_failed", success: false, detail: { reason: "password_login_off" }, ...actor });
      return { ok: false, reason: "password_login_off" };
    }

    // With a 动态口令 enrolled the failure count is left as it is: wrong codes continue it (verify-second-factor).
    const secondFactorPending = user.totpEnabledAt !== null;
    await tx
      .update(users)
      .set(secondFactorPending ? { lastLoginAt: now } : { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(users.id, user.id));
    const { maxSessionsPerUser } = await getLoginSecurity(tx);
    const sessionId = await openSession(tx, { userId: user.id, actorName: user.displayName, method: "password", secondFactorPending, ...meta }, maxSessionsPerUser, now);
    await writeAudit(tx, { action: "auth.login", detail: { method: "password", ...(secondFactorPending ? { secondFactor: "pending" } : {}) }, ...actor });
    return { ok: true, user: { id: user.id, displayName: user.displayName, sessionVersion: user.sessionVersion, sessionId, secondFactorPending } };
  });
}
