import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "./shared";
import { loadUserForChange, userSnapshot } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择用户"),
  version: versionField,
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

  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadUserForChange(tx, actor, data.id),
    check: (_tx, current) => {
      if (current.enabled === data.enabled) throw conflict(data.enabled ? "该用户已是启用状态，请刷新后重试" : "该用户已被停用，请刷新后重试");
    },
    snapshot: (tx) => userSnapshot(tx, data.id),
    apply: (tx, current) =>
      guardedUpdate(
        tx,
        users,
        data,
        // A re-enabled user starts without the lock a burst of failures may have left.
        { enabled: data.enabled, ...(data.enabled ? { failedLoginCount: 0, lockedUntil: null } : { sessionVersion: sql`${users.sessionVersion} + 1` }) },
        eq(users.enabled, current.enabled),
      ),
    audit: { action: data.enabled ? "admin.user.enable" : "admin.user.disable", targetType: "user", targetId: data.id },
  });
}
