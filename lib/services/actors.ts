import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, rolePermissions, roles, systemSettings, userRoles, userSessions, users } from "@/db/schema";
import { isUuid } from "@/lib/domain/ids";
import { combineScopes, holdsBackOfficePermission, type Actor } from "@/lib/domain/policy";
import type { DataScope } from "@/lib/domain/roles";
import type { Permission } from "@/lib/domain/permissions";

/**
 * Loads a user as the policy sees them: department, roles, the union of their permissions and scope.
 * Lives outside the server-only data layer so scripts (seed, benchmarks) build actors the same way.
 * One statement (roles and permissions aggregated beside the user's row): every page and action starts here,
 * so it costs one round trip, not three.
 */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  return (await loadSessionActor(db, userId, null))?.actor ?? null;
}

/**
 * What the session registry says about one login (user_sessions): `active`; `pending` (动态口令 still to be
 * entered); the reason it was revoked (`logout`, `password_changed`, `session_limit`, `user_ended`, `admin`);
 * or `unknown` (no such session of this user — e.g. a cookie issued before the registry existed).
 */
export type SessionState = "active" | "pending" | "unknown" | (string & {});

/** A JSON setting read inside the statement (系统参数 rows; a missing or malformed row counts as off). */
const settingNumber = (key: string) =>
  sql`(select case when jsonb_typeof(${systemSettings.value}) = 'number' then (${systemSettings.value} #>> '{}')::numeric end from ${systemSettings} where ${systemSettings.key} = ${key})`;

/**
 * The viewer's load: the actor, the state of the session the cookie names, whether the password is past
 * 密码有效期 and whether 强制管理员启用双因素认证 is on — all in the same one statement, so the session
 * registry and the login-security settings cost no extra round trip per request.
 */
export async function loadSessionActor(db: DbOrTx, userId: string, sessionId: string | null): Promise<{ actor: Actor; sessionState: SessionState } | null> {
  if (!isUuid(userId)) return null;
  const sessionState =
    sessionId && isUuid(sessionId)
      ? sql<string>`coalesce((
          select case when ${userSessions.revokedAt} is not null then coalesce(${userSessions.revokedReason}, 'revoked')
                      when ${userSessions.secondFactorPending} then 'pending' else 'active' end
          from ${userSessions} where ${userSessions.id} = ${sessionId}::uuid and ${userSessions.userId} = ${users.id}), 'unknown')`
      : sql<string>`'unknown'`;
  const [row] = await db
    .select({
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      enabled: users.enabled,
      sessionVersion: users.sessionVersion,
      mustChangePassword: users.mustChangePassword,
      totpEnabled: sql<boolean>`${users.totpEnabledAt} is not null`,
      passwordExpired: sql<boolean>`coalesce(${users.passwordHash} is not null and ${settingNumber("passwordMaxAgeDays")} > 0
        and ${users.passwordChangedAt} < now() - make_interval(days => ${settingNumber("passwordMaxAgeDays")}::int), false)`,
      adminTotpRequired: sql<boolean>`coalesce((select ${systemSettings.value} = 'true'::jsonb from ${systemSettings} where ${systemSettings.key} = 'adminTotpRequired'), false)`,
      sessionState,
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
  const permissions = new Set<Permission>(row.permissions ?? []);
  const totpEnabled = Boolean(row.totpEnabled);
  const actor: Actor = {
    userId: row.userId,
    username: row.username,
    displayName: row.displayName,
    enabled: row.enabled,
    sessionVersion: row.sessionVersion,
    mustChangePassword: row.mustChangePassword,
    passwordExpired: Boolean(row.passwordExpired),
    totpEnabled,
    mustEnrollTotp: Boolean(row.adminTotpRequired) && !totpEnabled && holdsBackOfficePermission(permissions),
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    isOffice: row.departmentKind === "office",
    roleCodes: roleRows.map((r) => r.code),
    roleNames: roleRows.map((r) => r.name),
    permissions,
    dataScope: combineScopes(roleRows.map((r) => r.dataScope)),
  };
  return { actor, sessionState: row.sessionState };
}

/** The same, by login name (scripts and seeds); null when there is no such user. */
export async function loadActorByUsername(db: DbOrTx, username: string): Promise<Actor | null> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadActor(db, row.id) : null;
}
