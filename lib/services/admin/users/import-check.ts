import { inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { departments, roles, users } from "@/db/schema";
import { checkPasswordStrength } from "@/lib/domain/password-policy";
import { inScope } from "@/lib/domain/policy";
import { MOBILE_PATTERN, USERNAME_PATTERN } from "./shared";
import { loadRoleGrants } from "./user-snapshot";
import { roleGrantRefusal } from "@/lib/domain/grants";
import type { SheetRow } from "./user-sheet";
import type { Actor } from "@/lib/domain/policy";

export interface CheckedImportRow {
  rowNumber: number;
  username: string;
  displayName: string;
  mobile: string;
  department: string;
  roles: string;
  smsRecipient: boolean;
  /** Every problem of the row, in column order; empty → the row can be imported. */
  errors: string[];
  /** The row asks for a role the actor may not grant (the import is then FORBIDDEN, not just invalid). */
  forbidden: boolean;
  /** Resolved only when the row has no error. */
  resolved?: { departmentId: string; roleIds: string[]; password: string };
}

const YES = new Set(["是", "y", "yes", "true", "1", "√"]);
const NO = new Set(["", "否", "n", "no", "false", "0"]);

/**
 * Checks every row of an import sheet against the rules of createUser and against the database and
 * the sheet itself (duplicate usernames), collecting all errors of all rows rather than stopping at
 * the first, so the admin can fix the sheet in one go.
 */
export async function checkImportRows(db: DbOrTx, actor: Actor, rows: SheetRow[], defaultPassword: string): Promise<CheckedImportRow[]> {
  const unitRows = await db
    .select({ id: departments.id, name: departments.name, shortName: departments.shortName, isGroup: departments.isGroup, enabled: departments.enabled })
    .from(departments);
  const unitByName = new Map<string, (typeof unitRows)[number]>();
  for (const u of unitRows) {
    if (u.shortName && !unitByName.has(u.shortName)) unitByName.set(u.shortName, u);
  }
  for (const u of unitRows) unitByName.set(u.name, u); // a full name wins over someone's short name
  const roleRows = await db.select({ id: roles.id, name: roles.name }).from(roles);
  const roleByName = new Map(roleRows.map((r) => [r.name, r.id]));
  // Import only creates users (never the actor), so each role is checked as a new grant to someone else.
  const grants = await loadRoleGrants(db, roleRows.map((r) => r.id));
  const notGrantable = new Set(grants.filter((g) => roleGrantRefusal(actor, [g], false) !== null).map((g) => g.name));

  const lowered = rows.map((r) => r.cells.username.toLowerCase()).filter(Boolean);
  const taken = new Set<string>();
  if (lowered.length) {
    const existing = await db
      .select({ username: sql<string>`lower(${users.username})` })
      .from(users)
      .where(inArray(sql`lower(${users.username})`, lowered));
    for (const e of existing) taken.add(e.username);
  }
  const firstRowOf = new Map<string, number>();
  for (const r of rows) {
    const key = r.cells.username.toLowerCase();
    if (key && !firstRowOf.has(key)) firstRowOf.set(key, r.rowNumber);
  }

  return rows.map(({ rowNumber, cells }) => {
    const errors: string[] = [];
    const username = cells.username;
    const mobile = cells.mobile.replace(/[\s-]/g, "");
    if (!username) errors.push("用户名未填写");
    else if (!USERNAME_PATTERN.test(username)) errors.push("用户名须以字母开头，3～32 位，只能包含字母、数字、下划线、点或连字符");
    else if (taken.has(username.toLowerCase())) errors.push(`用户名“${username}”已存在`);
    else if (firstRowOf.get(username.toLowerCase()) !== rowNumber) errors.push(`用户名“${username}”与第 ${firstRowOf.get(username.toLowerCase())} 行重复`);
    if (!cells.displayName) errors.push("姓名未填写");
    else if (cells.displayName.length > 50) errors.push("姓名不能超过 50 个字");
    if (mobile && !MOBILE_PATTERN.test(mobile)) errors.push(`手机号“${cells.mobile}”格式不正确`);

    const sms = cells.smsRecipient.toLowerCase();
    const smsRecipient = YES.has(sms);
    if (!smsRecipient && !NO.has(sms)) errors.push(`短信接收人应填“是”或“否”`);
    if (smsRecipient && !mobile) errors.push("短信接收人须填写手机号");

    let departmentId: string | undefined;
    const unit = cells.department ? unitByName.get(cells.department) : undefined;
    if (!cells.department) errors.push("所属单位未填写");
    else if (!unit || !inScope(actor, unit.id)) errors.push(`单位“${cells.department}”不存在`);
    else if (unit.isGroup) errors.push(`“${cells.department}”是分组，请填写具体单位`);
    else if (!unit.enabled) errors.push(`单位“${cells.department}”已停用`);
    else departmentId = unit.id;

    const roleNames = cells.roles
      .split(/[、,，;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const roleIds: string[] = [];
    let forbidden = false;
    if (roleNames.length === 0) errors.push("角色未填写");
    for (const name of roleNames) {
      const id = roleByName.get(name);
      if (!id) errors.push(`角色“${name}”不存在`);
      else if (notGrantable.has(name)) {
        errors.push(`无权授予角色“${name}”`);
        forbidden = true;
      }
      else roleIds.push(id);
    }

    const password = cells.password || defaultPassword;
    if (!password) errors.push("初始密码未填写，且未设置统一初始密码");
    else {
      const weakness = checkPasswordStrength(password, username || undefined);
      if (weakness) errors.push(`初始密码不符合要求：${weakness}`);
    }

    return {
      rowNumber,
      username,
      displayName: cells.displayName,
      mobile,
      department: cells.department,
      roles: roleNames.join("、"),
      smsRecipient,
      errors,
      forbidden,
      resolved: errors.length === 0 ? { departmentId: departmentId!, roleIds, password } : undefined,
    };
  });
}
