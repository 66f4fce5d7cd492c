import "server-only";
import { asc, count } from "drizzle-orm";
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
  const userCounts = await db.select({ id: users.departmentId, n: count() }).from(users).groupBy(users.departmentId);
  const planned = await db.selectDistinct({ id: taskUnits.departmentId, taskId: taskUnits.taskId }).from(taskUnits);
  const assigned = await db.selectDistinct({ id: assignments.departmentId, taskId: assignments.taskId }).from(assignments);
  const tasks = new Map<string, Set<string>>();
  for (const r of [...planned, ...assigned]) tasks.set(r.id, (tasks.get(r.id) ?? new Set()).add(r.taskId));
  const userMap = new Map(userCounts.map((u) => [u.id, u.n]));
  return rows.map((r) => ({ ...r, users: userMap.get(r.id) ?? 0, tasks: tasks.get(r.id)?.size ?? 0 }));
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

