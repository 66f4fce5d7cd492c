import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, departments, rolePermissions, roles, userRoles, users } from "@/db/schema";
import type { Permission } from "@/lib/domain/permissions";
import type { DataScope } from "@/lib/domain/roles";
import type { Actor } from "@/lib/domain/policy";
import { expectDomainError } from "@/test/expect-error";
import { createRole } from "./roles/create-role";
import { updateRole } from "./roles/update-role";
import { createUser } from "./users/create-user";
import { updateUser } from "./users/update-user";
import { importUsers } from "./users/import-users";

/**
 * Issue 7 item 2: nobody grants or edits a role, permission or data scope wider than their own.
 * Every verb that can grant (create/update role, create/update/import user) is tried by an actor who
 * would gain from it; each refusal must be FORBIDDEN and leave every table as it was.
 */

let cleanup: () => Promise<void>;
let sysAdmin: Actor; // 系统管理员: all units, every admin.* power
let unitRoleAdmin: Actor; // 区教委's own role admin: 角色管理 only, own unit
let unitUserAdmin: Actor; // 区教委's own user admin: 用户管理 + 承办单位领导, own unit

const db = () => getDb();
const roleByCode = async (code: string) => (await db().select().from(roles).where(eq(roles.code, code)))[0]!;
const permsOf = async (roleId: string) =>
  (await db().select({ p: rolePermissions.permission }).from(rolePermissions).where(eq(rolePermissions.roleId, roleId))).map((r) => r.p).sort();
const userRow = async (username: string) => (await db().select().from(users).where(eq(users.username, username)))[0]!;
const rolesOf = async (userId: string) => (await db().select({ r: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, userId))).map((r) => r.r).sort();
const deptId = async (name: string) => (await db().select({ id: departments.id }).from(departments).where(eq(departments.name, name)))[0]!.id;

/** Row counts of every table a grant could write, plus the audit log. */
async function footprint() {
  const n = async (table: typeof roles | typeof users | typeof userRoles | typeof rolePermissions | typeof auditLogs) =>
    (await db().select({ n: count() }).from(table))[0]!.n;
  return { roles: await n(roles), rolePermissions: await n(rolePermissions), users: await n(users), userRoles: await n(userRoles), audit: await n(auditLogs) };
}

/** Runs a refused call and checks it was FORBIDDEN with nothing written anywhere. */
async function refusedWithNothingWritten(call: () => Promise<unknown>, message: string) {
  const before = await footprint();
  await expectDomainError(call(), "FORBIDDEN", message);
  expect(await footprint()).toEqual(before);
}

async function customRole(code: string, name: string, dataScope: DataScope, permissions: Permission[], holder: string) {
  const [role] = await db().insert(roles).values({ code, name, dataScope }).returning();
  await db().insert(rolePermissions).values(permissions.map((permission) => ({ roleId: role!.id, permission })));
  await db().insert(userRoles).values({ userId: (await userRow(holder)).id, roleId: role!.id });
  return role!;
}

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  sysAdmin = await actorNamed("admin");
  await customRole("unit_role_admin", "单位角色管理员", "own_unit", ["admin.roles"], "jw_jbr2");
  unitRoleAdmin = await actorNamed("jw_jbr2");
  await customRole("unit_user_admin", "单位用户管理员", "own_unit", ["admin.users"], "jw_ld");
  unitUserAdmin = await actorNamed("jw_ld");
});
afterAll(() => cleanup());

describe("create role", () => {
  it.each<[string, () => Actor, Permission[], DataScope, string]>([
    ["a back-office permission the actor lacks (用户管理)", () => unitRoleAdmin, ["admin.users"], "own_unit", "“用户管理”"],
    ["角色管理 plus 系统参数 the actor lacks", () => unitRoleAdmin, ["admin.roles", "admin.settings"], "own_unit", "“系统参数”"],
    ["an all-units scope from a unit-scoped role admin", () => unitRoleAdmin, ["task.view"], "all_units", "超出您自己的范围"],
  ])("refuses %s", async (_, who, permissions, dataScope, message) => {
    await refusedWithNothingWritten(() => createRole(who(), { name: "越权角色", dataScope, permissions }), message);
  });

  it("still lets a role admin create a business role within their scope", async () => {
    await createRole(unitRoleAdmin, { name: "本单位统计员", dataScope: "own_unit", permissions: ["task.view", "stats.view"] });
    expect((await db().select().from(roles).where(eq(roles.name, "本单位统计员"))).length).toBe(1);
  });
});

