import { describe, expect, it } from "vitest";
import { todoHref, todoKindsFor, TODO_KINDS, TODO_KIND_LABELS, TODO_KIND_PERMISSIONS } from "./todo";
import { BUILT_IN_ROLES } from "./roles";
import type { Permission } from "./permissions";

const viewer = (permissions: Permission[]) => ({ permissions: new Set(permissions) });
const kindsOf = (code: string) => todoKindsFor(viewer([...BUILT_IN_ROLES.find((r) => r.code === code)!.permissions]));

describe("待办事项 kinds", () => {
  it("every kind has a label and at least one permission", () => {
    for (const kind of TODO_KINDS) {
      expect(TODO_KIND_LABELS[kind]).toBeTruthy();
      expect(TODO_KIND_PERMISSIONS[kind].length).toBeGreaterThan(0);
    }
  });

  it("gives each built-in role the kinds of its steps", () => {
    expect(kindsOf("office_clerk")).toEqual(["draft", "dispatch", "feedback", "extension_office"]);
    expect(kindsOf("office_leader")).toEqual(["review", "feedback", "reroute"]);
    expect(kindsOf("unit_clerk")).toEqual(["receive", "handle", "report", "urge"]);
    expect(kindsOf("unit_leader")).toEqual(["sign", "extension_unit", "urge"]);
    expect(kindsOf("district_leader")).toEqual([]);
    expect(kindsOf("admin")).toEqual(["reroute"]);
  });

  it("links to the task, at the unit's assignment when there is one; 改派 to 用户管理 for whoever may open it", () => {
    const t = "11111111-1111-4111-8111-111111111111";
    const a = "22222222-2222-4222-8222-222222222222";
    const u = "33333333-3333-4333-8333-333333333333";
    expect(todoHref({ kind: "draft", taskId: t, assignmentId: null, refId: null }, viewer([]))).toBe(`/tasks/${t}`);
    expect(todoHref({ kind: "urge", taskId: t, assignmentId: a, refId: u }, viewer([]))).toBe(`/tasks/${t}#assignment-${a}`);
    expect(todoHref({ kind: "reroute", taskId: t, assignmentId: a, refId: u }, viewer(["task.reroute", "admin.users"]))).toBe(`/admin/users/${u}`);
    expect(todoHref({ kind: "reroute", taskId: t, assignmentId: a, refId: u }, viewer(["task.reroute"]))).toBe(`/tasks/${t}#assignment-${a}`);
  });
});
