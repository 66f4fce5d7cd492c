import { and, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { DomainError, forbidden, notFound, validation } from "@/lib/domain/errors";
import { accountChangeRefusal, roleGrantRefusal, type NamedGrant } from "@/lib/domain/grants";
import type { Permission } from "@/lib/domain/permissions";
import { inScope } from "@/lib/domain/policy";
import { maskMobile } from "@/lib/domain/messages";
import type { Actor } from "@/lib/domain/policy";

/** What the audit log records about a user: readable names, never the password hash. */
export interface UserSnapshot {
  username: string;
  displayName: string;
  /** Masked (138****5678): the audit log never holds a whole number (个人信息保护). */
  mobile: string | null;
  department: string;
  roles: string[];
  smsRecipient: boolean;
  enabled: boolean;
  externalId: string | null;
  /** False: signs in only through the OA. */
  localPassword: boolean;
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
  const held = await tx
    .selectDistinct({ permission: rolePermissions.permission })
    .from(userRoles)
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
    .where(eq(userRoles.userId, id));
  const refusal = accountChangeRefusal(actor, held.map((h) => h.permission));
  if (refusal) throw forbidden(refusal);
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
      externalId: users.externalId,
      localPassword: sql<boolean>`${users.passwordHash} is not null`,
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
  return { ...row, mobile: row.mobile ? maskMobile(row.mobile) : null, roles: roleRows.map((r) => r.name) };
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

/** Each role's name, permissions and data scope (what the no-escalation rule compares). */
export async function loadRoleGrants(db: DbOrTx, roleIds: readonly string[]): Promise<(NamedGrant & { id: string })[]> {
  if (roleIds.length === 0) return [];
  const rows = await db
    .select({ id: roles.id, name: roles.name, dataScope: roles.dataScope, permission: rolePermissions.permission })
    .from(roles)
    .leftJoin(rolePermissions, eq(rolePermissions.roleId, roles.id))
    .where(inArray(roles.id, [...roleIds]));
  const byId = new Map<string, NamedGrant & { id: string; permissions: Permission[] }>();
  for (const r of rows) {
    const grant = byId.get(r.id) ?? { id: r.id, name: r.name, dataScope: r.dataScope, permissions: [] };
    if (r.permission) grant.permissions.push(r.permission);
    byId.set(r.id, grant);
  }
  return [...byId.values()];
}

/**
 * The roles must exist, and the actor may give the ones the user does not hold yet (`previousRoleIds`)
 * only within the no-escalation rule (lib/domain/grants.ts): FORBIDDEN otherwise.
 */
export async function assertRolesGrantable(
  tx: DbOrTx,
  actor: Actor,
  roleIds: readonly string[],
  target: { previousRoleIds?: readonly string[]; self?: boolean } = {},
): Promise<void> {
  if (roleIds.length === 0) throw validation("请至少选择一个角色", { roleIds: "请至少选择一个角色" });
  const previous = new Set(target.previousRoleIds ?? []);
  const grants = await loadRoleGrants(tx, roleIds);
  if (grants.length !== new Set(roleIds).size) throw validation("所选角色不存在，请刷新后重试", { roleIds: "所选角色不存在，请刷新后重试" });
  const refusal = roleGrantRefusal(
    actor,
    grants.filter((g) => !previous.has(g.id)),
    target.self ?? false,
  );
  if (refusal) throw new DomainError("FORBIDDEN", refusal, { fieldErrors: { roleIds: refusal } });
}

/** The roles a user holds now (inside the caller's transaction, after the user row is locked). */
export async function currentRoleIds(tx: DbOrTx, userId: string): Promise<string[]> {
  return (await tx.select({ roleId: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.roleId);
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
