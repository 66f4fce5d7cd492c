import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { combineScopes, type Actor } from "@/lib/domain/policy";
import type { DataScope } from "@/lib/domain/roles";
import type { Permission } from "@/lib/domain/permissions";

/**
 * Loads a user as the policy sees them: department, roles, the union of their permissions and scope.
 * Lives outside the server-only data layer so scripts (seed, benchmarks) build actors the same way.
 * One statement (roles and permissions aggregated beside the user's row): every page and action starts here,
 * so it costs one round trip, not three.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [row] = await db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      enabled: users.enabled,
      sessionVersion: users.sessionVersion,
      mustChangePassword: users.mustChangePassword,
      departmentId: users.departmentId,
      departmentName: departments.name,
      departmentKind: departments.kind,
      roles: sql<Array<{ code: string; name: string; dataScope: DataScope }>>`coalesce((
        select json_agg(json_build_object('code', ${roles.code}, 'name', ${roles.name}, 'dataScope', ${roles.dataScope}) order by ${roles.code})
        from ${userRoles} join ${roles} on ${roles.id} = ${userRoles.roleId} where ${userRoles.userId} = ${users.id}), '[]'::json)`,
      permissions: sql<Permission[] | null>`(
        select array_agg(distinct ${rolePermissions.permission}::text)
        from ${userRoles} join ${rolePermissions} on ${rolePermissions.roleId} = ${userRoles.roleId} where ${userRoles.userId} = ${users.id})`,
    })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, userId));
  if (!row) return null;
  const roleRows = typeof row.roles === "string" ? (JSON.parse(row.roles) as typeof row.roles) : row.roles;

  return {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    enabled: row.enabled,
    sessionVersion: row.sessionVersion,
    mustChangePassword: row.mustChangePassword,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    isOffice: row.departmentKind === "office",
    roleCodes: roleRows.map((r) => r.code),
    roleNames: roleRows.map((r) => r.name),
    permissions: new Set<Permission>(row.permissions ?? []),
    dataScope: combineScopes(roleRows.map((r) => r.dataScope)),
  };
}

/** The same, by login name (scripts and seeds); null when there is no such user. */
export async function loadActorByUsername(db: DbOrTx, username: string): Promise<Actor | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadActor(db, row.id) : null;
}
