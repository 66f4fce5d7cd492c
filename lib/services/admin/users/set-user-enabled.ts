import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, parseInput, versionSchema, type RequestMeta, idField } from "./shared";
import { loadUserForChange } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择用户"),
  version: versionSchema,
  enabled: z.preprocess((v) => v === true || v === "true", z.boolean()),
});

/**
 * 用户管理 (admin.users): enables or disables a user. Disabling moves the session version on, so the
 * user's open sessions end at their next request. Admins cannot disable themselves.
 */
export async function setUserEnabled(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);
  if (data.id === actor.userId && !data.enabled) throw validation("不能停用自己的账号");

  await getDb().transaction(async (tx) => {
    const current = await loadUserForChange(tx, actor, data.id);
    if (current.version !== data.version) throw conflict(STALE_MESSAGE);
    if (current.enabled === data.enabled) throw conflict(data.enabled ? "该用户已是启用状态，请刷新后重试" : "该用户已被停用，请刷新后重试");
    const updated = await tx
      .update(users)
      .set({
        enabled: data.enabled,
        // A re-enabled user starts without the lock a burst of failures may have left.
        ...(data.enabled ? { failedLoginCount: 0, lockedUntil: null } : { sessionVersion: sql`${users.sessionVersion} + 1` }),
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, data.id), eq(users.version, data.version), eq(users.enabled, current.enabled)))
      .returning({ id: users.id });
    if (updated.length === 0) throw conflict(STALE_MESSAGE);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: data.enabled ? "admin.user.enable" : "admin.user.disable",
      targetType: "user",
      targetId: data.id,
      detail: { before: { username: current.username, enabled: current.enabled }, after: { username: current.username, enabled: data.enabled } },
      ...meta,
    });
  });
}
