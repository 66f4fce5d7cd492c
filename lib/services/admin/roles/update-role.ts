import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";

import { roles } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { PERMISSION_LABELS } from "@/lib/domain/permissions";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { isUniqueViolation, parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import {
  ADMIN_ROLE_CODE,
  ADMIN_ROLE_REQUIRED,
  assertRoleChangeAllowed,
  dataScopeSchema,
  descriptionSchema,
  loadRoleForChange,
  permissionListSchema,
  replaceRolePermissions,
  roleNameSchema,
  roleSnapshot,
} from "./role-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择角色"),
  version: versionField,
  name: roleNameSchema,
  description: descriptionSchema,
  dataScope: dataScopeSchema,
  permissions: permissionListSchema,
});

/**
 * 角色管理 (admin.roles): renames a custom role and sets any role's description, data scope and
 * permissions. Built-in roles keep their names; the 系统管理员 role keeps 用户管理 and 角色管理.
 * Takes effect at every holder's next request (permissions are loaded per request).
 */
export async function updateRole(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.roles");
  const data = parseInput(schema, input);

  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadRoleForChange(tx, data.id),
    check: async (tx, current) => {
      if (current.builtIn && data.name !== current.name) throw validation("内置角色不能改名", { name: "内置角色不能改名" });
      if (current.code === ADMIN_ROLE_CODE) {
        const missing = ADMIN_ROLE_REQUIRED.filter((p) => !data.permissions.includes(p));
        if (missing.length) {
          const message = `系统管理员角色必须保留“${missing.map((p) => PERMISSION_LABELS[p]).join("”“")}”权限，否则将无人能管理用户和角色`;
          throw validation(message, { permissions: message });
        }
      }
      await assertRoleChangeAllowed(tx, actor, data, { id: data.id, grant: await roleSnapshot(tx, data.id) });
      if (data.name !== current.name) {
        const [clash] = await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.name, data.name), sql`${roles.id} <> ${data.id}`));
        if (clash) throw validation("角色名称已存在", { name: "角色名称已存在" });
      }
    },
    snapshot: (tx) => roleSnapshot(tx, data.id),
    apply: async (tx) => {
      await guardedUpdate(tx, roles, data, { name: data.name, description: data.description, dataScope: data.dataScope });
      await replaceRolePermissions(tx, data.id, data.permissions);
    },
    audit: { action: "admin.role.update", targetType: "role", targetId: data.id },
  })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw validation("角色名称已存在", { name: "角色名称已存在" });
      throw error;
    });
}
