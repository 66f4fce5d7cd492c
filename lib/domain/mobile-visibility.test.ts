import { describe, expect, it } from "vitest";
import { mayViewWholeMobile, shownMobile } from "./mobile-visibility";
import type { Permission } from "./permissions";

const viewer = (permissions: Permission[], dataScope: "all_units" | "own_unit" = "own_unit") => ({
  userId: "me",
  departmentId: "unit-a",
  dataScope,
  permissions: new Set(permissions),
});

describe("who sees a whole mobile number", () => {
  it("the person themselves", () => {
    expect(shownMobile(viewer([]), { userId: "me", departmentId: "unit-a" }, "13812345678")).toBe("13812345678");
  });
  it("a 用户管理 holder within their data scope, not outside it", () => {
    expect(mayViewWholeMobile(viewer(["admin.users"]), { userId: "x", departmentId: "unit-a" })).toBe(true);
    expect(mayViewWholeMobile(viewer(["admin.users"]), { userId: "x", departmentId: "unit-b" })).toBe(false);
    expect(mayViewWholeMobile(viewer(["admin.users"], "all_units"), { userId: "x", departmentId: "unit-b" })).toBe(true);
  });
  it("everyone else sees 138****5678 (the office too; a colleague too)", () => {
    expect(shownMobile(viewer(["task.manage", "unit.members.view"], "all_units"), { userId: "x", departmentId: "unit-a" }, "13812345678")).toBe("138****5678");
    expect(shownMobile(viewer([]), { userId: "x", departmentId: "unit-a" }, "bad")).toBe("（号码无效）");
    expect(shownMobile(viewer([]), { userId: "x", departmentId: "unit-a" }, null)).toBeNull();
  });
});
