import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
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

/**
 * Any signed-in user changes their own password (old + new). Clears must-change-password and bumps
 * the session version, so every session including the current one must log in again with the new one.
 */
/** A user who signs in only through the OA has no local password to change. */
export const NO_LOCAL_PASSWORD = "您的账号通过 OA 单点登录，未设置本地密码；如需本地密码请联系信息中心";

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

    await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(newPassword),
        mustChangePassword: false,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(users.id, actor.userId));
    await writeAudit(tx, { actorId: actor.userId, actorName: actor.displayName, action: "auth.password_changed", ...meta });
  });
}
