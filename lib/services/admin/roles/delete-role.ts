import { count, eq } from "drizzle-orm";
import { z } from "zod";

import { roles, userRoles } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedDelete } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import { loadRoleForChange, roleSnapshot } from "./role-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("请选择角色"), version: versionField });

/** 角色管理 (admin.roles): deletes a custom role that no user holds. Built-in roles are never deleted. */
export async function deleteRole(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.roles");
  const data = parseInput(schema, input);

  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadRoleForChange(tx, data.id),
    check: async (tx, current) => {
      if (current.builtIn) throw validation("内置角色不能删除");
      const [{ holders }] = (await tx.select({ holders: count() }).from(userRoles).where(eq(userRoles.roleId, data.id))) as [{ holders: number }];
      if (holders > 0) throw validation(`仍有 ${holders} 个用户拥有该角色，请先为他们调整角色后再删除`);
    },
    snapshot: (tx) => roleSnapshot(tx, data.id),
    apply: async (tx) => {
      // user_roles.role_id is ON DELETE RESTRICT: a holder added concurrently makes this fail, not vanish.
      await guardedDelete(tx, roles, data);
    },
    audit: { action: "admin.role.delete", targetType: "role", targetId: data.id, deleted: true },
  });
}
