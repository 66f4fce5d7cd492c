import { describe, expect, it } from "vitest";
import { ADMIN_GROUP_LABEL, NAVIGATION, WORK_QUEUES, adminNavigationFor, navigationFor, workQueuesFor, type NavGroup } from "./navigation";
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
