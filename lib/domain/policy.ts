import type { Permission } from "./permissions";
import type { DataScope } from "./roles";
import { forbidden } from "./errors";

/**
 * Whoever is acting — the one type for it, on every layer (pages, actions, services, reads, domain).
 * Built from the database by lib/services/actors.ts on every request. Pure functions that need fewer
 * fields take an inline `Pick<Actor, …>` so tests can pass small objects.
 */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  departmentId: string;
  departmentName: string;
  /** Whether the actor's department is the supervision office (督查室). */
  isOffice: boolean;
  roleCodes: readonly string[];
  roleNames: readonly string[];
  permissions: ReadonlySet<Permission>;
  dataScope: DataScope;
  enabled: boolean;
  /** Moves on at logout and password change; a session carrying an older value is no longer valid. */
  sessionVersion: number;
  mustChangePassword: boolean;
  /** The local password is older than 密码有效期: like mustChangePassword, only 密码修改 is open. */
  passwordExpired?: boolean;
  /** The user has a confirmed 动态口令 (TOTP) second factor. */
  totpEnabled?: boolean;
  /** 强制管理员启用双因素认证 is on and this administrator has not enrolled yet: only enrolment is open. */
  mustEnrollTotp?: boolean;
}

/** Administrators in the 等保 sense: anyone holding a back-office permission (admin.*). */
export function holdsBackOfficePermission(permissions: ReadonlySet<string>): boolean {
  return [...permissions].some((p) => p.startsWith("admin."));
}

/** Combine the scopes of several roles: any role that sees all units widens the whole actor. */
export function combineScopes(scopes: readonly DataScope[]): DataScope {
  return scopes.includes("all_units") ? "all_units" : "own_unit";
}

export function can(actor: Pick<Actor, "permissions">, permission: Permission): boolean {
  return actor.permissions.has(permission);
}

export function canAny(actor: Pick<Actor, "permissions">, permissions: readonly Permission[]): boolean {
  return permissions.some((p) => actor.permissions.has(p));
}

/** Throws FORBIDDEN unless the actor holds the permission. Call first in every service verb. */
export function assertCan(actor: Pick<Actor, "permissions">, permission: Permission): void {
  if (!can(actor, permission)) throw forbidden();
}

/**
 * Whether a record belonging to `unitId` is within the actor's data scope. Out-of-scope records are
 * reported as "not found" by callers, never as "forbidden", so their existence is not disclosed.
 */
export function inScope(actor: Pick<Actor, "dataScope" | "departmentId">, unitId: string): boolean {
  return actor.dataScope === "all_units" || actor.departmentId === unitId;
}
