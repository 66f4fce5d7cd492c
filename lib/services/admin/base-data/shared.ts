import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { eventSources, taskCategories, tasks, taskTypes, urgencyLevels } from "@/db/schema";
import { notFound, validation } from "@/lib/domain/errors";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
export { idField, optionalIdField, parseInput, STALE_MESSAGE, type RequestMeta } from "@/lib/services/validation";

/** The message for an id only a tampered request can get wrong. */
export const BAD_ID = "参数错误，请刷新后重试";
export const entryNameSchema = z.string({ error: "请填写名称" }).trim().min(1, "请填写名称").max(30, "名称不能超过 30 个字");
export const colorSchema = z
  .string({ error: "请选择颜色" })
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "颜色格式应为 #RRGGBB");

/**
 * The four lists share id/name/sortOrder/enabled/version/updatedAt, so every verb works on them through
 * the event_sources column set; categories (parentId) and urgencies (code, color) add their own.
 */
export const LIST_TABLES = {
  sources: eventSources,
  categories: taskCategories,
  types: taskTypes,
  urgencies: urgencyLevels,
} as const;

export function listTable(list: BaseDataList): typeof eventSources {
  return LIST_TABLES[list] as unknown as typeof eventSources;
}

/** The tasks column that points at an entry of this list. */
export function taskColumn(list: BaseDataList) {
  return { sources: tasks.sourceId, categories: tasks.categoryId, types: tasks.taskTypeId, urgencies: tasks.urgencyId }[list];
}

export interface EntryRow {
  id: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
  version: number;
  parentId: string | null;
  code: string | null;
  color: string | null;
}

/** Loads one entry (row-locked), or null. Base data is global, so there is no unit scope to apply. */
export async function loadEntry(tx: Tx, list: BaseDataList, id: string): Promise<EntryRow | null> {
  const t = listTable(list);
  const [row] = await tx
    .select({
      id: t.id,
      name: t.name,
      sortOrder: t.sortOrder,
      enabled: t.enabled,
      version: t.version,
      parentId: list === "categories" ? taskCategories.parentId : sql<string | null>`null`,
      code: list === "urgencies" ? urgencyLevels.code : sql<string | null>`null`,
      color: list === "urgencies" ? urgencyLevels.color : sql<string | null>`null`,
    })
    .from(t)
    .where(eq(t.id, id))
    .for("update");
  return row ?? null;
}

/** Loads one entry for an admin change (row-locked); a missing one is "not found" in the list's own words. */
export async function loadEntryForChange(tx: Tx, list: BaseDataList, id: string): Promise<EntryRow> {
  const entry = await loadEntry(tx, list, id);
  if (!entry) throw notFound(BASE_DATA_LIST_LABELS[list]);
  return entry;
}

/** Siblings of an entry (same parent for categories), in display order. */
export function siblingsWhere(list: BaseDataList, parentId: string | null): SQL | undefined {
  if (list !== "categories") return undefined;
  return parentId ? eq(taskCategories.parentId, parentId) : isNull(taskCategories.parentId);
}

/** How many tasks point at this entry (any status, drafts and archived included). */
export async function usageCount(tx: Tx, list: BaseDataList, id: string): Promise<number> {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(tasks).where(eq(taskColumn(list), id));
  return row?.n ?? 0;
}

/** Another entry among the siblings already has this name (names are what users pick from). */
export async function assertNameFree(tx: Tx, list: BaseDataList, name: string, parentId: string | null, exceptId?: string): Promise<void> {
  const t = listTable(list);
  const rows = await tx
    .select({ id: t.id })
    .from(t)
    .where(and(eq(t.name, name), siblingsWhere(list, parentId)));
  if (rows.some((r) => r.id !== exceptId)) throw validation(`名称“${name}”已存在`, { name: `名称“${name}”已存在` });
}

/** The audit detail of an entry: what an admin reading the log needs. */
export function snapshot(row: Pick<EntryRow, "name" | "enabled" | "sortOrder"> & Partial<Pick<EntryRow, "parentId" | "color">>) {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined && v !== null));
}

export const AUDIT_TARGET: Record<BaseDataList, string> = {
  sources: "event_source",
  categories: "task_category",
  types: "task_type",
  urgencies: "urgency_level",
};



export { isForeignKeyViolation, isUniqueViolation } from "@/lib/domain/errors";
export { rowVersionField, versionField } from "@/lib/services/validation";