describe("update role", () => {
  it("refuses adding a back-office permission the actor lacks to someone else's role", async () => {
    const r = await roleByCode("office_leader");
    const before = await permsOf(r.id);
    await refusedWithNothingWritten(
      () => updateRole(unitRoleAdmin, { id: r.id, version: r.version, name: r.name, dataScope: r.dataScope, permissions: [...before, "admin.users"] }),
      "“用户管理”",
    );
    expect(await permsOf(r.id)).toEqual(before);
    expect((await roleByCode("office_leader")).version).toBe(r.version);
  });

  it("refuses widening another role to all units from a unit-scoped role admin", async () => {
    const r = await roleByCode("unit_leader");
    const permissions = await permsOf(r.id);
    await refusedWithNothingWritten(
      () => updateRole(unitRoleAdmin, { id: r.id, version: r.version, name: r.name, dataScope: "all_units", permissions }),
      "超出您自己的范围",
    );
    expect((await roleByCode("unit_leader")).dataScope).toBe("own_unit");
  });

  it.each<[string, () => Actor, string, (perms: Permission[]) => Permission[], DataScope | null]>([
    ["角色管理 holder adds 用户管理 to their own role", () => unitRoleAdmin, "unit_role_admin", (p) => [...p, "admin.users"], null],
    ["角色管理 holder adds a business permission to their own role", () => unitRoleAdmin, "unit_role_admin", (p) => [...p, "task.dispatch"], null],
    ["系统管理员 adds 督办登记 to the 系统管理员 role", () => sysAdmin, "admin", (p) => [...p, "task.register"], null],
  ])("refuses: %s", async (_, who, code, widen, scope) => {
    const r = await roleByCode(code);
    const before = await permsOf(r.id);
    await refusedWithNothingWritten(
      () => updateRole(who(), { id: r.id, version: r.version, name: r.name, dataScope: scope ?? r.dataScope, permissions: widen(before) }),
      "自己所持角色",
    );
    expect(await permsOf(r.id)).toEqual(before);
  });

  it("refuses widening the scope of a role the actor holds", async () => {
    const r = await roleByCode("unit_role_admin");
    await refusedWithNothingWritten(
      () => updateRole(unitRoleAdmin, { id: r.id, version: r.version, name: r.name, dataScope: "all_units", permissions: ["admin.roles"] }),
      "自己所持角色",
    );
  });

  it("still lets a role admin narrow their own role, and grant business permissions to a role they do not hold", async () => {
    const other = await roleByCode("district_leader");
    await updateRole(sysAdmin, { id: other.id, version: other.version, name: other.name, dataScope: "all_units", permissions: [...(await permsOf(other.id)), "unit.members.view"] });
    expect(await permsOf(other.id)).toContain("unit.members.view");
    const own = await roleByCode("admin");
    const without = (await permsOf(own.id)).filter((p) => p !== "messages.view");
    await updateRole(sysAdmin, { id: own.id, version: own.version, name: own.name, dataScope: "all_units", permissions: without });
    expect(await permsOf(own.id)).toEqual(without);
  });
});

describe("create user", () => {
  const input = async (username: string, roleCode: string) => ({
    username,
    displayName: "提权测试",
    departmentId: await deptId("区教委"),
    roleIds: [(await roleByCode(roleCode)).id],
    password: "Linshi#2026",
  });

  it("refuses an all-units role from a unit-scoped user admin", async () => {
    await refusedWithNothingWritten(async () => createUser(unitUserAdmin, await input("esc_a", "district_leader")), "全部单位的角色：区领导");
  });

  it("refuses a role with back-office permissions the user admin lacks", async () => {
    await refusedWithNothingWritten(async () => createUser(unitUserAdmin, await input("esc_b", "unit_role_admin")), "超出自身管理权限的角色：单位角色管理员");
  });
});

describe("update user", () => {
  it("refuses giving another user an all-units role from a unit-scoped user admin", async () => {
    const target = await userRow("jw_jbr");
    const before = await rolesOf(target.id);
    await refusedWithNothingWritten(
      async () =>
        updateUser(unitUserAdmin, {
          id: target.id,
          version: target.version,
          displayName: target.displayName,
          mobile: target.mobile ?? "",
          departmentId: target.departmentId,
          roleIds: [...before, (await roleByCode("office_leader")).id],
        }),
      "全部单位的角色：督查室领导",
    );
    expect(await rolesOf(target.id)).toEqual(before);
    expect((await userRow("jw_jbr")).version).toBe(target.version);
  });

  it("refuses a user admin giving themselves a role that adds a permission (even a business one)", async () => {
    const self = await userRow("jw_ld");
    const before = await rolesOf(self.id);
    await refusedWithNothingWritten(
      async () =>
        updateUser(unitUserAdmin, {
          id: self.id,
          version: self.version,
          displayName: self.displayName,
          mobile: self.mobile ?? "",
          departmentId: self.departmentId,
          roleIds: [...before, (await roleByCode("unit_clerk")).id],
        }),
      "不能给自己增加权限：承办单位经办人",
    );
    expect(await rolesOf(self.id)).toEqual(before);
  });

  it("still lets the unit user admin edit a user who already holds a role beyond them (only additions count)", async () => {
    const target = await userRow("jw_jbr");
    const officeLeader = (await roleByCode("office_leader")).id;
    await db().insert(userRoles).values({ userId: target.id, roleId: officeLeader });
    const roleIds = await rolesOf(target.id);
    await updateUser(unitUserAdmin, { id: target.id, version: target.version, displayName: "改名后", mobile: target.mobile ?? "", departmentId: target.departmentId, roleIds });
    expect((await userRow("jw_jbr")).displayName).toBe("改名后");
    await db().delete(userRoles).where(sql`${userRoles.userId} = ${target.id} and ${userRoles.roleId} = ${officeLeader}`);
  });
});

describe("import users", () => {
  async function sheet(rows: string[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("用户导入");
    ws.addRow(["用户名", "姓名", "手机号", "所属单位", "角色", "短信接收人", "初始密码"]);
    for (const r of rows) ws.addRow(r);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it.each([
    ["an all-units role", "区领导"],
    ["a role with back-office permissions the importer lacks", "系统管理员"],
  ])("refuses a sheet that grants %s, importing no row at all", async (_, roleName) => {
    const bytes = await sheet([
      ["imp_ok", "正常行", "", "区教委", "承办单位经办人", "否", "Daoru#2026"],
      ["imp_esc", "提权行", "", "区教委", roleName, "否", "Daoru#2026"],
    ]);
    const error = await expectDomainError(importUsers(unitUserAdmin, { bytes }), "FORBIDDEN", "未导入任何用户");
    expect(error.fieldErrors).toEqual({ "row-3": `无权授予角色“${roleName}”` });
    await refusedWithNothingWritten(() => importUsers(unitUserAdmin, { bytes }), "无权授予的角色");
    expect((await db().select().from(users).where(eq(users.username, "imp_ok"))).length).toBe(0);
  });
});
