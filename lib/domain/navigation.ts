import type { Permission } from "./permissions";
import type { DataScope } from "./roles";
import type { Actor } from "./policy";

/**
 * The menu in the manual's structure (督办任务, 绩效统计, 消息中心, 系统设置). An item appears only when
 * its page exists (it is listed here) and the viewer holds its permission; a group with no visible
 * item is left out. The pages check the same permission on the server.
 */
export interface NavItem {
  href: string;
  label: string;
  /** Absent: every signed-in user (待办事项 holds whatever waits on them, possibly nothing). */
  permission?: Permission;
  /** Only for viewers whose data scope is this (e.g. unit-side tracking vs. the office's all-tasks list). */
  scope?: DataScope;
}

export interface NavGroup {
  label: string;
  items: NavItem[];
}

/** The group that holds every back-office page; its items are the admin section's sub-navigation. */
export const ADMIN_GROUP_LABEL = "系统设置";

export const NAVIGATION: NavGroup[] = [
  {
    label: "督办任务",
    // Office work queues first, then the unit side (manual §2.8), then the lists everyone may search.
    items: [
      { href: "/tasks/new", label: "督办登记", permission: "task.register" },
      { href: "/tasks/drafts", label: "登记草稿", permission: "task.register" },
      { href: "/tasks/review", label: "待审签", permission: "task.review" },
      { href: "/tasks/dispatch", label: "待交办", permission: "task.dispatch" },
      { href: "/tasks/feedback", label: "反馈审核", permission: "report.review" },
      { href: "/tasks", label: "全部任务", permission: "task.view", scope: "all_units" },
      { href: "/assignments", label: "任务承办", permission: "assignment.handle" },
      { href: "/assignments/sign", label: "任务审签", permission: "assignment.sign" },
      { href: "/assignments/report", label: "承办反馈", permission: "assignment.handle" },
      { href: "/assignments/tracking", label: "任务跟踪", permission: "task.view", scope: "own_unit" },
      { href: "/archive", label: "任务归档", permission: "task.view" },
    ],
  },
  {
    label: "绩效统计",
    items: [
      { href: "/stats/supervision", label: "政务督查统计", permission: "stats.view" },
      { href: "/stats/scores", label: "绩效考核统计", permission: "stats.view" },
      { href: "/stats/business", label: "部门办件统计", permission: "stats.view" },
    ],
  },
  {
    label: "消息中心",
    items: [
      { href: "/messages/notifications", label: "督查工作通知", permission: "messages.view" },
      { href: "/messages/todo", label: "待办事项" },
      { href: "/messages/inbox", label: "我的消息", permission: "messages.view" },
      { href: "/messages/unit-members", label: "单位用户信息", permission: "unit.members.view" },
    ],
  },
  {
    label: ADMIN_GROUP_LABEL,
    // The back office (系统后台). app/(app)/admin/layout.tsx shows this group as its sub-navigation.
    items: [
      { href: "/admin/users", label: "用户管理", permission: "admin.users" },
      { href: "/admin/roles", label: "角色管理", permission: "admin.roles" },
      { href: "/admin/departments", label: "部门管理", permission: "admin.departments" },
      { href: "/admin/base-data", label: "基础数据", permission: "admin.basedata" },
      { href: "/admin/reminder-rules", label: "提醒规则", permission: "admin.rules" },
      { href: "/admin/message-templates", label: "消息模板", permission: "admin.rules" },
      { href: "/admin/scoring-rules", label: "绩效规则", permission: "admin.rules" },
      { href: "/admin/calendar", label: "工作日历", permission: "admin.rules" },
      { href: "/admin/settings", label: "系统参数", permission: "admin.settings" },
      { href: "/admin/audit", label: "操作日志", permission: "admin.audit" },
    ],
  },
];

export function navigationFor(viewer: Pick<Actor, "permissions" | "dataScope">, nav: NavGroup[] = NAVIGATION): NavGroup[] {
  return nav
    .map((group) => ({
      label: group.label,
      items: group.items.filter((item) => (!item.permission || viewer.permissions.has(item.permission)) && (!item.scope || item.scope === viewer.dataScope)),
    }))
    .filter((group) => group.items.length > 0);
}

/**
 * A tab of the phone's bottom bar (below `sm`): a menu page the viewer has, and the paths it stands for
 * (it is lit on all of them). 首页 and 菜单 (the menu sheet) sit either side of these.
 */
