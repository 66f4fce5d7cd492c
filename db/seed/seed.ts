import { mobileColumns } from "@/lib/crypto/pii";
import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import * as s from "../schema";
import { BUILT_IN_ROLES, type BuiltInRoleCode } from "@/lib/domain/roles";
import type { Permission } from "@/lib/domain/permissions";
import { hashPassword } from "@/lib/auth/password";
import { DEMO_DEPARTMENTS, DEMO_PASSWORD, DEMO_USERS, type SeedDepartment } from "./demo-org";
import {
  DEFAULT_CATEGORIES,
  DEFAULT_EVENT_SOURCES,
  DEFAULT_SETTINGS,
  DEFAULT_TASK_TYPES,
  DEFAULT_URGENCY_LEVELS,
} from "./base-data";
import { seedBackOffice } from "./back-office";

/**
 * Permissions the built-in roles gained after databases were already in use (role:permission). A new
 * database gets them with the role; an existing one gets each exactly once, recorded under
 * BUILT_IN_GRANTS_KEY, so an admin who later takes one away is not overruled at the next start.
 */
export const GRANTS_ADDED_AFTER_FIRST_RELEASE: ReadonlyArray<`${BuiltInRoleCode}:${Permission}`> = [
  "office_leader:task.reroute",
  "admin:task.reroute",
  // 绩效统计 (issue 9): units see their own figures; the office manages scores; leaders get the dashboard.
  "unit_clerk:stats.view",
  "unit_leader:stats.view",
  "office_clerk:stats.manage",
  "office_leader:stats.manage",
  "office_leader:dashboard.view",
  "district_leader:dashboard.view",
];
/**
 * Permissions taken from built-in roles after databases were in use, removed from an existing database
 * exactly once (recorded as "-role:permission" under BUILT_IN_GRANTS_KEY), so whoever later gives one
 * back on purpose is not overruled at the next start. 三员分立 (issue 11): the 系统管理员 no longer
 * reads 操作日志; the new 安全审计员 role does.
 */
export const GRANTS_REMOVED_AFTER_FIRST_RELEASE: ReadonlyArray<`${BuiltInRoleCode}:${Permission}`> = ["admin:admin.audit"];
export const BUILT_IN_GRANTS_KEY = "builtInGrantsApplied";

/** Built-in roles and their default permissions. Existing roles keep whatever the admin changed. */
export async function seedRoles(db: Database): Promise<void> {
  const later = BUILT_IN_ROLES.flatMap((role) =>
    role.permissions.filter((p) => GRANTS_ADDED_AFTER_FIRST_RELEASE.includes(`${role.code}:${p}`)).map((permission) => ({ code: role.code, permission })),
  );
  const [applied] = await db.select({ value: s.systemSettings.value }).from(s.systemSettings).where(eq(s.systemSettings.key, BUILT_IN_GRANTS_KEY));
  const done = new Set(Array.isArray(applied?.value) ? (applied.value as string[]) : []);
  for (const role of BUILT_IN_ROLES) {
    const [inserted] = await db
      .insert(s.roles)
      .values({ code: role.code, name: role.name, description: role.description, builtIn: true, dataScope: role.dataScope })
      .onConflictDoNothing()
      .returning({ id: s.roles.id });
    if (inserted && role.permissions.length > 0) {
      await db.insert(s.rolePermissions).values(role.permissions.map((permission) => ({ roleId: inserted.id, permission })));
    }
  }
  const pending = later.filter((g) => !done.has(`${g.code}:${g.permission}`));
  for (const grant of pending) {
    const [role] = await db.select({ id: s.roles.id }).from(s.roles).where(eq(s.roles.code, grant.code));
    if (role) await db.insert(s.rolePermissions).values({ roleId: role.id, permission: grant.permission }).onConflictDoNothing();
  }
  const removals = GRANTS_REMOVED_AFTER_FIRST_RELEASE.filter((g) => !done.has(`-${g}`));
  for (const removal of removals) {
    const [code, permission] = removal.split(":") as [BuiltInRoleCode, Permission];
    await db.execute(sql`delete from ${s.rolePermissions} where permission = ${permission}::permission and role_id = (select id from ${s.roles} where code = ${code})`);
  }
  if (pending.length > 0 || removals.length > 0 || !applied) {
    const value = [...done, ...pending.map((g) => `${g.code}:${g.permission}`), ...removals.map((g) => `-${g}`)];
    await db
      .insert(s.systemSettings)
      .values({ key: BUILT_IN_GRANTS_KEY, value })
      .onConflictDoUpdate({ target: s.systemSettings.key, set: { value, updatedAt: new Date() } });
  }
}

