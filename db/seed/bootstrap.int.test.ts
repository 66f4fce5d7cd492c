import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import type { DatabaseHandle } from "@/db/client";
import * as s from "@/db/schema";
import { verifyPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { bootstrapProduction } from "./bootstrap";
import { BUILT_IN_GRANTS_KEY, seedRoles } from "./seed";

let handle: DatabaseHandle;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  // Migrated, and no seed of any kind: what `npm start` meets on a new production database.
  ({ handle, cleanup } = await useTestDatabase({ seed: false }));
}, 240_000);
afterAll(() => cleanup?.());

async function count(table: typeof s.users | typeof s.departments | typeof s.tasks | typeof s.roles | typeof s.workCalendarDays) {
  const [row] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(table);
  return row!.n;
}

async function accounts() {
  return handle.db
    .select({ username: s.users.username, mustChangePassword: s.users.mustChangePassword, passwordHash: s.users.passwordHash, department: s.departments.name, role: s.roles.code })
    .from(s.users)
    .innerJoin(s.departments, sql`${s.departments.id} = ${s.users.departmentId}`)
    .innerJoin(s.userRoles, sql`${s.userRoles.userId} = ${s.users.id}`)
    .innerJoin(s.roles, sql`${s.roles.id} = ${s.userRoles.roleId}`);
}

describe("production bootstrap (npm start on an empty database)", () => {
  it("refuses a weak ADMIN_INITIAL_PASSWORD and writes no account", async () => {
    await expect(bootstrapProduction(handle.db, { adminPassword: "admin123" })).rejects.toThrow(/ADMIN_INITIAL_PASSWORD/);
    expect(await count(s.users)).toBe(0);
  });

  it("creates the three back-office accounts (三员分立) in 信息中心: admin with the password from the environment, secadmin and auditor with generated ones, all to be changed at first login", async () => {
    const result = await bootstrapProduction(handle.db, { adminPassword: "Chushi-Mima-2026" });
    expect(result).toEqual({
      created: true,
      passwordSource: "env",
      others: [
        { username: "secadmin", generatedPassword: expect.any(String) },
        { username: "auditor", generatedPassword: expect.any(String) },
      ],
    });
    const rows = await accounts();
    const entry = (username: string, role: string) => ({ username, mustChangePassword: true, department: "信息中心", role, passwordHash: expect.any(String) });
    expect(rows.sort((a, b) => a.username.localeCompare(b.username))).toEqual([entry("admin", "admin"), entry("auditor", "security_auditor"), entry("secadmin", "security_admin")]);
    expect(await verifyPassword(rows[0]!.passwordHash, "Chushi-Mima-2026")).toBe(true);
    for (const other of (result as { others: Array<{ username: string; generatedPassword: string }> }).others) {
      expect(checkPasswordStrength(other.generatedPassword, other.username)).toBeNull();
      expect(await verifyPassword(rows.find((r) => r.username === other.username)!.passwordHash, other.generatedPassword)).toBe(true);
    }
    // Built-in roles, base data and the calendar are there; no demo unit, account or task is.
    expect(await count(s.roles)).toBe(8);
    expect(await count(s.workCalendarDays)).toBeGreaterThan(0);
    expect(await count(s.departments)).toBe(1);
    expect(await count(s.tasks)).toBe(0);
  });

  it("is idempotent: a second start changes nothing and prints no password", async () => {
    const before = await accounts();
    expect(await bootstrapProduction(handle.db, { adminPassword: "Anders-Mima-2027" })).toEqual({ created: false });
    // A weak value left in the environment after the first start does not stop later starts.
    expect(await bootstrapProduction(handle.db, { adminPassword: "weak" })).toEqual({ created: false });
    expect(await bootstrapProduction(handle.db, {})).toEqual({ created: false });
    expect(await accounts()).toEqual(before);
    expect(await count(s.departments)).toBe(1);
    expect(await count(s.roles)).toBe(8);
  });

  it("without ADMIN_INITIAL_PASSWORD generates a strong password, returned once, that logs in", async () => {
    await handle.db.delete(s.userRoles).where(sql`true`);
    await handle.db.delete(s.users).where(sql`true`);
    const result = await bootstrapProduction(handle.db, {});
    expect(result).toMatchObject({ created: true, passwordSource: "generated" });
    const password = (result as { generatedPassword: string }).generatedPassword;
    expect(checkPasswordStrength(password, "admin")).toBeNull();
    const rows = await accounts();
    expect(rows).toHaveLength(3);
    const admin = rows.find((r) => r.username === "admin")!;
    expect(admin).toMatchObject({ mustChangePassword: true });
    expect(await verifyPassword(admin.passwordHash, password)).toBe(true);
  });
});

