import "server-only";
import { asc, count, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { assignments, departments, taskUnits, users } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import type { Actor } from "@/lib/domain/policy";

export interface AdminDepartment {
  id: string;
  parentId: string | null;
  name: string;
  shortName: string | null;
  kind: (typeof departments.$inferSelect)["kind"];
  isGroup: boolean;
  enabled: boolean;
  sortOrder: number;
  version: number;
  users: number;
  /** Distinct tasks that name this unit (task_units) or were dispatched to it (assignments). */
  tasks: number;
}

export interface DepartmentNode extends AdminDepartment {
  depth: number;
  children: DepartmentNode[];
}

/** Every department with its usage counts, as a flat list in no particular order. */
export async function listAdminDepartments(viewer: Actor): Promise<AdminDepartment[]> {
  assertCan(viewer, "admin.departments");
  const db = getDb();
  const rows = await db
    .select({
      id: departments.id,
      parentId: departments.parentId,
      name: departments.name,
      shortName: departments.shortName,
      kind: departments.kind,
      isGroup: departments.isGroup,
      enabled: departments.enabled,
      sortOrder: departments.sortOrder,
      version: departments.version,
    })
    .from(departments)
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  const [userCounts, taskCounts] = await Promise.all([
    db.select({ id: users.departmentId, n: count() }).from(users).groupBy(users.departmentId),
    // Counted in SQL: (unit, task) pairs are millions at scale. Dispatch writes an assignment for every
    // registered unit, so only the assignments a 改派 added beyond task_units need the second branch.
    db.execute<{ id: string; n: number }>(sql`
      select department_id as id, count(*)::int as n from (
        select department_id, task_id from ${taskUnits}
        union all
        select a.department_id, a.task_id from ${assignments} a
        where not exists (select 1 from ${taskUnits} tu where tu.task_id = a.task_id and tu.department_id = a.department_id)
      ) pairs group by department_id`),
  ]);
  const userMap = new Map(userCounts.map((u) => [u.id, u.n]));
  // postgres.js returns an array, PGlite `{ rows }`.
  const pairs = (Array.isArray(taskCounts) ? taskCounts : (taskCounts as unknown as { rows: { id: string; n: number }[] }).rows) as { id: string; n: number }[];
  const taskMap = new Map(pairs.map((t) => [t.id, Number(t.n)]));
  return rows.map((r) => ({ ...r, users: userMap.get(r.id) ?? 0, tasks: taskMap.get(r.id) ?? 0 }));
}

/** The department tree, siblings in their display order. */
export function buildDepartmentTree(rows: AdminDepartment[]): DepartmentNode[] {
  const byParent = new Map<string | null, AdminDepartment[]>();
  for (const r of rows) byParent.set(r.parentId, [...(byParent.get(r.parentId) ?? []), r]);
  const build = (parentId: string | null, depth: number): DepartmentNode[] =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, "zh-CN"))
      .map((r) => ({ ...r, depth, children: build(r.id, depth + 1) }));
  return build(null, 0);
}

/** Tree order, flattened (for parent pickers). */
export function flattenTree(nodes: DepartmentNode[]): DepartmentNode[] {
  return nodes.flatMap((n) => [n, ...flattenTree(n.children)]);
}

/** The ids of a department and everything under it (cannot be chosen as its new parent). */
export function subtreeIds(rows: AdminDepartment[], id: string): Set<string> {
  const ids = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of rows) {
      if (r.parentId && ids.has(r.parentId) && !ids.has(r.id)) {
        ids.add(r.id);
        grew = true;
      }
    }
  }
  return ids;
}

export async function getAdminDepartment(viewer: Actor, id: string): Promise<AdminDepartment | null> {
  const all = await listAdminDepartments(viewer);
  return all.find((d) => d.id === id) ?? null;
}

