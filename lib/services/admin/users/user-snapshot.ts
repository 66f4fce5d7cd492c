import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { notFound, validation } from "@/lib/domain/errors";
import { inScope } from "@/lib/domain/policy";
import type { Actor } from "@/lib/domain/policy";

/** What the audit log records about a user: readable names, never the password hash. */
export interface UserSnapshot {
  username: string;
  displayName: string;
  mobile: string | null;
  department: string;
  roles: string[];
  smsRecipient: boolean;
  enabled: boolean;
}

/** Loads a user for change, row-locked, within the actor's scope (out of scope → not found). */
export async function loadUserForChange(tx: DbOrTx, actor: Actor, id: string) {
  const [row] = await tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      mobile: users.mobile,
      departmentId: users.departmentId,
      smsRecipient: users.smsRecipient,
      enabled: users.enabled,
      version: users.version,
    })
    .from(users)
    .where(eq(users.id, id))
    .for("update");
  if (!row || !inScope(actor, row.departmentId)) throw notFound("用户");
  return row;
}

export async function userSnapshot(tx: DbOrTx, id: string): Promise<UserSnapshot> {
  const [row] = await tx
    .select({
      username: users.username,
      displayName: users.displayName,
      mobile: users.mobile,
      department: departments.name,
      smsRecipient: users.smsRecipient,
      enabled: users.enabled,
    })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, id));
  if (!row) throw notFound("用户");
  const roleRows = await tx
    .select({ name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(eq(userRoles.userId, id))
    .orderBy(roles.name);
  return { ...row, roles: roleRows.map((r) => r.name) };
}

/** The unit a user is put in must exist, be a real unit (not a grouping node), be enabled and be in scope. */
export async function assertAssignableDepartment(tx: DbOrTx, actor: Actor, departmentId: string): Promise<void> {
  const [dept] = await tx
    .select({ id: departments.id, isGroup: departments.isGroup, enabled: departments.enabled })
    .from(departments)
    .where(eq(departments.id, departmentId));
  if (!dept || !inScope(actor, dept.id)) throw validation("所属单位不存在", { departmentId: "所属单位不存在" });
  if (dept.isGroup) throw validation("请选择具体单位，不能选择分组", { departmentId: "请选择具体单位，不能选择分组" });
  if (!dept.enabled) throw validation("所选单位已停用", { departmentId: "所选单位已停用" });
}

/**
 * Names of the roles among `roleIds` that carry a back-office permission (admin.*) the actor does not
 * hold: a user admin may not hand out administrative powers they lack themselves (e.g. make someone —
 * or themselves — 系统管理员 through a custom role that only has 用户管理).
 */
export async function rolesBeyondActor(db: DbOrTx, actor: Actor, roleIds: readonly string[]): Promise<string[]> {
  if (roleIds.length === 0) return [];
  const grants = await db
    .select({ name: roles.name, permission: rolePermissions.permission })
    .from(rolePermissions)
    .innerJoin(roles, eq(roles.id, rolePermissions.roleId))
    .where(inArray(rolePermissions.roleId, [...roleIds]));
  const beyond = grants.filter((g) => g.permission.startsWith("admin.") && !actor.permissions.has(g.permission)).map((g) => g.name);
  return [...new Set(beyond)];
}

/** The roles must exist and be grantable by this actor (see rolesBeyondActor). */
export async function assertRolesGrantable(tx: DbOrTx, actor: Actor, roleIds: readonly string[]): Promise<void> {
  if (roleIds.length === 0) throw validation("请至少选择一个角色", { roleIds: "请至少选择一个角色" });
  const found = await tx.select({ id: roles.id }).from(roles).where(inArray(roles.id, [...roleIds]));
  if (found.length !== new Set(roleIds).size) throw validation("所选角色不存在，请刷新后重试", { roleIds: "所选角色不存在，请刷新后重试" });
  const beyond = await rolesBeyondActor(tx, actor, roleIds);
  if (beyond.length > 0) {
    const message = `您不能授予超出自身管理权限的角色：${beyond.join("、")}`;
    throw validation(message, { roleIds: message });
  }
}

/** Case-insensitive uniqueness (the unique index is on lower(username)); `exceptId` for edits. */
export async function assertUsernameFree(tx: DbOrTx, username: string, exceptId?: string): Promise<void> {
  const [clash] = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.username}) = lower(${username})`, exceptId ? sql`${users.id} <> ${exceptId}` : undefined));
  if (clash) throw validation("用户名已存在", { username: "用户名已存在" });
}

export async function replaceUserRoles(tx: DbOrTx, userId: string, roleIds: readonly string[]): Promise<void> {
  await tx.delete(userRoles).where(eq(userRoles.userId, userId));
  const unique = [...new Set(roleIds)];
  if (unique.length) await tx.insert(userRoles).values(unique.map((roleId) => ({ userId, roleId })));
}
