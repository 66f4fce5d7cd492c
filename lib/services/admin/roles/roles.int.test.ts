import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, desc, eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, rolePermissions, roles, userRoles, users } from "@/db/schema";
import { createRole } from "./create-role";
import { updateRole } from "./update-role";
import { deleteRole } from "./delete-role";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;

const actorOf = actorNamed;
const role = async (where: { code?: string; name?: string }) =>
  (await getDb().select().from(roles).where(where.code ? eq(roles.code, where.code) : eq(roles.name, where.name!)))[0];
const permsOf = async (id: string) => (await getDb().select({ p: rolePermissions.permission }).from(rolePermissions).where(eq(rolePermissions.roleId, id))).map((r) => r.p).sort();
const roleCount = async () => (await getDb().select({ n: count() }).from(roles))[0]!.n;
const auditCount = async () => (await getDb().select({ n: count() }).from(auditLogs))[0]!.n;
const lastAudit = async (action: string) => (await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1))[0];

const expectError = expectDomainError;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actorOf("admin");
  clerk = await actorOf("dcs_jbr");
});
afterAll(() => cleanup());

describe("createRole", () => {
  it("creates a custom role with scope and permissions and records it", async () => {
    const { id } = await createRole(admin, { name: "统计查看员", description: "只看统计", dataScope: "all_units", permissions: ["stats.view", "task.view"] }, { ip: "10.0.0.1" });
    expect(await role({ name: "统计查看员" })).toMatchObject({ id, builtIn: false, dataScope: "all_units" });
    expect(await permsOf(id)).toEqual(["stats.view", "task.view"]);
    expect((await lastAudit("admin.role.create"))!.detail).toEqual({
      before: null,
      after: { name: "统计查看员", description: "只看统计", dataScope: "all_units", permissions: ["task.view", "stats.view"] },
    });
  });

  it.each([
    [{ name: "" }, "请填写角色名称"],
    [{ name: "督查室经办人" }, "角色名称已存在"],
    [{ dataScope: "everything" }, "请选择数据范围"],
    [{ permissions: ["task.view", "root"] }, "权限项不存在"],
  ])("refuses %j and writes nothing", async (patch, message) => {
    const [r0, a0] = [await roleCount(), await auditCount()];
    await expectError(createRole(admin, { name: "新角色", dataScope: "own_unit", permissions: [], ...patch }), "VALIDATION", message);
    expect([await roleCount(), await auditCount()]).toEqual([r0, a0]);
  });

  it("is FORBIDDEN for an office clerk", async () => {
    await expectError(createRole(clerk, { name: "越权", dataScope: "all_units", permissions: ["admin.users"] }), "FORBIDDEN");
    expect(await role({ name: "越权" })).toBeUndefined();
  });
});

describe("updateRole", () => {
  it("sets permissions and scope of a built-in role with before/after in the log", async () => {
    const r = (await role({ code: "district_leader" }))!;
    await updateRole(admin, { id: r.id, version: r.version, name: r.name, description: r.description, dataScope: "all_units", permissions: ["task.view", "stats.view"] });
    expect(await permsOf(r.id)).toEqual(["stats.view", "task.view"]);
    expect((await role({ code: "district_leader" }))!.version).toBe(r.version + 1);
    const detail = (await lastAudit("admin.role.update"))!.detail as { before: { permissions: string[] }; after: { permissions: string[] } };
    expect(detail.before.permissions).toContain("messages.view");
    expect(detail.after.permissions).not.toContain("messages.view");
  });

  it("takes effect for the role's holders at their next request", async () => {
    const r = (await role({ code: "unit_clerk" }))!;
    await updateRole(admin, { id: r.id, version: r.version, name: r.name, description: r.description, dataScope: "own_unit", permissions: ["task.view", "assignment.handle", "stats.view"] });
    expect((await actorOf("jw_jbr")).permissions.has("stats.view")).toBe(true);
  });

  it("renames a custom role but not a built-in one", async () => {
    const custom = (await role({ name: "统计查看员" }))!;
    await updateRole(admin, { id: custom.id, version: custom.version, name: "统计观察员", dataScope: "all_units", permissions: ["stats.view"] });
    expect((await role({ code: custom.code }))!.name).toBe("统计观察员");
    const builtIn = (await role({ code: "office_leader" }))!;
    await expectError(updateRole(admin, { id: builtIn.id, version: builtIn.version, name: "领导", dataScope: "all_units", permissions: [] }), "VALIDATION", "内置角色不能改名");
    expect((await role({ code: "office_leader" }))!.name).toBe("督查室领导");
  });

  it("keeps 用户管理 and 角色管理 on the 系统管理员 role so nobody is locked out", async () => {
    const r = (await role({ code: "admin" }))!;
    const before = await permsOf(r.id);
    await expectError(
      updateRole(admin, { id: r.id, version: r.version, name: r.name, dataScope: "all_units", permissions: ["admin.users", "admin.audit"] }),
      "VALIDATION",
      "必须保留“角色管理”",
    );
    expect(await permsOf(r.id)).toEqual(before);
  });

  it("refuses a stale version (CONFLICT) and changes nothing", async () => {
    const r = (await role({ code: "office_clerk" }))!;
    const before = await permsOf(r.id);
    await expectError(updateRole(admin, { id: r.id, version: r.version + 1, name: r.name, dataScope: "all_units", permissions: [] }), "CONFLICT", "该记录已被他人修改");
    expect(await permsOf(r.id)).toEqual(before);
  });

  it("is FORBIDDEN for a non-admin", async () => {
    const r = (await role({ code: "office_clerk" }))!;
    await expectError(updateRole(clerk, { id: r.id, version: r.version, name: r.name, dataScope: "all_units", permissions: ["admin.users"] }), "FORBIDDEN");
  });
});

describe("deleteRole", () => {
  it("deletes an unused custom role and records what it was", async () => {
    const { id } = await createRole(admin, { name: "临时角色", dataScope: "own_unit", permissions: ["task.view"] });
    const r = (await role({ name: "临时角色" }))!;
    await deleteRole(admin, { id, version: r.version });
    expect(await role({ name: "临时角色" })).toBeUndefined();
    expect((await lastAudit("admin.role.delete"))!.detail).toMatchObject({ before: { name: "临时角色", permissions: ["task.view"] }, after: null });
  });

  it("refuses a built-in role", async () => {
    const r = (await role({ code: "unit_leader" }))!;
    await expectError(deleteRole(admin, { id: r.id, version: r.version }), "VALIDATION", "内置角色不能删除");
  });

  it("refuses a role someone holds", async () => {
    const { id } = await createRole(admin, { name: "在用角色", dataScope: "own_unit", permissions: [] });
    const [u] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, "jw_jbr2"));
    await getDb().insert(userRoles).values({ userId: u!.id, roleId: id });
    const r = (await role({ name: "在用角色" }))!;
    await expectError(deleteRole(admin, { id, version: r.version }), "VALIDATION", "仍有 1 个用户");
    expect(await role({ name: "在用角色" })).toBeDefined();
  });

  it("refuses a stale version and a non-admin", async () => {
    const { id } = await createRole(admin, { name: "又一个角色", dataScope: "own_unit", permissions: [] });
    await expectError(deleteRole(admin, { id, version: 99 }), "CONFLICT");
    await expectError(deleteRole(clerk, { id, version: 1 }), "FORBIDDEN");
    expect(await role({ name: "又一个角色" })).toBeDefined();
  });

  it("reports an unknown role as not found", async () => {
    await expectError(deleteRole(admin, { id: "00000000-0000-4000-8000-000000000000", version: 1 }), "NOT_FOUND");
  });
});
