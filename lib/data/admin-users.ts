import "server-only";
import { and, asc, count, desc, eq, exists, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { departments, roles, userRoles, users } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import type { Actor } from "@/lib/domain/policy";
import { isUuid } from "@/lib/domain/ids";
import { normalizeMobile } from "@/lib/domain/messages";
import { shownMobile } from "@/lib/domain/mobile-visibility";
import { mobileIndexes } from "@/lib/crypto/pii";
import { pageNumber, param, searchText, uuidOrEmpty, type SearchParams } from "@/lib/data/list-params";

export interface UserFilters {
  q: string;
  unit: string;
  role: string;
  enabled: "" | "1" | "0";
  page: number;
}

export const USER_PAGE_SIZE = 20;

/** Reads the list's filters from the URL, dropping anything malformed rather than failing. */
export function parseUserFilters(params: SearchParams): UserFilters {
  const enabled = param(params, "enabled");
  return {
    q: searchText(param(params, "q"), 50),
    unit: uuidOrEmpty(param(params, "unit")),
    role: uuidOrEmpty(param(params, "role")),
    enabled: enabled === "1" || enabled === "0" ? enabled : "",
    page: pageNumber(param(params, "page")),
  };
}

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereFor(viewer: Actor, f: UserFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (viewer.dataScope !== "all_units") conditions.push(eq(users.departmentId, viewer.departmentId));
  if (f.q) {
    const p = likeEscape(f.q);
    // Mobile numbers are stored SM4-encrypted: a whole number is found through its blind index (exact match,
    // under the current and any old key); part of a number finds nothing — the price of not storing it in clear.
    const mobile = normalizeMobile(f.q);
    conditions.push(
      or(
        ilike(users.displayName, p),
        ilike(users.username, p),
        mobile ? inArray(users.mobileIndex, mobileIndexes(mobile)) : undefined,
        ilike(departments.name, p),
        ilike(departments.shortName, p),
      ),
    );
  }
  // Choosing a group (e.g. 街道) lists the users of every unit in it.
  if (f.unit) conditions.push(or(eq(users.departmentId, f.unit), eq(departments.parentId, f.unit)));
  if (f.role) {
    conditions.push(
      exists(
        getDb()
          .select({ one: userRoles.userId })
          .from(userRoles)
          .where(and(eq(userRoles.userId, users.id), eq(userRoles.roleId, f.role))),
      ),
    );
  }
  if (f.enabled) conditions.push(eq(users.enabled, f.enabled === "1"));
  return and(...conditions);
}

export interface AdminUserRow {
  id: string;
  username: string;
  displayName: string;
  mobile: string | null;
  departmentName: string;
  roleNames: string[];
  smsRecipient: boolean;
  enabled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: Date | null;
}

/** Role names per user, by name (用户管理's list and export, 单位用户信息). */
export async function rolesOf(userIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (userIds.length === 0) return map;
  const rows = await getDb()
    .select({ userId: userRoles.userId, name: roles.name })
    .from(userRoles)
    .innerJoin(roles, eq(roles.id, userRoles.roleId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(asc(roles.name));
  for (const r of rows) map.set(r.userId, [...(map.get(r.userId) ?? []), r.name]);
  return map;
}

// Users listed in the department tree's order: a unit's position is (its group's place, its place in the group).
const parentDept = alias(departments, "parent_dept");
const treeOrder = [
  sql`coalesce(${parentDept.sortOrder}, ${departments.sortOrder})`,
  sql`case when ${parentDept.id} is null then 0 else ${departments.sortOrder} end`,
  asc(departments.name),
];

const listColumns = {
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  mobile: users.mobile,
  departmentId: users.departmentId,
  departmentName: departments.name,
  smsRecipient: users.smsRecipient,
  enabled: users.enabled,
  mustChangePassword: users.mustChangePassword,
  lastLoginAt: users.lastLoginAt,
};

/** A list row with its roles and the mobile as the viewer may see it (whole within a 用户管理 holder's scope). */
function shown(viewer: Actor, { departmentId, ...r }: Omit<AdminUserRow, "roleNames"> & { departmentId: string }, roleMap: Map<string, string[]>): AdminUserRow {
  return { ...r, mobile: shownMobile(viewer, { userId: r.id, departmentId }, r.mobile), roleNames: roleMap.get(r.id) ?? [] };
}

/** 用户管理 list: filtered, within the viewer's scope, ordered by unit then name. */
export async function listAdminUsers(viewer: Actor, f: UserFilters, pageSize = USER_PAGE_SIZE): Promise<{ rows: AdminUserRow[]; total: number }> {
  assertCan(viewer, "admin.users");
  const where = whereFor(viewer, f);
  const [{ total }] = (await getDb()
    .select({ total: count() })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(where)) as [{ total: number }];
  const rows = await getDb()
    .select(listColumns)
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(parentDept, eq(parentDept.id, departments.parentId))
    .where(where)
    .orderBy(...treeOrder, desc(users.enabled), asc(users.sortOrder), asc(users.username))
    .limit(pageSize)
    .offset((f.page - 1) * pageSize);
  const roleMap = await rolesOf(rows.map((r) => r.id));
  return { rows: rows.map((r) => shown(viewer, r, roleMap)), total };
}

/** Everything the filters match, for the Excel export (capped: an export is not a backup). */
export async function listAdminUsersForExport(viewer: Actor, f: UserFilters, cap = 20_000): Promise<AdminUserRow[]> {
  assertCan(viewer, "admin.users");
  const rows = await getDb()
    .select(listColumns)
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .leftJoin(parentDept, eq(parentDept.id, departments.parentId))
    .where(whereFor(viewer, f))
    .orderBy(...treeOrder, asc(users.sortOrder), asc(users.username))
    .limit(cap);
  const roleMap = new Map<string, string[]>();
  for (let i = 0; i < rows.length; i += 1000) {
    for (const [k, v] of await rolesOf(rows.slice(i, i + 1000).map((r) => r.id))) roleMap.set(k, v);
  }
  return rows.map((r) => shown(viewer, r, roleMap));
}

export interface AdminUserDetail {
  id: string;
  username: string;
  displayName: string;
  mobile: string | null;
  departmentId: string;
  departmentName: string;
  smsRecipient: boolean;
  enabled: boolean;
  externalId: string | null;
  /** False: no local password, signs in only through the OA. */
  localPassword: boolean;
  mustChangePassword: boolean;
  /** A 动态口令 (TOTP) is bound or being bound. */
  totpBound: boolean;
  /** Locked by too many failed logins right now (decided by the database clock). */
  locked: boolean;
  lastLoginAt: Date | null;
  version: number;
  roleIds: string[];
}

/** One user for the edit form, or null when missing or outside the viewer's scope. */
export async function getAdminUser(viewer: Actor, id: string): Promise<AdminUserDetail | null> {
  assertCan(viewer, "admin.users");
  if (!isUuid(id)) return null;
  const [row] = await getDb()
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      mobile: users.mobile,
      departmentId: users.departmentId,
      departmentName: departments.name,
      smsRecipient: users.smsRecipient,
      enabled: users.enabled,
      externalId: users.externalId,
      localPassword: sql<boolean>`${users.passwordHash} is not null`,
      mustChangePassword: users.mustChangePassword,
      totpBound: sql<boolean>`${users.totpSecret} is not null`,
      locked: sql<boolean>`coalesce(${users.lockedUntil} > now(), false)`,
      lastLoginAt: users.lastLoginAt,
      version: users.version,
    })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(and(eq(users.id, id), viewer.dataScope === "all_units" ? undefined : eq(users.departmentId, viewer.departmentId)));
  if (!row) return null;
  const roleRows = await getDb().select({ roleId: userRoles.roleId }).from(userRoles).where(eq(userRoles.userId, id));
  return { ...row, mobile: shownMobile(viewer, { userId: row.id, departmentId: row.departmentId }, row.mobile), roleIds: roleRows.map((r) => r.roleId) };
}

export interface UnitOption {
  id: string;
  name: string;
  isGroup: boolean;
  enabled: boolean;
  /** The group it sits in, for <optgroup>; null for top-level units. */
  groupName: string | null;
}
export interface RoleOption {
  id: string;
  name: string;
  description: string;
}

/** Units (in tree order) and roles for the user form and the filters. */
export async function userFormOptions(viewer: Actor): Promise<{ units: UnitOption[]; roles: RoleOption[] }> {
  assertCan(viewer, "admin.users");
  const all = await getDb()
    .select({ id: departments.id, parentId: departments.parentId, name: departments.name, isGroup: departments.isGroup, enabled: departments.enabled, sortOrder: departments.sortOrder })
    .from(departments)
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  const byParent = new Map<string | null, typeof all>();
  for (const d of all) byParent.set(d.parentId, [...(byParent.get(d.parentId) ?? []), d]);
  const units: UnitOption[] = [];
  const walk = (parentId: string | null, groupName: string | null) => {
    for (const d of byParent.get(parentId) ?? []) {
      if (viewer.dataScope === "all_units" || d.id === viewer.departmentId || d.isGroup) {
        units.push({ id: d.id, name: d.name, isGroup: d.isGroup, enabled: d.enabled, groupName });
      }
      walk(d.id, d.isGroup ? d.name : groupName);
    }
  };
  walk(null, null);
  const roleRows = await getDb().select({ id: roles.id, name: roles.name, description: roles.description }).from(roles).orderBy(desc(roles.builtIn), asc(roles.createdAt), asc(roles.name));
  return { units: viewer.dataScope === "all_units" ? units : units.filter((u) => !u.isGroup), roles: roleRows };
}
