import "server-only";
import { asc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, type DbOrTx } from "@/db/client";
import { departments, eventSources, taskCategories, taskTypes, urgencyLevels } from "@/db/schema";
import { DEPARTMENT_KIND_LABELS } from "@/lib/services/admin/departments/department-shared";
import type { StatsPeriod } from "@/lib/domain/stats/period";
import { NOT_SET, type StatsFilters } from "./metrics-filters";

/**
 * The names behind the statistics filters: the options of the filter form (every entry of the base data,
 * disabled ones too — old tasks still carry them), the words of a sheet's header and of a drill-down's heading.
 */
export interface Option {
  id: string;
  name: string;
}

export interface StatsFilterOptions {
  sources: Option[];
  categories: Option[];
  types: Option[];
  urgencies: Option[];
}

export async function statsFilterOptions(db: DbOrTx = getDb()): Promise<StatsFilterOptions> {
  const parent = alias(taskCategories, "parent_category");
  const [sources, categoryRows, types, urgencies] = await Promise.all([
    db.select({ id: eventSources.id, name: eventSources.name }).from(eventSources).orderBy(asc(eventSources.sortOrder), asc(eventSources.name)),
    db
      .select({ id: taskCategories.id, name: taskCategories.name, parentName: parent.name })
      .from(taskCategories)
      .leftJoin(parent, eq(parent.id, taskCategories.parentId))
      .orderBy(asc(taskCategories.sortOrder), asc(taskCategories.name)),
    db.select({ id: taskTypes.id, name: taskTypes.name }).from(taskTypes).orderBy(asc(taskTypes.sortOrder), asc(taskTypes.name)),
    db.select({ id: urgencyLevels.id, name: urgencyLevels.name }).from(urgencyLevels).orderBy(asc(urgencyLevels.sortOrder)),
  ]);
  const categories = categoryRows.map((c) => ({ id: c.id, name: c.parentName ? `${c.parentName} / ${c.name}` : c.name }));
  return { sources, categories, types, urgencies };
}

export interface UnitInfo {
  id: string;
  name: string;
  sortOrder: number;
}

/** Name and sort order of the given units (the rows of a statistics table). */
export async function unitInfo(ids: readonly string[], db: DbOrTx = getDb()): Promise<Map<string, UnitInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: departments.id, name: departments.name, sortOrder: departments.sortOrder })
    .from(departments)
    .where(inArray(departments.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

const nameOf = (options: Option[], id: string) => (id === NOT_SET ? "未设置" : (options.find((o) => o.id === id)?.name ?? "（已删除）"));

/** The period and filters in words: "周期：2026年；事件来源：区长信箱" (sheet headers, drill-down headings). */
export async function describeStatsFilters(period: Pick<StatsPeriod, "label">, f: Omit<StatsFilters, "period">, db: DbOrTx = getDb()): Promise<{ words: string; unitName: string }> {
  const options = await statsFilterOptions(db);
  const unit = f.departmentId ? (await unitInfo([f.departmentId], db)).get(f.departmentId) : undefined;
  const unitName = f.departmentId ? (unit?.name ?? "（未知单位）") : "";
  const parts = [
    `周期：${period.label}`,
    f.unitKind && `单位类型：${DEPARTMENT_KIND_LABELS[f.unitKind as keyof typeof DEPARTMENT_KIND_LABELS] ?? f.unitKind}`,
    f.sourceId && `事件来源：${nameOf(options.sources, f.sourceId)}`,
    f.categoryId && `事项类别：${nameOf(options.categories, f.categoryId)}`,
    f.taskTypeId && `办件类型：${nameOf(options.types, f.taskTypeId)}`,
    f.urgencyId && `紧急程度：${nameOf(options.urgencies, f.urgencyId)}`,
    unitName && `承办单位：${unitName}`,
  ].filter(Boolean);
  return { words: parts.join("；"), unitName };
}
