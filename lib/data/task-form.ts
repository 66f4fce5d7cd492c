import "server-only";
import { and, asc, eq, inArray, isNull, ne, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { departments, eventSources, rolePermissions, taskCategories, taskTypes, urgencyLevels, userRoles, users } from "@/db/schema";
import type { Permission } from "@/lib/domain/permissions";

export interface Option {
  id: string;
  name: string;
}

export interface UnitOption extends Option {
  group: string;
}

export interface TaskFormOptions {
  sources: Option[];
  categories: (Option & { parentName: string | null })[];
  types: Option[];
  urgencies: (Option & { code: string; color: string })[];
  units: UnitOption[];
}

/**
 * What the 督办登记 form offers: only enabled base-data entries and enabled units, plus — when
 * editing — the entries the draft already uses even if the admin has disabled them since, so that
 * saving a draft never silently changes its data.
 */
export async function getTaskFormOptions(keep: { sourceId?: string | null; categoryId?: string | null; taskTypeId?: string | null; urgencyId?: string | null; unitIds?: string[] } = {}): Promise<TaskFormOptions> {
  const db = getDb();
  const enabledOr = (enabled: SQL, idColumn: Parameters<typeof eq>[0], id?: string | null) => (id ? or(enabled, eq(idColumn, id)) : enabled);
  const parent = alias(taskCategories, "parent");
  const group = alias(departments, "grp");
  const [sources, categories, types, urgencies, units] = await Promise.all([
    db
      .select({ id: eventSources.id, name: eventSources.name })
      .from(eventSources)
      .where(enabledOr(eq(eventSources.enabled, true), eventSources.id, keep.sourceId))
      .orderBy(asc(eventSources.sortOrder), asc(eventSources.name)),
    db
      .select({ id: taskCategories.id, name: taskCategories.name, parentName: parent.name })
      .from(taskCategories)
      .leftJoin(parent, eq(parent.id, taskCategories.parentId))
      .where(enabledOr(and(eq(taskCategories.enabled, true), or(isNull(taskCategories.parentId), eq(parent.enabled, true)))!, taskCategories.id, keep.categoryId))
      .orderBy(asc(parent.sortOrder), asc(taskCategories.sortOrder)),
    db
      .select({ id: taskTypes.id, name: taskTypes.name })
      .from(taskTypes)
      .where(enabledOr(eq(taskTypes.enabled, true), taskTypes.id, keep.taskTypeId))
      .orderBy(asc(taskTypes.sortOrder), asc(taskTypes.name)),
    db
      .select({ id: urgencyLevels.id, name: urgencyLevels.name, code: urgencyLevels.code, color: urgencyLevels.color })
      .from(urgencyLevels)
      .where(enabledOr(eq(urgencyLevels.enabled, true), urgencyLevels.id, keep.urgencyId))
      .orderBy(asc(urgencyLevels.sortOrder), asc(urgencyLevels.name)),
    db
      .select({ id: departments.id, name: departments.name, group: group.name })
      .from(departments)
      .leftJoin(group, eq(group.id, departments.parentId))
      .where(
        and(
          eq(departments.isGroup, false),
          ne(departments.kind, "office"),
          keep.unitIds?.length ? or(eq(departments.enabled, true), inArray(departments.id, keep.unitIds)) : eq(departments.enabled, true),
        ),
      )
      .orderBy(asc(group.sortOrder), asc(departments.sortOrder), asc(departments.name)),
  ]);
  // Categories form a two-level tree: a top-level entry sorts before its children.
  const ordered = categories.filter((c) => !c.parentName).flatMap((top) => [top, ...categories.filter((c) => c.parentName === top.name)]);
  const orphans = categories.filter((c) => c.parentName && !ordered.includes(c));
  return { sources, categories: [...ordered, ...orphans], types, urgencies, units: units.map((u) => ({ ...u, group: u.group ?? "其他" })) };
}

export interface PersonOption {
  id: string;
  displayName: string;
  departmentName: string;
}

/** Enabled users holding `permission`, optionally within one department: the pickers of the dialogs. */
export async function listPeopleWithPermission(permission: Permission, departmentId?: string): Promise<PersonOption[]> {
  const rows = await getDb()
    .selectDistinct({ id: users.id, displayName: users.displayName, departmentName: departments.name, sortOrder: users.sortOrder })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
    .where(and(eq(rolePermissions.permission, permission), eq(users.enabled, true), departmentId ? eq(users.departmentId, departmentId) : undefined))
    .orderBy(asc(users.sortOrder), asc(users.displayName));
  return rows.map((r) => ({ id: r.id, displayName: r.displayName, departmentName: r.departmentName }));
}
