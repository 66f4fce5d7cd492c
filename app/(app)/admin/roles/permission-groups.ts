import { PERMISSIONS, type Permission } from "@/lib/domain/permissions";

const GROUPS: { label: string; permissions: Permission[] }[] = [
  { label: "督办任务（督查室）", permissions: ["task.view", "task.register", "task.review", "task.dispatch", "task.manage", "task.reroute", "report.review"] },
  { label: "承办单位", permissions: ["assignment.handle", "assignment.sign", "unit.members.view"] },
  { label: "统计与消息", permissions: ["stats.view", "messages.view"] },
  {
    label: "系统后台",
    permissions: ["admin.users", "admin.roles", "admin.departments", "admin.basedata", "admin.rules", "admin.settings", "admin.audit"],
  },
];

/**
 * How the permission matrix is grouped on screen (the rows of lib/domain/permissions.ts by area). A
 * permission added to the policy later and not yet placed here still shows, under 其他.
 */
export function permissionGroups(): { label: string; permissions: Permission[] }[] {
  const placed = new Set(GROUPS.flatMap((g) => g.permissions));
  const others = PERMISSIONS.filter((p) => !placed.has(p));
  const known = new Set<string>(PERMISSIONS);
  const groups = GROUPS.map((g) => ({ ...g, permissions: g.permissions.filter((p) => known.has(p)) }));
  return others.length ? [...groups, { label: "其他", permissions: others }] : groups;
}
