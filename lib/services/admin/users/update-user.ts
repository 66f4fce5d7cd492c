import { mobileColumns } from "@/lib/crypto/pii";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { rolePermissions, users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import {
  checkboxSchema,
  displayNameSchema,
  idListField,
  mobileSchema,
  parseInput,
  externalIdSchema,
  EXTERNAL_ID_TAKEN,
  EXTERNAL_ID_UNIQUE,
  isUniqueViolation,
  versionField,
  type RequestMeta,
  idField,
} from "./shared";
import { assertAssignableDepartment, assertRolesGrantable, currentRoleIds, loadUserForChange, replaceUserRoles, userSnapshot } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择用户"),
  version: versionField,
  displayName: displayNameSchema,
  mobile: mobileSchema,
  departmentId: idField("请选择所属单位"),
  roleIds: idListField("角色选择有误"),
  smsRecipient: checkboxSchema,
  externalId: externalIdSchema,
});

/**
 * 用户管理 (admin.users): edits a user's name, mobile, unit, roles, SMS-recipient flag and OA 账号. Refused when
 * the user changed since the form was opened. The username is the login identity and stays as is.
 */
export async function updateUser(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);
  if (data.smsRecipient && !data.mobile) throw validation("短信接收人须填写手机号码", { mobile: "短信接收人须填写手机号码" });
  if (data.id === actor.userId && !(await keepsAdminUsers(data.roleIds))) {
    throw validation("不能移除自己的用户管理权限", { roleIds: "不能移除自己的用户管理权限" });
  }

  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadUserForChange(tx, actor, data.id),
    check: async (tx, current) => {
      if (data.departmentId !== current.departmentId) await assertAssignableDepartment(tx, actor, data.departmentId);
      await assertRolesGrantable(tx, actor, data.roleIds, { previousRoleIds: await currentRoleIds(tx, data.id), self: data.id === actor.userId });
    },
    snapshot: (tx) => userSnapshot(tx, data.id),
    apply: async (tx) => {
      await guardedUpdate(tx, users, data, {
        displayName: data.displayName,
        ...mobileColumns(data.mobile),
        departmentId: data.departmentId,
        smsRecipient: data.smsRecipient,
        externalId: data.externalId,
      });
      await replaceUserRoles(tx, data.id, data.roleIds);
    },
    audit: { action: "admin.user.update", targetType: "user", targetId: data.id },
  }).catch((error: unknown) => {
    if (isUniqueViolation(error, EXTERNAL_ID_UNIQUE)) throw validation(EXTERNAL_ID_TAKEN, { externalId: EXTERNAL_ID_TAKEN });
    throw error;
  });
}

/** Whether this set of roles still grants admin.users (so an admin cannot lock themselves out). */
async function keepsAdminUsers(roleIds: readonly string[]): Promise<boolean> {
  if (roleIds.length === 0) return false;
  const rows = await getDb()
    .select({ permission: rolePermissions.permission })
    .from(rolePermissions)
    .where(and(inArray(rolePermissions.roleId, [...roleIds]), eq(rolePermissions.permission, "admin.users")));
  return rows.length > 0;
}
