import "server-only";
import { asc, count, desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rolePermissions, roles, userRoles } from "@/db/schema";
import type { Permission } from "@/lib/domain/permissions";
import type { DataScope } from "@/lib/domain/roles";
import { assertCan } from "@/lib/domain/policy";
import type { Actor } from "@/lib/domain/policy";
import { isUuid } from "@/lib/domain/ids";

export interface AdminRole {
  id: string;
  code: string;
  name: string;
  description: string;
  builtIn: boolean;
  dataScope: DataScope;
  version: number;
  permissions: Permission[];
  holders: number;
}

/** 角色管理: every role with its permissions and how many users hold it; built-in roles first. */
export async function listAdminRoles(viewer: Actor): Promise<AdminRole[]> {
  assertCan(viewer, "admin.roles");
  const db = getDb();
  const rows = await db
    .select({ id: roles.id, code: roles.code, name: roles.name, description: roles.description, builtIn: roles.builtIn, dataScope: roles.dataScope, version: roles.version })
    .from(roles)
    .orderBy(desc(roles.builtIn), asc(roles.createdAt), asc(roles.name));
  const perms = await db.select({ roleId: rolePermissions.roleId, permission: rolePermissions.permission }).from(rolePermissions);
  const holders = await db.select({ roleId: userRoles.roleId, n: count() }).from(userRoles).groupBy(userRoles.roleId);
  return rows.map((r) => ({
    ...r,
    permissions: perms.filter((p) => p.roleId === r.id).map((p) => p.permission),
    holders: holders.find((h) => h.roleId === r.id)?.n ?? 0,
  }));
}

export async function getAdminRole(viewer: Actor, id: string): Promise<AdminRole | null> {
  assertCan(viewer, "admin.roles");
  if (!isUuid(id)) return null;
  const db = getDb();
  const [row] = await db
    .select({ id: roles.id, code: roles.code, name: roles.name, description: roles.description, builtIn: roles.builtIn, dataScope: roles.dataScope, version: roles.version })
    .from(roles)
    .where(eq(roles.id, id));
  if (!row) return null;
  const perms = await db.select({ permission: rolePermissions.permission }).from(rolePermissions).where(eq(rolePermissions.roleId, id));
  const [h] = await db.select({ n: count() }).from(userRoles).where(eq(userRoles.roleId, id));
  return { ...row, permissions: perms.map((p) => p.permission), holders: h?.n ?? 0 };
}
