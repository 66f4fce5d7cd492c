import "server-only";
import { and, asc, desc, inArray, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { assignments, departments, taskUnits, tasks } from "@/db/schema";
import { ASSIGNMENT_STATUSES, TASK_STATUSES, type AssignmentStatus, type TaskStatus } from "@/lib/domain/workflow/states";
import { lightCondition, lightRankSql, lightSql, type LightContext } from "@/lib/data/lights";
import type { LightFilter, TaskSort } from "@/lib/data/task-filters";
import type { Page } from "./types";

/**
 * Helpers shared by the workflow reads. Who sees what is not decided here: every read filters with the
 * scope predicates of lib/scope (the rule itself is lib/domain/scope.ts).
 */

export const CLOSED_TASK: readonly TaskStatus[] = ["completed", "archived", "cancelled"];
export const CLOSED_ASSIGNMENT: readonly AssignmentStatus[] = ["completed", "cancelled"];

// The open statuses are listed (status IN (…)) rather than negated so the (status, deadline) and
// (status, due_on) indexes serve the red and yellow filters as ranges.
export const OPEN_TASK: readonly TaskStatus[] = TASK_STATUSES.filter((s) => !CLOSED_TASK.includes(s));
export const OPEN_ASSIGNMENT: readonly AssignmentStatus[] = ASSIGNMENT_STATUSES.filter((s) => !CLOSED_ASSIGNMENT.includes(s));

/** 预警灯 of a row in SQL (lib/data/lights.ts): its light, its rank for "reddest first", its filter. */
export interface RowLight {
  light: ReturnType<typeof lightSql>;
  rank: SQL<number>;
  deadline: AnyPgColumn;
  /** Rows of one light ("none": closed), or no condition for "". */
  only: (light: LightFilter | "none") => SQL | undefined;
}

function rowLight(ctx: LightContext, deadline: AnyPgColumn, open: SQL, closed: SQL): RowLight {
  return {
    light: lightSql(ctx, deadline, tasks.urgencyId, closed),
    rank: lightRankSql(ctx, deadline, tasks.urgencyId, closed),
    deadline,
    only: (light) => (light ? lightCondition(ctx, light, deadline, tasks.urgencyId, open, closed) : undefined),
  };
}

/** A task goes by its due date (the earliest deadline among its open assignments); finished tasks have none. */
export function taskLight(ctx: LightContext): RowLight {
  return rowLight(ctx, tasks.dueOn, inArray(tasks.status, [...OPEN_TASK]), inArray(tasks.status, [...CLOSED_TASK]));
}

/** An assignment goes by its own deadline (延期 moves it); it has none once it or its task is finished. */
export function assignmentLight(ctx: LightContext): RowLight {
  return rowLight(
    ctx,
    assignments.deadline,
    and(inArray(assignments.status, [...OPEN_ASSIGNMENT]), inArray(tasks.status, [...OPEN_TASK]))!,
    sql`(${inArray(assignments.status, [...CLOSED_ASSIGNMENT])} or ${inArray(tasks.status, [...CLOSED_TASK])})`,
  );
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * 任务检索: the term as a substring of number, title or content, or of a named unit's name.
 *
 * Two separately indexed searches, OR-ed as bitmaps (an OR with a correlated EXISTS defeated every index):
 * - the text: every character pair of the term is in tasks.search_bigrams (GIN; works from two characters,
 *   where pg_trgm needs three), then ILIKE rechecks the substring; a one-character term falls back to ILIKE;
 * - the units: the ids of tasks naming a unit whose name matches (departments are few; task_units by unit
 *   is indexed), as `id = any(array(…))` so the primary key serves it.
 */
export function searchCondition(q: string, columns: SearchColumns = TASK_SEARCH_COLUMNS): SQL | undefined {
  if (!q) return undefined;
  const like = `%${escapeLike(q)}%`;
  const text = or(sql`${columns.taskNo} ilike ${like}`, sql`${columns.title} ilike ${like}`, sql`${columns.content} ilike ${like}`)!;
  // The pairs only let the GIN index find candidates: a substring match implies them (both sides lower-cased).
  const byText = [...q].length >= 2 && columns.searchBigrams ? sql`(${columns.searchBigrams} @> dcdb_bigrams(${q}) and ${text})` : text;
  return or(
    byText,
    sql`${columns.id} = any(array(select tu.task_id from ${taskUnits} tu join ${departments} d on d.id = tu.department_id where d.name ilike ${like}))`,
  );
}

/** The task columns a search reads: those of `tasks`, or of a subquery's rows (without the pairs: no index there). */
export interface SearchColumns {
  id: SQL | AnyPgColumn;
  taskNo: SQL | AnyPgColumn;
  title: SQL | AnyPgColumn;
  content: SQL | AnyPgColumn;
  searchBigrams?: SQL | AnyPgColumn;
}
const TASK_SEARCH_COLUMNS: SearchColumns = { id: tasks.id, taskNo: tasks.taskNo, title: tasks.title, content: tasks.content, searchBigrams: tasks.searchBigrams };

/** `light`: the rows' 预警灯 (sort "light": reddest first, then the nearest deadline). */
export function orderFor(sort: TaskSort, light: RowLight): SQL[] {
  switch (sort) {
    case "light":
      return [asc(light.rank), asc(light.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "created":
      return [asc(tasks.createdAt), asc(tasks.id)];
    case "deadline":
      return [asc(light.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "-deadline":
      return [desc(light.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "taskNo":
      // Numbers are handed out in signing order, so signing time sorts them numerically (the text would not: 12 < 2).
      return [sql`${tasks.signedAt} desc nulls last`, desc(tasks.createdAt), asc(tasks.id)];
    default:
      return [desc(tasks.createdAt), asc(tasks.id)];
  }
}

/**
 * Lists count at most this many rows: beyond it the exact figure costs a scan of the whole filtered set on
 * every page view (seconds at a million assignments) and tells the reader nothing a "10 000+" does not. The
 * pager says so, and pages stop at the cap (a deep OFFSET costs as much as the rows it skips).
 */
export const COUNT_CAP = 10_000;

/**
 * A search (任务检索) counts at most this many: a broad term (a place named in one title of twelve) matched tens of
 * thousands of tasks at a million, and counting them to 10 000 cost most of the page; nobody pages through more
 * than 50 pages of search results — the pager asks for a narrower term.
 */
export const SEARCH_COUNT_CAP = 1_000;

/** The highest page a list serves at this page size. */
export function maxPage(pageSize: number, cap = COUNT_CAP): number {
  return Math.ceil(cap / pageSize);
}

/** `counted`: the filtered set's size, counted up to cap + 1. `pageNo`: the page served (clamped). */
export function page<T>(rows: T[], counted: number, params: { pageSize: number }, pageNo: number, cap = COUNT_CAP): Page<T> {
  const capped = counted > cap;
  const total = Math.min(counted, cap);
  return { rows, total, capped, page: pageNo, pageSize: params.pageSize, pageCount: Math.max(1, Math.ceil(total / params.pageSize)) };
}

/**
 * The page a list serves: ids first (one narrow query that can walk an index, skipping only ids), decorated
 * afterwards. A page past the end is clamped to the last one; the count runs beside the first ids query and
 * only an out-of-range page costs a second one.
 *
 * `first`: a cheaper way to the page tried before those two (a search's window of the newest tasks): it may
 * answer the ids (null: not known), the count (null: not known), or both; what it leaves open is queried.
 */
export async function pageOfIds(
  params: { page: number; pageSize: number },
  ids: (offset: number) => Promise<string[]>,
  countUpToCap: () => Promise<number>,
  options: { cap?: number } = {},
  first?: (offset: number) => Promise<{ ids: string[] | null; counted: number | null }>,
): Promise<{ ids: string[]; counted: number; pageNo: number }> {
  const cap = options.cap ?? COUNT_CAP;
  const lastPage = (counted: number) => Math.max(1, Math.ceil(Math.min(counted, cap) / params.pageSize));
  let pageNo = Math.min(params.page, maxPage(params.pageSize, cap));
  const tried = first ? await first((pageNo - 1) * params.pageSize) : { ids: null, counted: null };
  const [page, counted] = await Promise.all([
    tried.ids ?? ids((pageNo - 1) * params.pageSize),
    tried.counted ?? countUpToCap(),
  ]);
  if (pageNo <= lastPage(counted)) return { ids: page, counted, pageNo };
  pageNo = lastPage(counted);
  const offset = (pageNo - 1) * params.pageSize;
  const retry = first ? await first(offset) : { ids: null, counted: null };
  return { ids: retry.ids ?? (await ids(offset)), counted, pageNo };
}

/** Rows fetched by id, back in the ids' order. */
export function inIdOrder<T extends { id: string }>(ids: string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
}
