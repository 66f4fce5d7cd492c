import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES, type BuiltInRoleCode } from "./roles";
import { PERMISSIONS, type Permission } from "./permissions";
import { assertCan, can, combineScopes, inScope } from "./policy";
import { DomainError } from "./errors";

function actorWith(code: BuiltInRoleCode, departmentId = "unit-a") {
  const role = BUILT_IN_ROLES.find((r) => r.code === code)!;
  return { permissions: new Set<Permission>(role.permissions), dataScope: role.dataScope, departmentId };
}

/**
 * The full matrix: every built-in role × every permission. Written out by hand (not derived from the
 * role table) so that a change to a role's rights must be made in two places on purpose.
 */
const EXPECTED: Record<BuiltInRoleCode, Permission[]> = {
  office_clerk: ["task.view", "task.register", "task.dispatch", "task.manage", "report.review", "stats.view", "stats.manage", "messages.view"],
  office_leader: ["task.view", "task.review", "task.reroute", "report.review", "stats.view", "stats.manage", "dashboard.view", "messages.view"],
  unit_clerk: ["task.view", "assignment.handle", "stats.view", "messages.view", "unit.members.view"],
  unit_leader: ["task.view", "assignment.sign", "stats.view", "messages.view", "unit.members.view"],
  district_leader: ["task.view", "stats.view", "dashboard.view", "messages.view"],
  // 三员分立: the system administrator cannot read 操作日志; only the security auditor can.
  admin: ["admin.users", "admin.roles", "admin.departments", "admin.basedata", "admin.rules", "admin.settings", "task.reroute", "messages.view"],
  security_admin: ["admin.roles", "admin.settings", "messages.view"],
  security_auditor: ["admin.audit", "messages.view"],
};

describe("policy matrix", () => {
  for (const role of BUILT_IN_ROLES) {
    for (const permission of PERMISSIONS) {
      const expected = EXPECTED[role.code].includes(permission);
      it(`${role.code} ${expected ? "may" : "may not"} ${permission}`, () => {
        const actor = actorWith(role.code);
        expect(can(actor, permission)).toBe(expected);
        if (expected) expect(() => assertCan(actor, permission)).not.toThrow();
        else expect(() => assertCan(actor, permission)).toThrow(DomainError);
      });
    }
  }
});

describe("data scope", () => {
  it("office, district leader and admin roles see every unit; unit roles only their own", () => {
    const scopes = Object.fromEntries(BUILT_IN_ROLES.map((r) => [r.code, r.dataScope]));
    expect(scopes).toEqual({
      office_clerk: "all_units",
      office_leader: "all_units",
      unit_clerk: "own_unit",
      unit_leader: "own_unit",
      district_leader: "all_units",
      admin: "all_units",
      security_admin: "all_units",
      security_auditor: "own_unit",
    });
  });

  for (const role of BUILT_IN_ROLES) {
    it(`${role.code}: own unit in scope, another unit ${role.dataScope === "all_units" ? "in" : "out of"} scope`, () => {
      const actor = actorWith(role.code, "unit-a");
      expect(inScope(actor, "unit-a")).toBe(true);
      expect(inScope(actor, "unit-b")).toBe(role.dataScope === "all_units");
    });
  }

  it("a user holding a unit role and an office role is widened to all units", () => {
    expect(combineScopes(["own_unit", "all_units"])).toBe("all_units");
    expect(combineScopes(["own_unit", "own_unit"])).toBe("own_unit");
    expect(combineScopes([])).toBe("own_unit");
  });

  it("assertCan reports FORBIDDEN with a Chinese message", () => {
    try {
      assertCan(actorWith("unit_clerk"), "task.dispatch");
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).code).toBe("FORBIDDEN");
      expect((error as DomainError).message).toMatch(/权限/);
    }
  });
});
