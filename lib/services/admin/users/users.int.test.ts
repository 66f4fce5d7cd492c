import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, desc, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, departments, roles, userRoles, users } from "@/db/schema";
import { DomainError } from "@/lib/domain/errors";
import { verifyPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { createUser } from "./create-user";
import { updateUser } from "./update-user";
import { setUserEnabled } from "./set-user-enabled";
import { resetUserPassword } from "./reset-user-password";
import { previewUserImport } from "./preview-user-import";
import { importUsers } from "./import-users";
import { buildImportTemplate, readUserSheet } from "./user-sheet";
import { generatePassword } from "./shared";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;
let unitAdmin: Actor;
const meta = { ip: "10.0.0.9", userAgent: "vitest" };

const actorOf = actorNamed;
const deptId = async (name: string) => (await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, name)))[0]!.id;
const roleId = async (code: string) => (await getDb().select({ id: roles.id }).from(roles).where(eq(roles.code, code)))[0]!.id;
const userRow = async (username: string) => (await getDb().select().from(users).where(sql`lower(${users.username}) = lower(${username})`))[0];
const userCount = async () => (await getDb().select({ n: count() }).from(users))[0]!.n;
const auditCount = async () => (await getDb().select({ n: count() }).from(auditLogs))[0]!.n;
const lastAudit = async (action: string) => (await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1))[0];

const expectError = expectDomainError;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actorOf("admin");
  clerk = await actorOf("dcs_jbr");
  // A unit-scoped user administrator (a custom role some districts give a unit's own IT contact).
  const [role] = await getDb().insert(roles).values({ code: "unit_user_admin", name: "单位用户管理员", dataScope: "own_unit" }).returning();
  await getDb().insert((await import("@/db/schema")).rolePermissions).values({ roleId: role!.id, permission: "admin.users" });
  const jw = await userRow("jw_ld");
  await getDb().insert(userRoles).values({ userId: jw!.id, roleId: role!.id });
  unitAdmin = await actorOf("jw_ld");
});
afterAll(() => cleanup());

