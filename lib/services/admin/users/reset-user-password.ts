import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { conflict, validation } from "@/lib/domain/errors";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { assertCan } from "@/lib/domain/policy";
import { hashPassword } from "@/lib/auth/password";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, generateTemporaryPassword, parseInput, versionSchema, type RequestMeta, idField } from "./shared";
import { loadUserForChange } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择用户"),
  version: versionSchema,
  password: z.string().optional().transform((v) => v ?? ""),
});

/**
 * 用户管理 (admin.users): sets a temporary password (given, or generated and returned once), forces a
 * change at next login, clears any lock and ends the user's sessions. The password is never logged.
 */
export async function resetUserPassword(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ temporaryPassword: string | null }> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);

  return getDb().transaction(async (tx) => {
    const current = await loadUserForChange(tx, actor, data.id);
    if (current.version !== data.version) throw conflict(STALE_MESSAGE);
    const generated = data.password === "" ? generateTemporaryPassword() : null;
    const password = generated ?? data.password;
    const weakness = checkPasswordStrength(password, current.username);
    if (weakness) throw validation(weakness, { password: weakness });
    const updated = await tx
      .update(users)
      .set({
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        failedLoginCount: 0,
        lockedUntil: null,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, data.id), eq(users.version, data.version)))
      .returning({ id: users.id });
    if (updated.length === 0) throw conflict(STALE_MESSAGE);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.user.reset_password",
      targetType: "user",
      targetId: data.id,
      detail: { before: { username: current.username, mustChangePassword: false }, after: { username: current.username, mustChangePassword: true } },
      ...meta,
    });
    return { temporaryPassword: generated };
  });
}
