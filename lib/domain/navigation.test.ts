import { describe, expect, it } from "vitest";
import { ADMIN_GROUP_LABEL, NAVIGATION, WORK_QUEUES, activePhoneTab, adminNavigationFor, navigationFor, phoneTabsFor, workQueuesFor, type NavGroup } from "./navigation";
import { BUILT_IN_ROLES } from "./roles";
import type { Permission } from "./permissions";

const nav: NavGroup[] = [
  {
    label: "督办任务",
    items: [
      { href: "/tasks/new", label: "督办登记", permission: "task.register" },
      { href: "/tasks", label: "全部任务", permission: "task.view", scope: "all_units" },
      { href: "/assignments/tracking", label: "任务跟踪", permission: "task.view", scope: "own_unit" },
    ],
  },
  { label: "系统设置", items: [{ href: "/admin/users", label: "用户管理", permission: "admin.users" }] },
];

const viewer = (permissions: Permission[], dataScope: "own_unit" | "all_units" = "own_unit") => ({ permissions: new Set(permissions), dataScope });

describe("navigation", () => {
  it("shows only items whose permission the viewer holds, and drops empty groups", () => {
    const groups = navigationFor(viewer(["task.register", "task.view"], "all_units"), nav);
    expect(groups.map((g) => g.label)).toEqual(["督办任务"]);
    expect(groups[0]!.items.map((i) => i.label)).toEqual(["督办登记", "全部任务"]);
  });

  it("picks the scope-specific variant of an item", () => {
    const groups = navigationFor(viewer(["task.view"], "own_unit"), nav);
    expect(groups[0]!.items.map((i) => i.label)).toEqual(["任务跟踪"]);
  });

  it("gives a viewer without permissions an empty menu", () => {
    expect(navigationFor(viewer([]), nav)).toEqual([]);
  });

  it("shows an item without a permission to every viewer (待办事项)", () => {
    const groups = navigationFor(viewer([]));
    expect(groups.map((g) => g.label)).toEqual(["消息中心"]);
    expect(groups[0]!.items.map((i) => i.href)).toEqual(["/messages/todo"]);
  });
});

describe("admin navigation", () => {
  it("lists only the back-office pages the viewer holds a permission for", () => {
    const items = adminNavigationFor(viewer(["admin.users", "admin.audit"], "all_units"));
    expect(items.map((i) => i.href)).toEqual(["/admin/users", "/admin/audit"]);
  });

  it("is empty for a unit clerk, so the admin section turns them away", () => {
    expect(adminNavigationFor(viewer(["task.view", "assignment.handle", "messages.view"]))).toEqual([]);
  });

  it("keeps every back-office link under /admin", () => {
    const admin = NAVIGATION.find((g) => g.label === ADMIN_GROUP_LABEL)!;
    expect(admin.items.length).toBeGreaterThan(0);
    for (const item of admin.items) expect(item.href.startsWith("/admin/")).toBe(true);
  });
});

describe("work queues", () => {
  it("gives each viewer only the queues their permissions open, each pointing at a menu page", () => {
    expect(workQueuesFor(viewer(["task.view", "assignment.handle"])).map((q) => q.href)).toEqual(["/assignments", "/assignments/report"]);
    expect(workQueuesFor(viewer(["task.view"], "all_units"))).toEqual([]);
    const menu = new Set(NAVIGATION.flatMap((g) => g.items.map((i) => i.href)));
    for (const queue of WORK_QUEUES) expect(menu.has(queue.href), queue.href).toBe(true);
  });
});

describe("phone tabs", () => {
  const tabsOf = (code: string) => {
    const role = BUILT_IN_ROLES.find((r) => r.code === code)!;
    return phoneTabsFor(navigationFor({ permissions: new Set(role.permissions), dataScope: role.dataScope }));
  };

  it("gives each built-in role its own task list, out of its menu", () => {
    const hrefs = (code: string) => tabsOf(code).map((t) => `${t.label} ${t.href}`);
    expect(hrefs("unit_clerk")).toEqual(["待办 /messages/todo", "任务 /assignments", "消息 /messages/inbox"]);
    expect(hrefs("unit_leader")).toEqual(["待办 /messages/todo", "任务 /assignments/sign", "消息 /messages/inbox"]);
    expect(hrefs("office_clerk")).toEqual(["待办 /messages/todo", "任务 /tasks", "消息 /messages/inbox"]);
    expect(hrefs("office_leader")).toEqual(["待办 /messages/todo", "任务 /tasks", "消息 /messages/inbox"]);
    expect(hrefs("district_leader")).toEqual(["待办 /messages/todo", "任务 /tasks", "消息 /messages/inbox"]);
    // No task pages: no 任务 tab.
    expect(hrefs("admin")).toEqual(["待办 /messages/todo", "消息 /messages/inbox"]);
  });

  it("only links pages the viewer's menu has", () => {
    for (const role of BUILT_IN_ROLES) {
      const groups = navigationFor({ permissions: new Set(role.permissions), dataScope: role.dataScope });
      const menu = new Set(groups.flatMap((g) => g.items.map((i) => i.href)));
      for (const tab of phoneTabsFor(groups)) expect(menu.has(tab.href)).toBe(true);
    }
    // Only 待办事项 for a viewer without permissions.
    expect(phoneTabsFor(navigationFor(viewer([]))).map((t) => t.href)).toEqual(["/messages/todo"]);
  });

  it("lights the tab of the longest matching prefix", () => {
    const tabs = tabsOf("unit_clerk");
    const lit = (path: string) => activePhoneTab(tabs, path)?.label;
    expect(lit("/messages/todo")).toBe("待办");
    expect(lit("/messages/inbox")).toBe("消息");
    expect(lit("/messages/notifications/123")).toBe("消息");
    expect(lit("/tasks/0f0e5d7c-1111-4222-8333-944445555666")).toBe("任务");
    expect(lit("/assignments/report")).toBe("任务");
    expect(lit("/archive")).toBe("任务");
    expect(lit("/")).toBeUndefined();
    expect(lit("/stats/scores")).toBeUndefined();
    expect(lit("/messagesx")).toBeUndefined();
  });
});
