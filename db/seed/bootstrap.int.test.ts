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

  it("creates exactly one account, admin in 信息中心, with the password from the environment, to be changed at first login", async () => {
    expect(await bootstrapProduction(handle.db, { adminPassword: "Chushi-Mima-2026" })).toEqual({ created: true, passwordSource: "env" });
    const rows = await accounts();
    expect(rows).toEqual([{ username: "admin", mustChangePassword: true, department: "信息中心", role: "admin", passwordHash: expect.any(String) }]);
    expect(await verifyPassword(rows[0]!.passwordHash, "Chushi-Mima-2026")).toBe(true);
    // Built-in roles, base data and the calendar are there; no demo unit, account or task is.
    expect(await count(s.roles)).toBe(6);
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
    expect(await count(s.roles)).toBe(6);
  });

  it("without ADMIN_INITIAL_PASSWORD generates a strong password, returned once, that logs in", async () => {
    await handle.db.delete(s.userRoles).where(sql`true`);
    await handle.db.delete(s.users).where(sql`true`);
    const result = await bootstrapProduction(handle.db, {});
    expect(result).toMatchObject({ created: true, passwordSource: "generated" });
    const password = (result as { generatedPassword: string }).generatedPassword;
    expect(checkPasswordStrength(password, "admin")).toBeNull();
    const rows = await accounts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ username: "admin", mustChangePassword: true });
    expect(await verifyPassword(rows[0]!.passwordHash, password)).toBe(true);
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
