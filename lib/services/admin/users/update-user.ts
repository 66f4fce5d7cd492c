import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { rolePermissions, users } from "@/db/schema";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import {
  STALE_MESSAGE,
  checkboxSchema,
  displayNameSchema,
  idListField,
  mobileSchema,
  parseInput,
  versionSchema,
  type RequestMeta,
  idField,
} from "./shared";
import { assertAssignableDepartment, assertRolesGrantable, currentRoleIds, loadUserForChange, replaceUserRoles, userSnapshot } from "./user-snapshot";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择用户"),
  version: versionSchema,
  displayName: displayNameSchema,
  mobile: mobileSchema,
  departmentId: idField("请选择所属单位"),
  roleIds: idListField("角色选择有误"),
  smsRecipient: checkboxSchema,
});

/**
 * 用户管理 (admin.users): edits a user's name, mobile, unit, roles and SMS-recipient flag. Refused when
 * the user changed since the form was opened. The username is the login identity and stays as is.
 */
export async function updateUser(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);
  if (data.smsRecipient && !data.mobile) throw validation("短信接收人须填写手机号码", { mobile: "短信接收人须填写手机号码" });
  if (data.id === actor.userId && !(await keepsAdminUsers(data.roleIds))) {
    throw validation("不能移除自己的用户管理权限", { roleIds: "不能移除自己的用户管理权限" });
  }

  await getDb().transaction(async (tx) => {
    const current = await loadUserForChange(tx, actor, data.id);
    if (current.version !== data.version) throw conflict(STALE_MESSAGE);
    if (data.departmentId !== current.departmentId) await assertAssignableDepartment(tx, actor, data.departmentId);
    await assertRolesGrantable(tx, actor, data.roleIds, { previousRoleIds: await currentRoleIds(tx, data.id), self: data.id === actor.userId });
    const before = await userSnapshot(tx, data.id);
    const updated = await tx
      .update(users)
      .set({
        displayName: data.displayName,
        mobile: data.mobile,
        departmentId: data.departmentId,
        smsRecipient: data.smsRecipient,
        version: sql`${users.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, data.id), eq(users.version, data.version)))
      .returning({ id: users.id });
    if (updated.length === 0) throw conflict(STALE_MESSAGE);
    await replaceUserRoles(tx, data.id, data.roleIds);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.user.update",
      targetType: "user",
      targetId: data.id,
      detail: { before, after: await userSnapshot(tx, data.id) },
      ...meta,
    });
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
