import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { rolePermissions, roles, userRoles } from "@/db/schema";
import { DomainError, notFound } from "@/lib/domain/errors";
import { roleChangeRefusal, type Grant } from "@/lib/domain/grants";
import type { Actor } from "@/lib/domain/policy";
import { PERMISSIONS, type Permission } from "@/lib/domain/permissions";
import { DATA_SCOPES, type DataScope } from "@/lib/domain/roles";

/** Permissions the 系统管理员 role must always keep, or nobody could manage users and roles any more. */
export const ADMIN_ROLE_CODE = "admin";
export const ADMIN_ROLE_REQUIRED: readonly Permission[] = ["admin.roles", "admin.users"];

export const roleNameSchema = z.string({ error: "请填写角色名称" }).trim().min(1, "请填写角色名称").max(30, "角色名称不能超过 30 个字");
export const descriptionSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .pipe(z.string().max(200, "说明不能超过 200 个字"));
export const dataScopeSchema = z.enum(DATA_SCOPES, { error: "请选择数据范围" });
export const permissionListSchema = z.preprocess(
  (v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.enum(PERMISSIONS, { error: "权限项不存在，请刷新后重试" })),
);

export interface RoleSnapshot {
  name: string;
  description: string;
  dataScope: DataScope;
  permissions: Permission[];
}

export async function loadRoleForChange(tx: DbOrTx, id: string) {
  const [row] = await tx
    .select({ id: roles.id, code: roles.code, name: roles.name, description: roles.description, builtIn: roles.builtIn, dataScope: roles.dataScope, version: roles.version })
    .from(roles)
    .where(eq(roles.id, id))
    .for("update");
  if (!row) throw notFound("角色");
  return row;
}

export async function roleSnapshot(tx: DbOrTx, id: string): Promise<RoleSnapshot> {
  const [row] = await tx.select({ name: roles.name, description: roles.description, dataScope: roles.dataScope }).from(roles).where(eq(roles.id, id));
  if (!row) throw notFound("角色");
  const perms = await tx.select({ permission: rolePermissions.permission }).from(rolePermissions).where(eq(rolePermissions.roleId, id));
  const order = new Map(PERMISSIONS.map((p, i) => [p, i]));
  return { ...row, permissions: perms.map((p) => p.permission).sort((a, b) => order.get(a)! - order.get(b)!) };
}

export async function replaceRolePermissions(tx: DbOrTx, roleId: string, permissions: readonly Permission[]): Promise<void> {
  await tx.delete(rolePermissions).where(eq(rolePermissions.roleId, roleId));
  const unique = [...new Set(permissions)];
  if (unique.length) await tx.insert(rolePermissions).values(unique.map((permission) => ({ roleId, permission })));
}

/**
 * FORBIDDEN unless the actor may save the role as `next` (lib/domain/grants.ts): no back-office
 * permission they lack, no scope wider than theirs, and no widening of a role they hold themselves.
 */
export async function assertRoleChangeAllowed(tx: DbOrTx, actor: Actor, next: Grant, previous: { id: string; grant: Grant } | null): Promise<void> {
  const held = previous
    ? (await tx.select({ roleId: userRoles.roleId }).from(userRoles).where(and(eq(userRoles.userId, actor.userId), eq(userRoles.roleId, previous.id)))).length > 0
    : false;
  const refusal = roleChangeRefusal(actor, next, previous?.grant ?? null, held);
  if (refusal) throw new DomainError("FORBIDDEN", refusal, { fieldErrors: { permissions: refusal } });
}