describe("upgrading a database from before a built-in permission existed", () => {
  const leaderHasReroute = async () => {
    const rows = await handle.db
      .select({ permission: s.rolePermissions.permission })
      .from(s.rolePermissions)
      .innerJoin(s.roles, sql`${s.roles.id} = ${s.rolePermissions.roleId}`)
      .where(sql`${s.roles.code} = 'office_leader' and ${s.rolePermissions.permission} = 'task.reroute'`);
    return rows.length === 1;
  };
  const removeReroute = () =>
    handle.db.execute(sql`delete from role_permissions where permission = 'task.reroute' and role_id = (select id from roles where code = 'office_leader')`);

  it("grants 改派 to the built-in 督查室领导 once; an admin who then removes it is not overruled at the next start", async () => {
    await bootstrapProduction(handle.db, {});
    // A database seeded before 改派 existed: the role lacks it and nothing records a grant.
    await removeReroute();
    await handle.db.execute(sql`delete from system_settings where key = ${BUILT_IN_GRANTS_KEY}`);
    await seedRoles(handle.db);
    expect(await leaderHasReroute()).toBe(true);

    await removeReroute();
    await seedRoles(handle.db);
    await bootstrapProduction(handle.db, {});
    expect(await leaderHasReroute()).toBe(false);
  });
});

describe("grants added later are per role", () => {
  const holds = async (code: string, permission: string) => {
    const rows = await handle.db
      .select({ permission: s.rolePermissions.permission })
      .from(s.rolePermissions)
      .innerJoin(s.roles, sql`${s.roles.id} = ${s.rolePermissions.roleId}`)
      .where(sql`${s.roles.code} = ${code} and ${s.rolePermissions.permission} = ${permission}::permission`);
    return rows.length === 1;
  };
  const revoke = (code: string, permission: string) =>
    handle.db.execute(sql`delete from role_permissions where permission = ${permission}::permission and role_id = (select id from roles where code = ${code})`);

  it("gives units 绩效统计 on upgrade without re-granting it to an office role whose admin took it away", async () => {
    await bootstrapProduction(handle.db, {});
    // Before issue 9: unit roles had no stats.view; an admin had removed it from 督查室经办人 (a first-release grant).
    await revoke("unit_clerk", "stats.view");
    await revoke("office_clerk", "stats.view");
    await handle.db.execute(sql`delete from system_settings where key = ${BUILT_IN_GRANTS_KEY}`);
    await seedRoles(handle.db);
    expect(await holds("unit_clerk", "stats.view")).toBe(true);
    expect(await holds("district_leader", "dashboard.view")).toBe(true);
    expect(await holds("office_clerk", "stats.view")).toBe(false);
  });
});

describe("三员分立 on an existing database", () => {
  const holds = async (code: string, permission: string) =>
    (
      await handle.db
        .select({ permission: s.rolePermissions.permission })
        .from(s.rolePermissions)
        .innerJoin(s.roles, sql`${s.roles.id} = ${s.rolePermissions.roleId}`)
        .where(sql`${s.roles.code} = ${code} and ${s.rolePermissions.permission} = ${permission}::permission`)
    ).length === 1;

  it("takes 操作日志 from the built-in 系统管理员 once, adds the two new roles, and does not overrule a later deliberate grant", async () => {
    await bootstrapProduction(handle.db, {});
    // A database from before issue 11: admin reads 操作日志 and nothing records the removal.
    await handle.db.execute(sql`insert into role_permissions (role_id, permission) select id, 'admin.audit' from roles where code = 'admin' on conflict do nothing`);
    await handle.db.execute(sql`delete from system_settings where key = ${BUILT_IN_GRANTS_KEY}`);
    await seedRoles(handle.db);
    expect(await holds("admin", "admin.audit")).toBe(false);
    expect(await holds("security_auditor", "admin.audit")).toBe(true);
    expect(await holds("security_admin", "admin.roles")).toBe(true);
    expect(await holds("admin", "admin.users")).toBe(true);

    await handle.db.execute(sql`insert into role_permissions (role_id, permission) select id, 'admin.audit' from roles where code = 'admin'`);
    await seedRoles(handle.db);
    expect(await holds("admin", "admin.audit")).toBe(true);
  });
});

describe("三员分立 accounts on an upgraded database", () => {
  it("a start that finds the 安全审计员 role without any account creates `auditor` once, with a password printed once", async () => {
    await bootstrapProduction(handle.db, {});
    // An upgraded database: users exist, nobody holds the new role.
    await handle.db.execute(sql`delete from user_roles where user_id = (select id from users where username = 'auditor')`);
    await handle.db.execute(sql`delete from users where username = 'auditor'`);
    const result = await bootstrapProduction(handle.db, {});
    expect(result).toEqual({ created: false, others: [{ username: "auditor", generatedPassword: expect.any(String) }] });
    const auditor = (await accounts()).find((a) => a.username === "auditor")!;
    expect(auditor).toMatchObject({ role: "security_auditor", mustChangePassword: true });
    expect(await verifyPassword(auditor.passwordHash, (result as { others: Array<{ generatedPassword: string }> }).others[0]!.generatedPassword)).toBe(true);
    expect(await bootstrapProduction(handle.db, {})).toEqual({ created: false });
  });
});
