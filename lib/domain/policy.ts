import type { Permission } from "./permissions";
import type { DataScope } from "./roles";
import { forbidden } from "./errors";

/** What the policy needs to know about whoever is acting. Built by lib/auth from the database. */
export interface Actor {
  userId: string;
  displayName: string;
  departmentId: string;
  departmentName: string;
  /** Whether the actor's department is the supervision office (督查室). */
  isOffice: boolean;
  roleCodes: readonly string[];
  roleNames: readonly string[];
  permissions: ReadonlySet<Permission>;
  dataScope: DataScope;
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
