import "server-only";
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { assignmentFacts, assignments, departments, tasks } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import type { IsoDate } from "@/lib/domain/dates";
import type { CountMetric } from "@/lib/domain/stats/definitions";
import type { AssignmentStatus } from "@/lib/domain/workflow/states";
import type { WarningLight } from "@/lib/domain/warning-light";
import { lightSql, loadLightContext, type LightContext } from "@/lib/data/lights";
import { metricCondition, populationCondition, statsToday, type StatsFilters } from "./metrics";

/**
 * 统计明细: the assignments behind one number of a statistics page. The WHERE clause is the page's own —
 * `populationCondition` (period, filters, the viewer's scope, nothing cancelled) plus `metricCondition` — over
 * the same table (assignment_facts, joined to assignments and tasks only for the columns shown), so the list's
 * total is the number that linked to it (metrics.int.test.ts checks every metric).
 */
export const STATS_LIST_PAGE_SIZE = 20;
/** An export is a working copy: beyond this the sheet says it was cut off (as 督查工作通知). */
export const STATS_EXPORT_CAP = 50_000;

export interface StatsAssignmentRow {
  id: string;
  taskId: string;
  taskNo: string | null;
  title: string;
  unitName: string;
  status: AssignmentStatus;
  deadline: IsoDate;
  /** The task's registered deadline (shown beside the unit's when an extension moved it). */
  originalDeadline: IsoDate;
  dispatchedAt: Date;
  completedAt: Date | null;
  light: WarningLight;
}

function where(viewer: Actor, f: StatsFilters, metric: CountMetric, today: IsoDate): SQL {
  return and(populationCondition(viewer, f), metricCondition(metric, today))!;
}

function selectRows(db: DbOrTx, ctx: LightContext) {
  const closed = sql`${assignments.status} in ('completed', 'cancelled')`;
  return db
    .select({
      id: assignments.id,
      taskId: tasks.id,
      taskNo: tasks.taskNo,
      title: tasks.title,
      unitName: departments.name,
      status: assignments.status,
      deadline: assignments.deadline,
      originalDeadline: tasks.deadline,
      dispatchedAt: assignments.dispatchedAt,
      completedAt: assignments.completedAt,
      light: lightSql(ctx, assignments.deadline, tasks.urgencyId, closed),
    })
    .from(assignmentFacts)
    .innerJoin(assignments, eq(assignments.id, assignmentFacts.assignmentId))
    .innerJoin(tasks, eq(tasks.id, assignmentFacts.taskId))
    .innerJoin(departments, eq(departments.id, assignmentFacts.departmentId))
    .$dynamic();
}

/** How many assignments are behind the number (the drill-down's total). */
export async function countStatsAssignments(viewer: Actor, f: StatsFilters, metric: CountMetric, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(assignmentFacts)
    .innerJoin(departments, eq(departments.id, assignmentFacts.departmentId))
    .where(where(viewer, f, metric, today));
  return row?.n ?? 0;
}

/** One page, latest dispatch first (the facts' (department_id, dispatched_at) and (dispatched_at) indexes serve it). */
export async function listStatsAssignments(
  viewer: Actor,
  f: StatsFilters,
  metric: CountMetric,
  page: number,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<{ rows: StatsAssignmentRow[]; total: number; page: number }> {
  const [ctx, total] = await Promise.all([loadLightContext(db), countStatsAssignments(viewer, f, metric, today, db)]);
  // A page past the end shows the last page (and costs no more than it).
  const last = Math.max(1, Math.ceil(total / STATS_LIST_PAGE_SIZE));
  const current = Math.min(page, last);
  const rows = await selectRows(db, { ...ctx, today })
    .where(where(viewer, f, metric, today))
    .orderBy(desc(assignmentFacts.dispatchedAt), desc(assignmentFacts.assignmentId))
    .limit(STATS_LIST_PAGE_SIZE)
    .offset((current - 1) * STATS_LIST_PAGE_SIZE);
  return { rows: rows as StatsAssignmentRow[], total, page: current };
}

/** Every row behind the number in batches (keyset on dispatched_at, id), at most `cap`: the Excel export. */
export async function* statsAssignmentsForExport(
  viewer: Actor,
  f: StatsFilters,
  metric: CountMetric,
  today: IsoDate = statsToday(),
  cap = STATS_EXPORT_CAP,
  batch = 2_000,
  db: DbOrTx = getDb(),
): AsyncGenerator<StatsAssignmentRow[]> {
  const ctx = { ...(await loadLightContext(db)), today };
  const base = where(viewer, f, metric, today);
  let afterId: string | null = null;
  let left = cap;
  while (left > 0) {
    // The cursor is read back from the row itself: a JavaScript Date has only milliseconds, the column microseconds.
    const cursor: SQL | undefined = afterId
      ? sql`(${assignmentFacts.dispatchedAt}, ${assignmentFacts.assignmentId}) < (select c.dispatched_at, c.assignment_id from ${assignmentFacts} c where c.assignment_id = ${afterId})`
      : undefined;
    const rows = (await selectRows(db, ctx)
      .where(and(base, cursor))
      .orderBy(desc(assignmentFacts.dispatchedAt), desc(assignmentFacts.assignmentId))
      .limit(Math.min(batch, left))) as StatsAssignmentRow[];
    if (rows.length === 0) return;
    yield rows;
    left -= rows.length;
    afterId = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}