describe("createUser", () => {
  it("creates a user with unit, roles and a temporary password that must be changed, and records it", async () => {
    const result = await createUser(
      admin,
      { username: "Wang.Wu", displayName: "王五", mobile: "139 1234 5678", departmentId: await deptId("区教委"), roleIds: [await roleId("unit_clerk")], smsRecipient: "on", password: "Linshi#2026" },
      meta,
    );
    expect(result.temporaryPassword).toBeNull();
    const row = await userRow("wang.wu");
    expect(row).toMatchObject({ displayName: "王五", mobile: "13912345678", smsRecipient: true, enabled: true, mustChangePassword: true });
    expect(await verifyPassword(row!.passwordHash, "Linshi#2026")).toBe(true);
    const audit = await lastAudit("admin.user.create");
    expect(audit).toMatchObject({ actorId: admin.userId, targetId: result.id, ip: "10.0.0.9" });
    expect(audit!.detail).toMatchObject({ before: null, after: { username: "Wang.Wu", department: "区教委", roles: ["承办单位经办人"], smsRecipient: true } });
    expect(JSON.stringify(audit!.detail)).not.toContain("Linshi#2026");
  });

  it("generates a policy-compliant temporary password when none is given and returns it once", async () => {
    const result = await createUser(admin, { username: "gen_pw", displayName: "生成", departmentId: await deptId("区教委"), roleIds: [await roleId("unit_clerk")] });
    expect(result.temporaryPassword).toBeTruthy();
    expect(checkPasswordStrength(result.temporaryPassword!, "gen_pw")).toBeNull();
    expect(await verifyPassword((await userRow("gen_pw"))!.passwordHash, result.temporaryPassword!)).toBe(true);
  });

  it.each([
    [{ username: "WANG.wu" }, "用户名已存在"],
    [{ username: "1abc" }, "字母开头"],
    [{ mobile: "12345678901" }, "手机号码格式不正确"],
    [{ mobile: "1391234567" }, "手机号码格式不正确"],
    [{ displayName: "" }, "请填写姓名"],
    [{ password: "abcdefgh" }, "三类"],
    [{ roleIds: [] }, "请至少选择一个角色"],
    [{ smsRecipient: "on", mobile: "" }, "短信接收人须填写手机号码"],
    [{ departmentId: "group:街道" }, "请选择具体单位"],
    [{ departmentId: "00000000-0000-4000-8000-000000000000" }, "所属单位不存在"],
  ])("refuses %j with a Chinese message and writes nothing", async (patch, message) => {
    const base = { username: "new_person", displayName: "新人", mobile: "13700000000", departmentId: await deptId("区教委"), roleIds: [await roleId("unit_clerk")], password: "Linshi#2026" };
    const input: Record<string, unknown> = { ...base, ...patch };
    if (input.departmentId === "group:街道") input.departmentId = await deptId("街道");
    const [users0, audits0] = [await userCount(), await auditCount()];
    await expectError(createUser(admin, input), "VALIDATION", message);
    expect([await userCount(), await auditCount()]).toEqual([users0, audits0]);
  });

  it("is FORBIDDEN for an office clerk, and nothing is written", async () => {
    const before = await userCount();
    await expectError(createUser(clerk, { username: "sneaky", displayName: "x", departmentId: await deptId("区教委"), roleIds: [await roleId("admin")] }), "FORBIDDEN");
    expect(await userCount()).toBe(before);
  });

  it("lets a unit-scoped user admin create users only in their own unit", async () => {
    await expectError(
      createUser(unitAdmin, { username: "other_unit", displayName: "外单位", departmentId: await deptId("区民政局"), roleIds: [await roleId("unit_clerk")], password: "Linshi#2026" }),
      "VALIDATION",
      "所属单位不存在",
    );
    await createUser(unitAdmin, { username: "own_unit", displayName: "本单位", departmentId: await deptId("区教委"), roleIds: [await roleId("unit_clerk")], password: "Linshi#2026" });
    expect(await userRow("own_unit")).toBeDefined();
  });

  it("does not let a user admin hand out administrative powers they lack (no escalation to 系统管理员)", async () => {
    const before = await userCount();
    await expectError(
      createUser(unitAdmin, { username: "new_boss", displayName: "提权", departmentId: await deptId("区教委"), roleIds: [await roleId("admin")], password: "Linshi#2026" }),
      "FORBIDDEN",
      "不能授予超出自身管理权限的角色：系统管理员",
    );
    expect(await userCount()).toBe(before);
    const self = await userRow("jw_ld");
    await expectError(
      updateUser(unitAdmin, {
        id: self!.id,
        version: self!.version,
        displayName: self!.displayName,
        mobile: self!.mobile ?? "",
        departmentId: self!.departmentId,
        roleIds: [await roleId("unit_leader"), await roleId("admin")],
      }),
      "FORBIDDEN",
      "系统管理员",
    );
    expect((await userRow("jw_ld"))!.version).toBe(self!.version);
  });
});

describe("OA 账号 (single sign-on identity)", () => {
  it("creates a user who signs in only through the OA: no local password, nothing to change at first login, audited", async () => {
    const result = await createUser(admin, { username: "oa_only", displayName: "单点", externalId: " OA.Only ", ssoOnly: "on", departmentId: await deptId("区教委"), roleIds: [await roleId("unit_clerk")] }, meta);
    expect(result.temporaryPassword).toBeNull();
    expect(await userRow("oa_only")).toMatchObject({ externalId: "OA.Only", passwordHash: null, mustChangePassword: false });
    expect((await lastAudit("admin.user.create"))!.detail).toMatchObject({ after: { externalId: "OA.Only", localPassword: false } });
  });

  it("refuses an OA-only user without an OA 账号, an OA 账号 already linked, and control characters — changing nothing", async () => {
    const before = await userCount();
    const base = { displayName: "单点", departmentId: await deptId("区教委"), roleIds: [await roleId("unit_clerk")] };
    await expectError(createUser(admin, { ...base, username: "oa_none", ssoOnly: "on" }), "VALIDATION", "须填写 OA 账号");
    await expectError(createUser(admin, { ...base, username: "oa_twin", externalId: "OA.Only" }), "VALIDATION", "该 OA 账号已关联其他用户");
    await expectError(createUser(admin, { ...base, username: "oa_ctrl", externalId: "a\u0007b" }), "VALIDATION", "控制字符");
    await expectError(createUser(admin, { ...base, username: "oa_long", externalId: "x".repeat(129) }), "VALIDATION", "128");
    expect(await userCount()).toBe(before);
  });

  it("links, relinks and unlinks an existing user; a taken OA 账号 is a field message", async () => {
    const row = (await userRow("dcs_ld2"))!;
    const form = async () => {
      const current = (await userRow("dcs_ld2"))!;
      const roleIds = (await getDb().select({ roleId: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, current.id))).map((r) => r.roleId);
      return { id: current.id, version: current.version, displayName: current.displayName, mobile: current.mobile ?? "", departmentId: current.departmentId, roleIds, smsRecipient: current.smsRecipient ? "on" : "" };
    };
    await updateUser(admin, { ...(await form()), externalId: "oa.dcs_ld2" }, meta);
    expect((await userRow("dcs_ld2"))!.externalId).toBe("oa.dcs_ld2");
    await expectError(updateUser(admin, { ...(await form()), externalId: "OA.Only" }), "VALIDATION", "该 OA 账号已关联其他用户");
    expect((await userRow("dcs_ld2"))!.externalId).toBe("oa.dcs_ld2");
    await updateUser(admin, { ...(await form()), externalId: "" }, meta);
    expect((await userRow("dcs_ld2"))!.externalId).toBeNull();
    expect(row.passwordHash).not.toBeNull();
  });
});

