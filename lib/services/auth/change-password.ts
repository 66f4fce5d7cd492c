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

  await getDb().transaction(async (tx) => {
    const [user] = await tx
      .select({ username: users.username, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, actor.userId))
      .for("update");
    if (!user) throw notFound("用户");
    if (user.passwordHash === null) throw validation(NO_LOCAL_PASSWORD, { oldPassword: NO_LOCAL_PASSWORD });
    if (!(await verifyPassword(user.passwordHash, oldPassword))) {
      await writeAudit(tx, { actorId: actor.userId, actorName: actor.displayName, action: "auth.password_change_failed", success: false, ...meta });
      throw validation("原密码不正确", { oldPassword: "原密码不正确" });
    }
    const weakness = checkPasswordStrength(newPassword, user.username);
    if (weakness) throw validation(weakness, { newPassword: weakness });
    if (newPassword === oldPassword) throw validation("新密码不能与原密码相同", { newPassword: "新密码不能与原密码相同" });
    const earlier = await tx
      .select({ id: passwordHistory.id, passwordHash: passwordHistory.passwordHash })
      .from(passwordHistory)
      .where(eq(passwordHistory.userId, actor.userId))
      .orderBy(desc(passwordHistory.createdAt), desc(passwordHistory.id));
    for (const row of earlier.slice(0, PASSWORD_HISTORY_DEPTH - 1)) {
      if (await verifyPassword(row.passwordHash, newPassword)) throw validation(PASSWORD_REUSED, { newPassword: PASSWORD_REUSED });
    }

    const now = clockNow();
    // The replaced password joins the history; only the last PASSWORD_HISTORY_DEPTH - 1 are needed beside the current one.
    await tx.insert(passwordHistory).values({ userId: actor.userId, passwordHash: user.passwordHash, createdAt: now });
    const stale = earlier.slice(PASSWORD_HISTORY_DEPTH - 2).map((r) => r.id);
    if (stale.length > 0) await tx.delete(passwordHistory).where(inArray(passwordHistory.id, stale));
    await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(newPassword),
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
