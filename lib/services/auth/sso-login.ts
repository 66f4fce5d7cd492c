import { eq, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { ssoUsedNonces, users } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { writeAudit } from "../audit";
import { getLoginSecurity } from "@/lib/data/settings";
import { openSession } from "./open-session";
import type { LoginUser } from "./authenticate";

/** How a user came in from the OA (kept in the session, so 用户注销 can offer the OA's own logout). */
export const SSO_METHODS = ["oidc", "cas", "link"] as const;
export type SsoMethod = (typeof SSO_METHODS)[number];

export type SsoLoginResult =
  | { ok: true; user: LoginUser }
  | { ok: false; reason: "unknown_user" | "disabled" };

interface SsoLoginInput {
  method: SsoMethod;
  /** The OA account the OA vouched for (OIDC claim, CAS user, signed link's user). */
  externalId: string;
  ip?: string | null;
  userAgent?: string | null;
}

/**
 * The OA has vouched for `externalId`: sign in the user linked to it (users.external_id — a username that
 * happens to match is never enough). A user the OA knows but this system does not, and a disabled user, are
 * refused. Every outcome is in the audit log, as for a password login. The password lockout does not apply:
 * it guards against guessing passwords, and the OA checked this person's credentials itself.
 */
export async function ssoLogin(input: SsoLoginInput, now = clockNow()): Promise<SsoLoginResult> {
  // PostgreSQL refuses NUL in text; no external id holds U+FFFD, so such a value matches nobody.
  const externalId = input.externalId.trim().replaceAll("\u0000", "\uFFFD").slice(0, 128);
  const meta = { ip: input.ip, userAgent: input.userAgent };
  return getDb().transaction(async (tx) => {
    const [user] = await tx
      .select({ id: users.id, displayName: users.displayName, enabled: users.enabled, sessionVersion: users.sessionVersion, totpEnabledAt: users.totpEnabledAt })
      .from(users)
      .where(eq(users.externalId, externalId));
    if (!user) {
      await writeAudit(tx, {
        action: "auth.login_failed",
        success: false,
        actorName: externalId.slice(0, 64),
        detail: { method: input.method, reason: "unknown_user", externalId },
        ...meta,
      });
      return { ok: false, reason: "unknown_user" };
    }
    const actor = { actorId: user.id, actorName: user.displayName, ...meta };
    if (!user.enabled) {
      await writeAudit(tx, { action: "auth.login_failed", success: false, detail: { method: input.method, reason: "disabled", externalId }, ...actor });
      return { ok: false, reason: "disabled" };
    }
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    // The OA checked one factor (its own password). A user who enrolled a 动态口令 enters it here too, so an
    // administrator has two factors whichever way they come in.
    const secondFactorPending = user.totpEnabledAt !== null;
    const { maxSessionsPerUser } = await getLoginSecurity(tx);
    const sessionId = await openSession(tx, { userId: user.id, actorName: user.displayName, method: input.method, secondFactorPending, ...meta }, maxSessionsPerUser, now);
    await writeAudit(tx, { action: "auth.login", detail: { method: input.method, externalId, ...(secondFactorPending ? { secondFactor: "pending" } : {}) }, ...actor });
    return { ok: true, user: { id: user.id, displayName: user.displayName, sessionVersion: user.sessionVersion, sessionId, secondFactorPending } };
  });
}

/** Records a refused OA entry that never reached a user (a bad signature, an expired or reused link, a ticket the OA rejected). */
export async function recordSsoRefusal(input: { method: SsoMethod; reason: string; claimedUser?: string | null; ip?: string | null; userAgent?: string | null }) {
  await writeAudit(getDb(), {
    action: "auth.login_failed",
    success: false,
    actorName: input.claimedUser ? input.claimedUser.replaceAll("\u0000", "\uFFFD").slice(0, 64) : null,
    detail: { method: input.method, reason: input.reason },
    ip: input.ip,
    userAgent: input.userAgent,
  });
}

/**
 * Uses up a signed link's nonce: true the first time, false ever after (a replayed link). The primary key
 * decides between two requests racing with the same link, on one server or several. Nonces older than twice
 * the window can no longer come with a valid timestamp and are deleted on the way.
 */
export async function consumeLinkNonce(nonce: string, maxAgeSeconds: number, now = clockNow()): Promise<boolean> {
  const db = getDb();
  await db.delete(ssoUsedNonces).where(lt(ssoUsedNonces.usedAt, new Date(now.getTime() - 2 * maxAgeSeconds * 1000)));
  const inserted = await db
    .insert(ssoUsedNonces)
    .values({ nonce, usedAt: now })
    .onConflictDoNothing()
    .returning({ nonce: ssoUsedNonces.nonce });
  return inserted.length === 1;
}