export async function seedBaseData(db: Database): Promise<void> {
  await db
    .insert(s.eventSources)
    .values(DEFAULT_EVENT_SOURCES.map((name, i) => ({ name, sortOrder: i + 1 })))
    .onConflictDoNothing();
  await db
    .insert(s.taskTypes)
    .values(DEFAULT_TASK_TYPES.map((name, i) => ({ name, sortOrder: i + 1 })))
    .onConflictDoNothing();
  await db
    .insert(s.urgencyLevels)
    .values(DEFAULT_URGENCY_LEVELS.map((u, i) => ({ ...u, sortOrder: i + 1 })))
    .onConflictDoNothing();
  for (const [i, category] of DEFAULT_CATEGORIES.entries()) {
    const existing = await db.query.taskCategories.findFirst({
      where: (c, { and, isNull, eq: equals }) => and(isNull(c.parentId), equals(c.name, category.name)),
    });
    const parentId =
      existing?.id ??
      (await db.insert(s.taskCategories).values({ name: category.name, sortOrder: i + 1 }).returning({ id: s.taskCategories.id }))[0]!.id;
    if (category.children.length > 0) {
      await db
        .insert(s.taskCategories)
        .values(category.children.map((name, j) => ({ name, parentId, sortOrder: j + 1 })))
        .onConflictDoNothing();
    }
  }
  await db
    .insert(s.systemSettings)
    .values(Object.entries(DEFAULT_SETTINGS).map(([key, value]) => ({ key, value })))
    .onConflictDoNothing();
}

async function insertDepartment(db: Database, dept: SeedDepartment, parentId: string | null, sortOrder: number) {
  await db
    .insert(s.departments)
    .values({ name: dept.name, shortName: dept.shortName, kind: dept.kind, isGroup: dept.isGroup ?? false, parentId, sortOrder })
    .onConflictDoNothing();
  const [row] = await db.select({ id: s.departments.id }).from(s.departments).where(eq(s.departments.name, dept.name));
  for (const [i, child] of (dept.children ?? []).entries()) await insertDepartment(db, child, row!.id, i + 1);
}

/** The demo organisation of 渝中区 and one or more accounts for every role. */
export async function seedDemoOrganisation(db: Database): Promise<void> {
  for (const [i, dept] of DEMO_DEPARTMENTS.entries()) await insertDepartment(db, dept, null, i + 1);
  const departmentIds = new Map((await db.select({ id: s.departments.id, name: s.departments.name }).from(s.departments)).map((d) => [d.name, d.id]));
  const roleIds = new Map((await db.select({ id: s.roles.id, code: s.roles.code }).from(s.roles)).map((r) => [r.code, r.id]));
  // Every demo user shares one password, so one (deliberately slow) hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [i, user] of DEMO_USERS.entries()) {
    const departmentId = departmentIds.get(user.department);
    if (!departmentId) throw new Error(`演示用户 ${user.username} 的部门 ${user.department} 不存在`);
    const [inserted] = await db
      .insert(s.users)
      .values({
        username: user.username,
        displayName: user.displayName,
        ...mobileColumns(user.mobile),
        departmentId,
        smsRecipient: user.smsRecipient ?? false,
        passwordHash,
        sortOrder: i + 1,
      })
      .onConflictDoNothing()
      .returning({ id: s.users.id });
    if (inserted) {
      await db.insert(s.userRoles).values(user.roles.map((code) => ({ userId: inserted.id, roleId: roleIds.get(code)! })));
    }
  }
}

export async function isEmpty(db: Database): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(s.users);
  return (row?.n ?? 0) === 0;
}

export async function seedAll(db: Database, options: { demo: boolean }): Promise<void> {
  await seedRoles(db);
  await seedBaseData(db);
  await seedBackOffice(db);
  if (options.demo) await seedDemoOrganisation(db);
}
