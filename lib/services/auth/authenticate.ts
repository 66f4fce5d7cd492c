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

/** What the login reads of the account, once before the password check and again under the row lock. */
const accountColumns = {
  id: users.id,
  displayName: users.displayName,
  passwordHash: users.passwordHash,
  enabled: users.enabled,
  failedLoginCount: users.failedLoginCount,
  lockedUntil: users.lockedUntil,
  sessionVersion: users.sessionVersion,
  totpEnabledAt: users.totpEnabledAt,
};

/** How often a login re-checks when the account changed between its password check and its row lock. */
const MAX_ATTEMPTS = 3;

/**
 * Checks a username + password (anyone may call it: it is the login). Counts consecutive failures and
 * locks the account per `policy`; every success and failure is written to the audit log.
 *
 * The password is verified (argon2id, ~30 ms on the libuv thread pool) BEFORE any transaction, holding no
 * pooled connection and no lock: a 9 a.m. burst of logins then hashes side by side instead of queueing for
 * connections held by logins that are hashing (a transaction pins its connection, and the row lock would
 * make a second login of the same account wait for the first one's hash). The decision is then taken in a
 * short transaction on the row locked with SELECT … FOR UPDATE, from the counters as they are under the
 * lock, so concurrent guesses cannot slip past the counter: each failure counts, and a correct password
 * that arrives after the lock engaged is refused. If what the check relied on changed in between (the
 * password hash, or a lock lifted by an administrator), the login checks again.
 */
export async function authenticate(input: AuthenticateInput, policy: LockoutPolicy, now = clockNow()): Promise<AuthenticateResult> {
  // PostgreSQL refuses NUL in text (a 500); no username holds U+FFFD, so such a name just matches nobody.
  const username = input.username.trim().replaceAll("\u0000", "\uFFFD");
  const meta = { ip: input.ip, userAgent: input.userAgent };
  const byName = eq(sql`lower(${users.username})`, username.toLowerCase());
  for (let attempt = 1; ; attempt++) {
    const [seen] = await getDb().select(accountColumns).from(users).where(byName);

    // Every refusal below costs one password verification and one audit row, and an unknown username
    // locks after the same number of failures as a real one: neither the message nor the time taken
    // tells an attacker whether the account exists.
    if (!seen) {
      await verifyPassword(await dummyPasswordHash(), input.password);
      // The counters of unknown names are shared by every app server (unknown_user_lockouts): one short
      // transaction after the hash, like a real account's.
      return getDb().transaction(async (tx): Promise<AuthenticateResult> => {
        const auditUnknown = (detail: Record<string, unknown>) =>
          writeAudit(tx, { action: "auth.login_failed", success: false, actorName: username.slice(0, 64), detail: { reason: "unknown_user", ...detail }, ...meta });
        const unknown = await recordUnknownUserAttempt(tx, username, policy, now);
        if (unknown.locked) {
          await auditUnknown({ locked: true });
          return { ok: false, reason: "locked", minutesLeft: minutesUntil(unknown.counters.lockedUntil!, now) };
        }
        const next = unknown.counters;
        await auditUnknown({ consecutiveFailures: next.failedLoginCount, locked: next.lockedUntil !== null });
        if (next.lockedUntil) return { ok: false, reason: "locked", minutesLeft: policy.lockMinutes };
        return { ok: false, reason: "invalid" };
      });
    }

    // A locked account verifies the dummy hash (same time, and its real password is not tested).
    const lockedBefore = isLocked(seen, now);
    const passwordOk = lockedBefore
      ? (await verifyPassword(await dummyPasswordHash(), input.password), false)
      : await verifyPassword(seen.passwordHash, input.password);

    const outcome = await getDb().transaction(async (tx): Promise<AuthenticateResult | "changed"> => {
      const [user] = await tx.select(accountColumns).from(users).where(eq(users.id, seen.id)).for("update");
      const lockedNow = user ? isLocked(user, now) : false;
      // The verification answered for another hash, or the account was unlocked while it ran: check again.
      if (!user || user.passwordHash !== seen.passwordHash || (lockedBefore && !lockedNow)) return "changed";
      const actor = { actorId: user.id, actorName: user.displayName, ...meta };

      if (lockedNow) {
        await writeAudit(tx, { action: "auth.login_failed", success: false, detail: { reason: "locked" }, ...actor });
        return { ok: false, reason: "locked", minutesLeft: minutesUntil(user.lockedUntil!, now) };
      }

      if (!passwordOk) {
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
    if (outcome !== "changed") return outcome;
    // The account changed under every attempt (its password changed again and again meanwhile): refused
    // like a wrong password but not counted as one, since nothing was checked against the current hash.
    if (attempt >= MAX_ATTEMPTS) return { ok: false, reason: "invalid" };
  }
}
