import type { Permission } from "./permissions";
import type { DataScope } from "./roles";

/**
 * The menu in the manual's structure (督办任务, 绩效统计, 消息中心, 系统设置). An item appears only when
 * its page exists (it is listed here) and the viewer holds its permission; a group with no visible
 * item is left out. The pages check the same permission on the server.
 */
export interface NavItem {
  href: string;
  label: string;
  permission: Permission;
  /** Only for viewers whose data scope is this (e.g. unit-side tracking vs. the office's all-tasks list). */
  scope?: DataScope;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

export const NAVIGATION: NavGroup[] = [
  { label: "督办任务", items: [] },
  { label: "绩效统计", items: [] },
  { label: "消息中心", items: [] },
  { label: "系统设置", items: [] },
];

export function navigationFor(viewer: { permissions: ReadonlySet<Permission>; dataScope: DataScope }, nav: NavGroup[] = NAVIGATION): NavGroup[] {
  return nav
    .map((group) => ({
      label: group.label,
      items: group.items.filter((item) => viewer.permissions.has(item.permission) && (!item.scope || item.scope === viewer.dataScope)),
    }))
    .filter((group) => group.items.length > 0);
}
