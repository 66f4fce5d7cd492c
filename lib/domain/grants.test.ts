import { describe, expect, it } from "vitest";
import type { Permission } from "./permissions";
import { BUILT_IN_ROLES, type DataScope } from "./roles";
import { accountChangeRefusal, roleChangeRefusal, roleGrantRefusal, type Grant } from "./grants";

const actor = (permissions: Permission[], dataScope: DataScope = "all_units") => ({ permissions: new Set(permissions), dataScope });
const grant = (permissions: Permission[], dataScope: DataScope = "own_unit"): Grant => ({ permissions, dataScope });

const roleAdmin = actor(["admin.roles"]);
const unitRoleAdmin = actor(["admin.roles"], "own_unit");
const sysAdmin = actor(["admin.users", "admin.roles", "admin.departments", "admin.audit", "messages.view"]);

describe("roleChangeRefusal", () => {
  it.each<[string, ReturnType<typeof actor>, Grant, Grant | null, boolean, string | null]>([
    ["a new role with business permissions", roleAdmin, grant(["task.view", "task.dispatch"], "all_units"), null, false, null],
    ["a new role with a back-office permission the actor holds", roleAdmin, grant(["admin.roles"]), null, false, null],
    ["a new role with 用户管理 the actor lacks", roleAdmin, grant(["admin.users"]), null, false, "“用户管理”"],
    ["adding 操作日志 the actor lacks to another role", roleAdmin, grant(["task.view", "admin.audit"]), grant(["task.view"]), false, "“操作日志”"],
    ["keeping 用户管理 the role already had", roleAdmin, grant(["admin.users", "task.view"]), grant(["admin.users"]), false, null],
    ["removing a back-office permission", roleAdmin, grant([]), grant(["admin.users"]), false, null],
    ["an all-units role by a unit-scoped role admin", unitRoleAdmin, grant(["task.view"], "all_units"), null, false, "超出您自己的范围"],
    ["widening a role to all units by a unit-scoped role admin", unitRoleAdmin, grant(["task.view"], "all_units"), grant(["task.view"]), false, "超出您自己的范围"],
    ["keeping an all-units scope a role already had", unitRoleAdmin, grant(["stats.view"], "all_units"), grant(["task.view"], "all_units"), false, null],
    ["adding a business permission to a role the actor holds", sysAdmin, grant(["admin.users", "admin.roles", "task.view"], "all_units"), grant(["admin.users", "admin.roles"], "all_units"), true, "自己所持角色"],
    ["adding an already-held permission to a role the actor holds", sysAdmin, grant(["admin.roles", "admin.audit"]), grant(["admin.roles"]), true, "自己所持角色"],
    ["widening the scope of a role the actor holds", sysAdmin, grant(["admin.roles"], "all_units"), grant(["admin.roles"], "own_unit"), true, "自己所持角色"],
    ["narrowing a role the actor holds", sysAdmin, grant(["admin.roles"], "own_unit"), grant(["admin.roles", "admin.audit"], "all_units"), true, null],
    ["renaming a role the actor holds (same grant)", sysAdmin, grant(["admin.roles"], "all_units"), grant(["admin.roles"], "all_units"), true, null],
  ])("%s", (_, who, next, previous, held, expected) => {
    const refusal = roleChangeRefusal(who, next, previous, held);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});

describe("roleGrantRefusal", () => {
  const unitUserAdmin = actor(["admin.users", "task.view"], "own_unit");
  const role = (name: string, permissions: Permission[], dataScope: DataScope = "own_unit") => ({ name, permissions, dataScope });
  const clerk = role("承办单位经办人", ["task.view", "assignment.handle"]);
  const admin = role("系统管理员", ["admin.users", "admin.roles"], "all_units");
  const officeLeader = role("督查室领导", ["task.view", "task.review"], "all_units");
  const customAdmin = role("单位用户管理员", ["admin.users"], "own_unit");

  it.each<[string, ReturnType<typeof actor>, ReturnType<typeof role>[], boolean, string | null]>([
    ["a unit role to someone else by a unit-scoped user admin", unitUserAdmin, [clerk], false, null],
    ["the 系统管理员 role by a unit-scoped user admin", unitUserAdmin, [admin], false, "超出自身管理权限的角色：系统管理员"],
    ["an all-units business role by a unit-scoped user admin", unitUserAdmin, [officeLeader], false, "全部单位的角色：督查室领导"],
    ["an all-units role by an all-units user admin", sysAdmin, [officeLeader], false, null],
    ["a role with the actor's own back-office power", unitUserAdmin, [customAdmin], false, null],
    ["a role that adds a business permission to the actor themselves", unitUserAdmin, [clerk], true, "不能给自己增加权限：承办单位经办人"],
    ["a role that adds nothing to the actor themselves", unitUserAdmin, [customAdmin], true, null],
    ["no new roles", unitUserAdmin, [], true, null],
  ])("%s", (_, who, added, self, expected) => {
    const refusal = roleGrantRefusal(who, added, self);
    if (expected === null) expect(refusal).toBeNull();
    else expect(refusal).toContain(expected);
  });
});

describe("accountChangeRefusal (三员分立)", () => {
  const builtIn = (code: string) => BUILT_IN_ROLES.find((r) => r.code === code)!;
  const holder = (code: string) => ({ permissions: new Set<Permission>(builtIn(code).permissions), dataScope: builtIn(code).dataScope });

  it("the 系统管理员 may not manage the 安全审计员 or the 安全管理员 (he would sign in as them by resetting a password)", () => {
    expect(accountChangeRefusal(holder("admin"), builtIn("security_auditor").permissions)).toContain("操作日志");
    expect(accountChangeRefusal(holder("admin"), builtIn("security_admin").permissions)).toBeNull();
    expect(accountChangeRefusal(holder("admin"), [...builtIn("security_admin").permissions, "admin.audit"])).toContain("操作日志");
  });

  it("business permissions never count; back-office ones the actor holds are fine", () => {
    expect(accountChangeRefusal(holder("admin"), builtIn("office_clerk").permissions)).toBeNull();
    expect(accountChangeRefusal(holder("admin"), builtIn("admin").permissions)).toBeNull();
    expect(accountChangeRefusal({ permissions: new Set<Permission>(["admin.users"]), dataScope: "all_units" }, ["admin.users", "admin.settings"])).toContain("系统参数");
  });
});
