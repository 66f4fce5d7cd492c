import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "./shared";
import { loadUserForChange } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("请选择用户"), version: versionField });

/**
 * 用户管理 (admin.users): 重置动态口令 — the recovery path for a lost phone. The user's second factor is removed
 * (and their sessions end); they log in with the password and, if 强制管理员启用双因素认证 is on, bind a new
 * one before anything else. Nobody resets their own: that would let a stolen session drop the second factor.
 */
export async function resetUserTotp(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);
  if (data.id === actor.userId) throw validation("不能重置自己的动态口令，请联系其他管理员");
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadUserForChange(tx, actor, data.id),
    check: async (tx) => {
      const [row] = await tx.select({ totpSecret: users.totpSecret }).from(users).where(eq(users.id, data.id));
      if (!row?.totpSecret) throw validation("该用户未绑定动态口令");
    },
    // Never the secret: only whether one is bound.
    snapshot: async (tx) => {
      const [row] = await tx.select({ username: users.username, totpEnabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, data.id));
      return { username: row?.username, totpBound: Boolean(row?.totpEnabledAt) };
    },
    apply: async (tx) =>
      guardedUpdate(tx, users, data, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, sessionVersion: sql`${users.sessionVersion} + 1` }),
    audit: { action: "admin.user.reset_totp", targetType: "user", targetId: data.id },
  });
}
