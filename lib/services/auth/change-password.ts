import { desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { passwordHistory, users } from "@/db/schema";
import { PASSWORD_HISTORY_DEPTH } from "@/lib/domain/settings";
import { now as clockNow } from "@/lib/clock";
import { revokeAllSessions } from "./open-session";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { validation, notFound } from "@/lib/domain/errors";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { writeAudit } from "../audit";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  oldPassword: z.string().min(1, "请输入原密码"),
  newPassword: z.string().min(1, "请输入新密码"),
  confirmPassword: z.string().min(1, "请再次输入新密码"),
});

/** A user who signs in only through the OA has no local password to change. */
export const NO_LOCAL_PASSWORD = "您的账号通过 OA 单点登录，未设置本地密码；如需本地密码请联系信息中心";

export const PASSWORD_REUSED = `新密码不能与最近 ${PASSWORD_HISTORY_DEPTH} 次使用过的密码相同`;

/**
 * Any signed-in user changes their own password (old + new). The new one may not be any of the last five
 * (the current one and the four before it, argon2id hashes in password_history). Clears must-change-password
 * and restarts 密码有效期; bumps the session version and revokes every registered session, so every session
 * including the current one must log in again with the new one (a fresh session token).
 */
export async function changePassword(
  actor: Actor,
  input: unknown,
  meta: { ip?: string | null; userAgent?: string | null } = {},
): Promise<void> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    throw validation("请完整填写密码信息", fieldErrors);
  }
  const { oldPassword, newPassword, confirmPassword } = parsed.data;
  if (newPassword !== confirmPassword) throw validation("两次输入的新密码不一致", { confirmPassword: "两次输入的新密码不一致" });

  // Every argon2 check and the new hash (up to six hashes, each tens of milliseconds of CPU) run before the
  // transaction: no connection or row lock is held while hashing (the same rule as login, authenticate.ts).
  const db = getDb();
  const [user] = await db
    .select({ username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, actor.userId));
  if (!user) throw notFound("用户");
  if (user.passwordHash === null) throw validation(NO_LOCAL_PASSWORD, { oldPassword: NO_LOCAL_PASSWORD });
  if (!(await verifyPassword(user.passwordHash, oldPassword))) {
    await writeAudit(db, { actorId: actor.userId, actorName: actor.displayName, action: "auth.password_change_failed", success: false, ...meta });
    throw validation("原密码不正确", { oldPassword: "原密码不正确" });
  }
  const weakness = checkPasswordStrength(newPassword, user.username);
  if (weakness) throw validation(weakness, { newPassword: weakness });
  if (newPassword === oldPassword) throw validation("新密码不能与原密码相同", { newPassword: "新密码不能与原密码相同" });
  const earlier = await db
    .select({ id: passwordHistory.id, passwordHash: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, actor.userId))
    .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id));
  for (const row of earlier.slice(0, PASSWORD_HISTORY_DEPTH - 1)) {
    if (await verifyPassword(row.passwordHash, newPassword)) throw validation(PASSWORD_REUSED, { newPassword: PASSWORD_REUSED });
  }
  const newHash = await hashPassword(newPassword);
  const replacedHash = user.passwordHash;

  await db.transaction(async (tx) => {
    const [current] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).for("update");
    if (!current) throw notFound("用户");
    // Another change or an administrator's reset landed while the hashes above were computed: the old
    // password that was checked is no longer the current one, and the history read above is out of date.
    // Exactly one of two simultaneous changes succeeds; the other is told its old password no longer matches.
    if (current.passwordHash !== replacedHash) throw validation("原密码不正确", { oldPassword: "原密码不正确" });

    const now = clockNow();
    // The replaced password joins the history; only the last PASSWORD_HISTORY_DEPTH - 1 are needed beside the current one.
    await tx.insert(passwordHistory).values({ userId: actor.userId, passwordHash: replacedHash, createdAt: now });
    const stale = earlier.slice(PASSWORD_HISTORY_DEPTH - 2).map((r) => r.id);
    if (stale.length > 0) await tx.delete(passwordHistory).where(inArray(passwordHistory.id, stale));
    await tx
      .update(users)
      .set({
        passwordHash: newHash,
        mustChangePassword: false,
        passwordChangedAt: now,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: now,
      })
      .where(eq(users.id, actor.userId));
    await revokeAllSessions(tx, actor.userId, "password_changed", now);
    await writeAudit(tx, { actorId: actor.userId, actorName: actor.displayName, action: "auth.password_changed", ...meta });
  });
}
