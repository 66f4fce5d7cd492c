import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES } from "./roles";
import { taskReach } from "./scope";

const viewerOf = (code: string) => {
  const role = BUILT_IN_ROLES.find((r) => r.code === code)!;
  return { userId: "u-1", departmentId: "unit-1", dataScope: role.dataScope, permissions: new Set(role.permissions) };
};

describe("taskReach", () => {
  it.each([
    ["office_clerk", { kind: "all" }],
    ["office_leader", { kind: "all" }],
    ["district_leader", { kind: "all_except", hiddenStatuses: ["draft", "in_review", "returned"] }],
    ["unit_clerk", { kind: "unit", departmentId: "unit-1" }],
    ["unit_leader", { kind: "unit", departmentId: "unit-1" }],
    ["admin", { kind: "none" }],
  ])("%s → %o", (code, reach) => {
    expect(taskReach(viewerOf(code))).toEqual(reach);
  });

  it("takes the data scope, not the department, to widen a viewer", () => {
    expect(taskReach({ userId: "u-1", departmentId: "office", dataScope: "own_unit", permissions: new Set(["task.view", "task.register"]) })).toEqual({ kind: "unit", departmentId: "office" });
  });
});

describe("taskReach for acting", () => {
  it("does not need task.view: the verb's own permission was checked before the load", () => {
    expect(taskReach(viewerOf("admin"), "act")).toEqual({ kind: "all" });
    expect(taskReach(viewerOf("district_leader"), "act")).toEqual({ kind: "all" });
    expect(taskReach(viewerOf("office_clerk"), "act")).toEqual({ kind: "all" });
    expect(taskReach(viewerOf("unit_leader"), "act")).toEqual({ kind: "unit", departmentId: "unit-1" });
  });
});
