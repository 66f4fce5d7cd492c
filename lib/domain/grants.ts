import { PERMISSION_LABELS, type Permission } from "./permissions";
import type { Actor } from "./policy";
import type { DataScope } from "./roles";

/**
 * The no-escalation rule of the back office: nobody grants or edits a role, permission or data scope
 * wider than their own, through any verb (create/update role, create/update/import user).
 *
 * - Back-office permissions (admin.*) are powers over the system itself: only a holder may hand one
 *   out (add it to a role, or give someone a role that carries it). Business permissions (task.*,
 *   assignment.*, …) are what the back office exists to hand out, so a 角色管理 / 用户管理 holder may
 *   grant them to others without holding them.
 * - A data scope may not be widened beyond the actor's own: a unit-scoped admin cannot make a role
 *   see all units, nor give anyone a role that does.
 * - Nobody widens their own powers: a role the actor holds cannot gain a permission or a wider
 *   scope by their hand, and an actor cannot give themselves a role that adds anything to what they
 *   already hold.
 * Only what is added counts: keeping or removing what a role or user already has is never escalation.
 */

/** A role's grant: what its holders may do and where. */
export interface Grant {
  permissions: readonly Permission[];
  dataScope: DataScope;
}

/** A role as it is being granted to a user. */
export interface NamedGrant extends Grant {
  name: string;
}

type Granter = Pick<Actor, "permissions" | "dataScope">;

export const isBackOfficePermission = (p: Permission): boolean => p.startsWith("admin.");

const wider = (scope: DataScope, than: DataScope) => scope === "all_units" && than !== "all_units";
const labels = (ps: readonly Permission[]) => ps.map((p) => `“${PERMISSION_LABELS[p]}”`).join("");

/**
 * Why the actor may not save a role as `next` (it was `previous`, or is new), or null when allowed.
 * `heldByActor`: the actor holds this role themselves.
 */
export function roleChangeRefusal(actor: Granter, next: Grant, previous: Grant | null, heldByActor: boolean): string | null {
  const had = new Set(previous?.permissions ?? []);
  const added = [...new Set(next.permissions)].filter((p) => !had.has(p));
  const scopeWidened = wider(next.dataScope, previous?.dataScope ?? "own_unit");
  if (heldByActor && (added.length > 0 || scopeWidened)) {
    return "不能扩大自己所持角色的权限或数据范围，请由其他管理员操作";
  }
  const notHeld = added.filter((p) => isBackOfficePermission(p) && !actor.permissions.has(p));
  if (notHeld.length > 0) return `不能授予您自己没有的管理权限：${labels(notHeld)}`;
  if (scopeWidened && wider(next.dataScope, actor.dataScope)) return "不能把数据范围设为超出您自己的范围（全部单位）";
  return null;
}

/**
 * Why the actor may not give a user the roles `added` (roles the user does not hold yet), or null.
 * `self`: the user is the actor.
 */
export function roleGrantRefusal(actor: Granter, added: readonly NamedGrant[], self: boolean): string | null {
  const names = (rs: readonly NamedGrant[]) => rs.map((r) => r.name).join("、");
  const adminBeyond = added.filter((r) => r.permissions.some((p) => isBackOfficePermission(p) && !actor.permissions.has(p)));
  if (adminBeyond.length > 0) return `您不能授予超出自身管理权限的角色：${names(adminBeyond)}`;
  const scopeBeyond = added.filter((r) => wider(r.dataScope, actor.dataScope));
  if (scopeBeyond.length > 0) return `您不能授予数据范围为全部单位的角色：${names(scopeBeyond)}`;
  if (self) {
    const widening = added.filter((r) => r.permissions.some((p) => !actor.permissions.has(p)));
    if (widening.length > 0) return `不能给自己增加权限：${names(widening)}`;
  }
  return null;
}

/**
 * Why the actor may not change another account (edit, reset its password, enable or disable it), or null.
 * `targetPermissions`: what that account holds now. A user admin who could reset the password of someone
 * holding a back-office power the admin lacks (安全审计员's 操作日志) could sign in as them and use it: so
 * such an account is managed only by someone who holds every back-office power it has.
 */
export function accountChangeRefusal(actor: Granter, targetPermissions: readonly Permission[]): string | null {
  const beyond = [...new Set(targetPermissions)].filter((p) => isBackOfficePermission(p) && !actor.permissions.has(p));
  return beyond.length > 0 ? `不能管理持有您所没有的管理权限的账号：${labels(beyond)}` : null;
}