describe("updateUser", () => {
  it("changes name, mobile, unit and roles, bumps the version and records before/after", async () => {
    const before = (await userRow("mz_jbr"))!;
    await updateUser(
      admin,
      { id: before.id, version: before.version, displayName: "赵磊（改）", mobile: "13511112222", departmentId: await deptId("区民政局"), roleIds: [await roleId("unit_clerk"), await roleId("unit_leader")], smsRecipient: "" },
      meta,
    );
    const after = (await userRow("mz_jbr"))!;
    expect(after).toMatchObject({ displayName: "赵磊（改）", mobile: "13511112222", smsRecipient: false, version: before.version + 1 });
    const audit = await lastAudit("admin.user.update");
    expect(audit!.detail).toMatchObject({
      before: { displayName: "赵磊", smsRecipient: true, roles: ["承办单位经办人"] },
      after: { displayName: "赵磊（改）", smsRecipient: false, roles: ["承办单位经办人", "承办单位领导"] },
    });
  });

  it("refuses a stale version with CONFLICT and changes nothing", async () => {
    const row = (await userRow("mz_ld"))!;
    const input = { id: row.id, version: row.version, displayName: "第一次", mobile: "", departmentId: row.departmentId, roleIds: [await roleId("unit_leader")] };
    await updateUser(admin, input);
    const error = await expectError(updateUser(admin, { ...input, displayName: "第二次" }), "CONFLICT");
    expect(error.message).toBe("该记录已被他人修改，请刷新后重试");
    expect((await userRow("mz_ld"))!.displayName).toBe("第一次");
  });

  it("lets exactly one of two concurrent edits of the same version win", async () => {
    const row = (await userRow("zj_ld"))!;
    const input = (name: string) => ({ id: row.id, version: row.version, displayName: name, departmentId: row.departmentId, roleIds: [] as string[] });
    const unitLeader = await roleId("unit_leader");
    const results = await Promise.allSettled([
      updateUser(admin, { ...input("甲"), roleIds: [unitLeader] }),
      updateUser(admin, { ...input("乙"), roleIds: [unitLeader] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as DomainError).code).toBe("CONFLICT");
    expect((await userRow("zj_ld"))!.version).toBe(row.version + 1);
  });

  it("reports a user outside a unit admin's scope as not found", async () => {
    const row = (await userRow("cg_jbr"))!;
    await expectError(
      updateUser(unitAdmin, { id: row.id, version: row.version, displayName: "x", departmentId: row.departmentId, roleIds: [await roleId("unit_clerk")] }),
      "NOT_FOUND",
    );
  });

  it("does not let an admin take away their own 用户管理 permission", async () => {
    const row = (await userRow("admin"))!;
    await expectError(updateUser(admin, { id: row.id, version: row.version, displayName: "系统管理员", departmentId: row.departmentId, roleIds: [await roleId("office_clerk")] }), "VALIDATION", "不能移除自己");
  });

  it("is FORBIDDEN for a unit clerk", async () => {
    const row = (await userRow("jw_jbr2"))!;
    await expectError(updateUser(await actorOf("jw_jbr"), { id: row.id, version: row.version, displayName: "x", departmentId: row.departmentId, roleIds: [] }), "FORBIDDEN");
  });
});

describe("setUserEnabled", () => {
  it("disables a user: the session version moves on so their session dies, and it is recorded", async () => {
    const before = (await userRow("ctm_jbr"))!;
    await setUserEnabled(admin, { id: before.id, version: before.version, enabled: "false" }, meta);
    const after = (await userRow("ctm_jbr"))!;
    expect(after).toMatchObject({ enabled: false, sessionVersion: before.sessionVersion + 1, version: before.version + 1 });
    expect((await lastAudit("admin.user.disable"))!.detail).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    await setUserEnabled(admin, { id: after.id, version: after.version, enabled: "true" });
    expect((await userRow("ctm_jbr"))!.enabled).toBe(true);
    expect(await lastAudit("admin.user.enable")).toBeDefined();
  });

  it("refuses a double disable from a stale page (CONFLICT)", async () => {
    const row = (await userRow("ctm_ld"))!;
    await setUserEnabled(admin, { id: row.id, version: row.version, enabled: "false" });
    await expectError(setUserEnabled(admin, { id: row.id, version: row.version, enabled: "false" }), "CONFLICT");
  });

  it("does not let an admin disable themselves", async () => {
    const row = (await userRow("admin"))!;
    await expectError(setUserEnabled(admin, { id: row.id, version: row.version, enabled: "false" }), "VALIDATION", "不能停用自己");
    expect((await userRow("admin"))!.enabled).toBe(true);
  });

  it("is FORBIDDEN for a non-admin", async () => {
    const row = (await userRow("cj_jbr"))!;
    await expectError(setUserEnabled(clerk, { id: row.id, version: row.version, enabled: "false" }), "FORBIDDEN");
    expect((await userRow("cj_jbr"))!.enabled).toBe(true);
  });
});

describe("resetUserPassword", () => {
  it("sets a given temporary password, forces a change, clears a lock and ends sessions", async () => {
    await getDb().update(users).set({ failedLoginCount: 5, lockedUntil: new Date(Date.now() + 600_000) }).where(eq(users.username, "cj_ld"));
    const before = (await userRow("cj_ld"))!;
    const result = await resetUserPassword(admin, { id: before.id, version: before.version, password: "Chongzhi@2026" }, meta);
    expect(result.temporaryPassword).toBeNull();
    const after = (await userRow("cj_ld"))!;
    expect(after).toMatchObject({ mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, sessionVersion: before.sessionVersion + 1 });
    expect(await verifyPassword(after.passwordHash, "Chongzhi@2026")).toBe(true);
    const audit = await lastAudit("admin.user.reset_password");
    expect(audit).toMatchObject({ targetId: before.id, actorId: admin.userId });
    expect(JSON.stringify(audit!.detail)).not.toContain("Chongzhi");
  });

  it("generates one when none is given", async () => {
    const row = (await userRow("jfb_ld"))!;
    const { temporaryPassword } = await resetUserPassword(admin, { id: row.id, version: row.version });
    expect(checkPasswordStrength(temporaryPassword!, "jfb_ld")).toBeNull();
  });

  it("refuses a weak password and a stale version, changing nothing", async () => {
    const row = (await userRow("jfb_jbr"))!;
    await expectError(resetUserPassword(admin, { id: row.id, version: row.version, password: "weak" }), "VALIDATION", "至少需要 8 个字符");
    await expectError(resetUserPassword(admin, { id: row.id, version: row.version - 1 + 5, password: "Chongzhi@2026" }), "CONFLICT");
    const after = (await userRow("jfb_jbr"))!;
    expect(after.passwordHash).toBe(row.passwordHash);
    expect(after.sessionVersion).toBe(row.sessionVersion);
  });

  it("is FORBIDDEN for a non-admin", async () => {
    const row = (await userRow("dcs_ld"))!;
    await expectError(resetUserPassword(clerk, { id: row.id, version: row.version, password: "Chongzhi@2026" }), "FORBIDDEN");
  });
});

describe("generatePassword", () => {
  it("always satisfies the password policy", () => {
    for (let i = 0; i < 200; i++) expect(checkPasswordStrength(generatePassword())).toBeNull();
  });
});

async function sheet(rows: (string | number)[][], headers = ["用户名", "姓名", "手机号", "所属单位", "角色", "短信接收人", "初始密码"]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("用户导入");
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe("user import", () => {
  it("the template can be read back and names the columns", async () => {
    const bytes = await buildImportTemplate({ units: ["区教委"], roles: ["承办单位经办人"] });
    const rows = await readUserSheet(bytes);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.cells).toMatchObject({ username: "zhangsan", department: "区教委", roles: "承办单位经办人" });
  });

  it("previews every row's errors without writing anything", async () => {
    const bytes = await sheet([
      ["imp_a", "导入甲", "13600000001", "区教委", "承办单位经办人", "是", "Daoru#2026"],
      ["imp_b", "导入乙", "12345", "区教委", "承办单位经办人", "否", ""],
      ["IMP_A", "导入丙", "", "不存在的单位", "不存在的角色", "", "weak"],
      ["dcs_jbr", "重名", "", "街道", "督查室经办人", "", "Daoru#2026"],
      ["", "", "", "", "", "", ""],
    ]);
    const [users0, audits0] = [await userCount(), await auditCount()];
    const preview = await previewUserImport(admin, { bytes });
    expect([await userCount(), await auditCount()]).toEqual([users0, audits0]);
    expect(preview.rows.map((r) => r.rowNumber)).toEqual([2, 3, 4, 5]);
    expect(preview.errorRows).toBe(3);
    const errors = Object.fromEntries(preview.rows.map((r) => [r.rowNumber, r.errors.join("|")]));
    expect(errors[2]).toBe("");
    expect(errors[3]).toContain("手机号“12345”格式不正确");
    expect(errors[3]).toContain("初始密码未填写");
    expect(errors[4]).toContain("与第 2 行重复");
    expect(errors[4]).toContain("单位“不存在的单位”不存在");
    expect(errors[4]).toContain("角色“不存在的角色”不存在");
    expect(errors[4]).toContain("初始密码不符合要求");
    expect(errors[5]).toContain("用户名“dcs_jbr”已存在");
    expect(errors[5]).toContain("是分组");
  });

  it("writes nothing at all when one row of many is bad, and names that row", async () => {
    const bytes = await sheet([
      ["bulk_1", "批量一", "13600000011", "区教委", "承办单位经办人", "是", ""],
      ["bulk_2", "批量二", "13600000012", "教委", "承办单位经办人、承办单位领导", "否", ""],
      ["bulk_3", "批量三", "1360000001", "区教委", "承办单位经办人", "否", ""],
    ]);
    const [users0, audits0] = [await userCount(), await auditCount()];
    const error = await expectError(importUsers(admin, { bytes, defaultPassword: "Tongyi#2026" }), "VALIDATION", "未导入任何用户");
    expect(error.fieldErrors).toEqual({ "row-4": "手机号“1360000001”格式不正确" });
    expect([await userCount(), await auditCount()]).toEqual([users0, audits0]);
    expect(await userRow("bulk_1")).toBeUndefined();
  });

  it("imports a clean sheet in one go: units by full or short name, several roles, shared password", async () => {
    const bytes = await sheet([
      ["bulk_1", "批量一", "13600000011", "区教委", "承办单位经办人", "是", ""],
      ["bulk_2", "批量二", 13600000012, "教委", "承办单位经办人、承办单位领导", "否", "Geren#2026x"],
    ]);
    const result = await importUsers(admin, { bytes, defaultPassword: "Tongyi#2026" }, meta);
    expect(result.created).toBe(2);
    const one = (await userRow("bulk_1"))!;
    const two = (await userRow("bulk_2"))!;
    expect(one).toMatchObject({ displayName: "批量一", smsRecipient: true, mustChangePassword: true, departmentId: await deptId("区教委") });
    expect(two).toMatchObject({ mobile: "13600000012", departmentId: await deptId("区教委") });
    expect(await verifyPassword(one.passwordHash, "Tongyi#2026")).toBe(true);
    expect(await verifyPassword(two.passwordHash, "Geren#2026x")).toBe(true);
    const twoRoles = await getDb().select().from(userRoles).where(eq(userRoles.userId, two.id));
    expect(twoRoles).toHaveLength(2);
    const audits = await getDb().select().from(auditLogs).where(and(eq(auditLogs.action, "admin.user.import"), eq(auditLogs.actorId, admin.userId)));
    expect(audits.map((a) => a.targetId).sort()).toEqual([one.id, two.id].sort());
  });

  it("refuses the same sheet again: every username now exists", async () => {
    const bytes = await sheet([["bulk_1", "批量一", "", "区教委", "承办单位经办人", "", "Tongyi#2026"]]);
    await expectError(importUsers(admin, { bytes }), "VALIDATION", "已存在");
  });

  it("refuses a file that is not an xlsx, or lacks required columns", async () => {
    await expectError(previewUserImport(admin, { bytes: new TextEncoder().encode("not a workbook") }), "VALIDATION", "无法读取该文件");
    await expectError(previewUserImport(admin, { bytes: await sheet([["a"]], ["用户名", "姓名"]) }), "VALIDATION", "表头缺少：所属单位、角色");
  });

  it("is FORBIDDEN for a non-admin (preview and import)", async () => {
    const bytes = await sheet([["x_user", "某人", "", "区教委", "承办单位经办人", "", "Tongyi#2026"]]);
    await expectError(previewUserImport(clerk, { bytes }), "FORBIDDEN");
    await expectError(importUsers(clerk, { bytes }), "FORBIDDEN");
    expect(await userRow("x_user")).toBeUndefined();
  });
});

describe("user list and export", () => {
  it("filters by search, unit (a group means its units), role and status, and exports exactly the filtered rows", async () => {
    const { listAdminUsers, listAdminUsersForExport, parseUserFilters } = await import("@/lib/data/admin-users");
    const { buildUserExport } = await import("./user-sheet");
    const viewer = { ...admin, username: "admin", enabled: true, sessionVersion: 1, mustChangePassword: false };
    const jfb = await deptId("解放碑街道");
    const byUnit = await listAdminUsers(viewer, parseUserFilters({ unit: jfb }));
    expect(byUnit.rows.map((r) => r.username).sort()).toEqual(["jfb_jbr", "jfb_ld"]);
    const group = await listAdminUsers(viewer, parseUserFilters({ unit: await deptId("街道") }));
    expect(group.rows.every((r) => r.departmentName.endsWith("街道"))).toBe(true);
    expect(group.total).toBeGreaterThanOrEqual(4);
    // Mobile numbers are encrypted: a whole number is found (blind index, also typed with spaces), part of one is not.
    const search = await listAdminUsers(viewer, parseUserFilters({ q: "139 0000 0010" }));
    expect(search.rows.map((r) => r.mobile)).toEqual(["13900000010"]);
    expect((await listAdminUsers(viewer, parseUserFilters({ q: "1390000001" }))).total).toBe(0);
    const leaders = await listAdminUsers(viewer, parseUserFilters({ role: await roleId("office_leader"), enabled: "1" }));
    expect(leaders.rows.map((r) => r.username).sort()).toEqual(["dcs_ld", "dcs_ld2"]);
    const paged = await listAdminUsers(viewer, parseUserFilters({ page: "2" }), 5);
    expect(paged.rows).toHaveLength(5);

    const rows = await listAdminUsersForExport(viewer, parseUserFilters({ unit: jfb }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildUserExport(rows)) as unknown as ExcelJS.Buffer);
    const sheetRows = wb.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(sheetRows).toHaveLength(3);
    expect(sheetRows[0]).toContain("用户名");
    expect(sheetRows.slice(1).map((r) => r[1]).sort()).toEqual(["jfb_jbr", "jfb_ld"]);
  });

  it("refuses the list to a non-admin", async () => {
    const { listAdminUsers, parseUserFilters } = await import("@/lib/data/admin-users");
    await expectError(listAdminUsers({ ...clerk }, parseUserFilters({})), "FORBIDDEN");
  });
});
