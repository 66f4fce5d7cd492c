import { eq, sql } from "drizzle-orm";
import type { Database } from "../client";
import * as s from "../schema";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { seedBaseData, seedRoles } from "./seed";
import { seedBackOffice } from "./back-office";

/** The one account a production database starts with, in the unit that runs the platform. */
export const BOOTSTRAP_ADMIN_USERNAME = "admin";
export const BOOTSTRAP_ADMIN_DEPARTMENT = "信息中心";

/**
 * 三员分立: beside `admin`, an empty install gets its 安全管理员 and 安全审计员. They cannot come later
 * from the 系统管理员's hand (the no-escalation rule stops him granting 操作日志, which he lacks), and
 * nobody else exists yet to create them. Their passwords are always generated, printed once, to be
 * changed at first login.
 */
export const SEPARATED_ACCOUNTS = [
  { username: "secadmin", displayName: "安全管理员", role: "security_admin" },
  { username: "auditor", displayName: "安全审计员", role: "security_auditor" },
] as const;

export interface GeneratedAccount {
  username: string;
  generatedPassword: string;
}

export type BootstrapResult =
  | { created: false; others?: GeneratedAccount[] }
  | { created: true; passwordSource: "env"; others: GeneratedAccount[] }
  | { created: true; passwordSource: "generated"; generatedPassword: string; others: GeneratedAccount[] };

/**
 * What `npm start` does to a database: built-in roles, base data, rules and calendar (all idempotent),
 * and — only into a database without any user — the three back-office accounts of 三员分立 in a 信息中心
 * unit (`admin`, `secadmin`, `auditor`), each of which must change its password at first login. No demo units, accounts or tasks, ever. The initial password comes from
 * `adminPassword` (ADMIN_INITIAL_PASSWORD) or is generated and returned so the caller prints it once.
 */
export async function bootstrapProduction(db: Database, options: { adminPassword?: string }): Promise<BootstrapResult> {
  const fromEnv = options.adminPassword || undefined;
  const hasUsers = async () => (await db.select({ id: s.users.id }).from(s.users).limit(1)).length > 0;
  // Checked only while it matters: a setting left over after the first start must not stop later ones.
  if (fromEnv && !(await hasUsers())) {
    const weakness = checkPasswordStrength(fromEnv, BOOTSTRAP_ADMIN_USERNAME);
    if (weakness) throw new Error(`ADMIN_INITIAL_PASSWORD 不符合密码规则：${weakness}`);
  }
  await seedRoles(db);
  await seedBaseData(db);
  await seedBackOffice(db);
  if (await hasUsers()) {
    const others = await addMissingSeparatedAccounts(db);
    return others.length > 0 ? { created: false, others } : { created: false };
  }
  const password = fromEnv ?? generatePassword(16);
  const passwordHash = await hashPassword(password);
  const others = await Promise.all(
    SEPARATED_ACCOUNTS.map(async (a) => {
      const generated = generatePassword(16);
      return { ...a, generatedPassword: generated, passwordHash: await hashPassword(generated) };
    }),
  );
  // One transaction with a table lock: two servers starting together on an empty database still make one admin.
  const created = await db.transaction(async (tx) => {
    await tx.execute(sql`lock table ${s.users} in exclusive mode`);
    const [anyUser] = await tx.select({ id: s.users.id }).from(s.users).limit(1);
    if (anyUser) return false;
    await tx
      .insert(s.departments)
      .values({ name: BOOTSTRAP_ADMIN_DEPARTMENT, shortName: BOOTSTRAP_ADMIN_DEPARTMENT, kind: "other", sortOrder: 1 })
      .onConflictDoNothing();
    const [department] = await tx.select({ id: s.departments.id }).from(s.departments).where(eq(s.departments.name, BOOTSTRAP_ADMIN_DEPARTMENT));
    const [adminRole] = await tx.select({ id: s.roles.id }).from(s.roles).where(eq(s.roles.code, "admin"));
    const [user] = await tx
      .insert(s.users)
      .values({
        username: BOOTSTRAP_ADMIN_USERNAME,
        displayName: "系统管理员",
        departmentId: department!.id,
        passwordHash,
        mustChangePassword: true,
      })
      .returning({ id: s.users.id });
    await tx.insert(s.userRoles).values({ userId: user!.id, roleId: adminRole!.id });
    for (const account of others) {
      const [role] = await tx.select({ id: s.roles.id }).from(s.roles).where(eq(s.roles.code, account.role));
      const [row] = await tx
        .insert(s.users)
        .values({ username: account.username, displayName: account.displayName, departmentId: department!.id, passwordHash: account.passwordHash, mustChangePassword: true })
        .returning({ id: s.users.id });
      await tx.insert(s.userRoles).values({ userId: row!.id, roleId: role!.id });
    }
    return true;
  });
  if (!created) return { created: false };
  const generated = others.map((a) => ({ username: a.username, generatedPassword: a.generatedPassword }));
  return fromEnv
    ? { created: true, passwordSource: "env", others: generated }
    : { created: true, passwordSource: "generated", generatedPassword: password, others: generated };
}

/**
 * An existing database upgraded to 三员分立: its 系统管理员 just lost 操作日志 and nobody may grant it (the
 * no-escalation rule), so a start that finds a separated role without any account creates that account
 * (`secadmin` / `auditor`, in the unit of the built-in 系统管理员's first holder), with a generated password
 * printed once. A role that has an account — even a disabled one — is left alone.
 */
async function addMissingSeparatedAccounts(db: Database): Promise<GeneratedAccount[]> {
  const created: GeneratedAccount[] = [];
  for (const account of SEPARATED_ACCOUNTS) {
    const done = await db.transaction(async (tx) => {
      await tx.execute(sql`lock table ${s.users} in exclusive mode`);
      const [role] = await tx.select({ id: s.roles.id }).from(s.roles).where(eq(s.roles.code, account.role));
      if (!role) return null;
      const [holder] = await tx.select({ userId: s.userRoles.userId }).from(s.userRoles).where(eq(s.userRoles.roleId, role.id)).limit(1);
      const [taken] = await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.username, account.username));
      if (holder || taken) return null;
      const [home] = await tx
        .select({ departmentId: s.users.departmentId })
        .from(s.users)
        .innerJoin(s.userRoles, eq(s.userRoles.userId, s.users.id))
        .innerJoin(s.roles, eq(s.roles.id, s.userRoles.roleId))
        .where(eq(s.roles.code, "admin"))
        .orderBy(s.users.createdAt)
        .limit(1);
      if (!home) return null;
      const generatedPassword = generatePassword(16);
      const [row] = await tx
        .insert(s.users)
        .values({ username: account.username, displayName: account.displayName, departmentId: home.departmentId, passwordHash: await hashPassword(generatedPassword), mustChangePassword: true })
        .returning({ id: s.users.id });
      await tx.insert(s.userRoles).values({ userId: row!.id, roleId: role.id });
      return { username: account.username, generatedPassword };
    });
    if (done) created.push(done);
  }
  return created;
}