export interface PhoneTab {
  href: string;
  label: string;
  /** Path prefixes this tab is lit for; the longest matching prefix over all tabs wins. */
  match: readonly string[];
}

/**
 * What a user needs most on the move, each tab as the menu pages that may fill it in order of
 * preference: 待办事项; the viewer's own task list (unit clerk: 任务承办, unit leader: 任务审签, office and
 * leaders: 全部任务, anyone else of a unit: 任务跟踪); the messages.
 */
const PHONE_TABS: readonly { label: string; hrefs: readonly string[]; match: readonly string[] }[] = [
  { label: "待办", hrefs: ["/messages/todo"], match: ["/messages/todo"] },
  { label: "任务", hrefs: ["/assignments", "/assignments/sign", "/tasks", "/assignments/tracking", "/archive"], match: ["/tasks", "/assignments", "/archive"] },
  { label: "消息", hrefs: ["/messages/inbox", "/messages/notifications"], match: ["/messages"] },
];

/** The bottom bar's tabs out of the viewer's menu (navigationFor): a tab none of whose pages they have is left out. */
export function phoneTabsFor(groups: NavGroup[]): PhoneTab[] {
  const hrefs = new Set(groups.flatMap((g) => g.items.map((i) => i.href)));
  return PHONE_TABS.flatMap((tab) => {
    const href = tab.hrefs.find((h) => hrefs.has(h));
    return href ? [{ href, label: tab.label, match: tab.match }] : [];
  });
}

/** The tab lit for a path: the one with the longest matching prefix (待办 over 消息 on /messages/todo). */
export function activePhoneTab(tabs: readonly PhoneTab[], pathname: string): PhoneTab | undefined {
  let best: { tab: PhoneTab; length: number } | undefined;
  for (const tab of tabs) {
    for (const prefix of tab.match) {
      if ((pathname === prefix || pathname.startsWith(`${prefix}/`)) && prefix.length > (best?.length ?? -1)) best = { tab, length: prefix.length };
    }
  }
  return best?.tab;
}

/** The back-office pages this viewer may open (empty: the viewer has no business in /admin at all). */
export function adminNavigationFor(viewer: Pick<Actor, "permissions" | "dataScope">, nav: NavGroup[] = NAVIGATION): NavItem[] {
  return navigationFor(viewer, nav).find((group) => group.label === ADMIN_GROUP_LABEL)?.items ?? [];
}

/**
 * Which task list (office side and 任务归档): the filters each adds on top of the viewer's scope and
 * the URL filters.
 */
export type TaskListKind = "all" | "review" | "dispatch" | "drafts" | "archive";

/**
 * handle = 任务承办 (to receive / in progress), sign = 任务审签 (waiting on this unit leader),
 * report = 承办反馈 (signed, to report up), tracking = 任务跟踪 (everything of the unit),
 * feedback = the office's queue of reports waiting for review.
 */
export type AssignmentListKind = "handle" | "sign" | "report" | "tracking" | "feedback";

/** A work queue of the home page: a list page's link and label, and the list whose rows it counts. */
export type WorkQueue = { href: string; label: string; permission: Permission } & ({ tasks: TaskListKind } | { assignments: AssignmentListKind });

export const WORK_QUEUES: readonly WorkQueue[] = [
  { href: "/tasks/drafts", label: "登记草稿（含退回件）", permission: "task.register", tasks: "drafts" },
  { href: "/tasks/review", label: "待我审签", permission: "task.review", tasks: "review" },
  { href: "/tasks/dispatch", label: "待交办", permission: "task.dispatch", tasks: "dispatch" },
  { href: "/tasks/feedback", label: "待审核的反馈", permission: "report.review", assignments: "feedback" },
  { href: "/assignments", label: "待接收、办理中", permission: "assignment.handle", assignments: "handle" },
  { href: "/assignments/report", label: "已审签待上报", permission: "assignment.handle", assignments: "report" },
  { href: "/assignments/sign", label: "待我审签的承办内容", permission: "assignment.sign", assignments: "sign" },
];

/** The work queues this viewer has (only those their permissions give them). */
export function workQueuesFor(viewer: { permissions: ReadonlySet<Permission> }): WorkQueue[] {
  return WORK_QUEUES.filter((q) => viewer.permissions.has(q.permission));
}
