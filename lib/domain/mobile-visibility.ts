import { maskMobile, normalizeMobile } from "./messages";
import { inScope, type Actor } from "./policy";

/**
 * Who may see a whole mobile number (个人信息最小化展示), the one rule every page and export uses:
 * the person it belongs to, and holders of 用户管理 (`admin.users`) for people inside their data scope —
 * 信息中心, who keeps the numbers and types them in. Everyone else sees 138****5678.
 */
export function mayViewWholeMobile(
  viewer: Pick<Actor, "userId" | "permissions" | "dataScope" | "departmentId">,
  owner: { userId?: string | null; departmentId?: string | null },
): boolean {
  if (owner.userId && owner.userId === viewer.userId) return true;
  return viewer.permissions.has("admin.users") && !!owner.departmentId && inScope(viewer, owner.departmentId);
}

/**
 * The number as this viewer may see it: whole (as typed when it is not a valid mainland number, so an admin
 * can correct it) or masked; null stays null.
 */
export function shownMobile(
  viewer: Pick<Actor, "userId" | "permissions" | "dataScope" | "departmentId">,
  owner: { userId?: string | null; departmentId?: string | null },
  mobile: string | null | undefined,
): string | null {
  if (!mobile) return null;
  return mayViewWholeMobile(viewer, owner) ? (normalizeMobile(mobile) ?? mobile) : maskMobile(mobile);
}
