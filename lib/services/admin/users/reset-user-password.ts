import { eq, sql } from "drizzle-orm";
import { z } from "zod";

import { passwordHistory, users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { assertCan } from "@/lib/domain/policy";
import { hashPassword } from "@/lib/auth/password";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { generatePassword, parseInput, versionField, type RequestMeta, idField } from "./shared";
import { loadUserForChange } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择用户"),
  version: versionField,
  password: z.string().optional().transform((v) => v ?? ""),
});

/**
 * 用户管理 (admin.users): sets a temporary password (given, or generated and returned once), forces a
 * change at next login, clears any lock and ends the user's sessions. The password is never logged.
 */
export async function resetUserPassword(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ temporaryPassword: string | null }> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);

  const generated = data.password === "" ? generatePassword() : null;
  const password = generated ?? data.password;
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadUserForChange(tx, actor, data.id),
    check: (_tx, current) => {
      const weakness = checkPasswordStrength(password, current.username);
      if (weakness) throw validation(weakness, { password: weakness });
    },
    // Never the password or its hash: only that a change is now forced.
    snapshot: async (tx) => (await tx.select({ username: users.username, mustChangePassword: users.mustChangePassword }).from(users).where(eq(users.id, data.id)))[0],
    apply: async (tx) => {
      // The password being replaced joins the history, so after the forced change the user cannot go back to it.
      const [old] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, data.id));
      if (old?.passwordHash) await tx.insert(passwordHistory).values({ userId: data.id, passwordHash: old.passwordHash });
      return guardedUpdate(tx, users, data, {
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        failedLoginCount: 0,
        lockedUntil: null,
        sessionVersion: sql`${users.sessionVersion} + 1`,
      });
    },
    audit: { action: "admin.user.reset_password", targetType: "user", targetId: data.id },
  });
  return { temporaryPassword: generated };
}
