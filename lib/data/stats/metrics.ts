import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import { alias, type AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb, type DbOrTx } from "@/db/client";
import { assignments, calendarDays, departments, tasks } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { shanghaiDayStart, todayInShanghai, type IsoDate } from "@/lib/domain/dates";
import { COUNT_METRICS, type CountMetric, type MetricCounts } from "@/lib/domain/stats/definitions";
import { assignmentInScope } from "@/lib/scope";
import { NOT_SET, type StatsFilters } from "./metrics-filters";

export { NO_FILTERS, NOT_SET, type StatsFilters } from "./metrics-filters";
import { now as clockNow } from "@/lib/clock";

/**
 * The statistics' definitions (lib/domain/stats/definitions.ts) in SQL. Every statistic page, the leaders'
 * dashboard, the drill-down lists and the exports build their queries from these pieces, so a number and the
 * list behind it use the same WHERE clause by construction (metrics.int.test.ts checks it, and checks the SQL
 * against the brute-force `classifyAssignment`).
 *
 * Shape of every query: `from assignments join tasks join departments` + `populationCondition` (period,
 * filters, scope, not cancelled) + `metricCondition(metric)` for one number, or `countColumns()` for all.
 */

/** Shanghai calendar date of a timestamptz column. */
export const shanghaiDate = (column: SQL | AnyPgColumn) => sql<string>`((${column}) at time zone 'Asia/Shanghai')::date`;

const OPEN = sql`${assignments.status} not in ('completed', 'cancelled')`;
const COMPLETED = sql`${assignments.status} = 'completed'`;
const ON_TIME = sql`(${COMPLETED} and ${shanghaiDate(assignments.completedAt)} <= ${assignments.deadline})`;

/** A base-data filter: one id, or NOT_SET (the "未设置" bucket of 部门办件统计: tasks registered without one). */
function optionalId(column: AnyPgColumn, value: string): SQL | undefined {
  if (!value) return undefined;
  return value === NOT_SET ? isNull(column) : eq(column, value);
}

/**
 * Period, filters and the viewer's scope, and never a cancelled assignment or task. The period bounds are
 * instants (the Shanghai day starts), so the index on assignments.dispatched_at serves the range.
 */
export function populationCondition(viewer: Actor | null, f: StatsFilters): SQL {
  return and(
    viewer ? assignmentInScope(viewer) : undefined,
    sql`${assignments.dispatchedAt} >= ${shanghaiDayStart(f.period.from).toISOString()}::timestamptz`,
    sql`${assignments.dispatchedAt} < ${shanghaiDayStart(f.period.to, 1).toISOString()}::timestamptz`,
    sql`${assignments.status} <> 'cancelled'`,
    sql`${tasks.status} <> 'cancelled'`,
    f.unitKind ? sql`${departments.kind} = ${f.unitKind}` : undefined,
    optionalId(tasks.sourceId, f.sourceId),
    optionalId(tasks.categoryId, f.categoryId),
    optionalId(tasks.taskTypeId, f.taskTypeId),
    f.urgencyId ? eq(tasks.urgencyId, f.urgencyId) : undefined,
    f.departmentId ? eq(assignments.departmentId, f.departmentId) : undefined,
  )!;
}

/** One count metric as a condition on a row of the population (`today`: Asia/Shanghai). */
export function metricCondition(metric: CountMetric, today: IsoDate): SQL {
  switch (metric) {
    case "dispatched":
      return sql`true`;
    case "received":
      return sql`${assignments.receivedAt} is not null`;
    case "in_progress":
      return sql`(${OPEN} and ${assignments.status} <> 'to_receive')`;
    case "completed_on_time":
      return ON_TIME;
    case "completed_late":
      return sql`(${COMPLETED} and not ${ON_TIME})`;
    case "overdue_open":
      return sql`(${OPEN} and ${assignments.deadline} < ${today}::date)`;
    case "urged":
      return sql`${assignments.urgeCount} > 0`;
    case "extended":
      return sql`${assignments.extensionCount} > 0`;
  }
}

/** The day statistics are computed for ("overdue" depends on it): today in Asia/Shanghai on the app clock. */
export function statsToday(at: Date = clockNow()): IsoDate {
  return todayInShanghai(at);
}

const dispatchedDay = alias(calendarDays, "dispatched_day");
const completedDay = alias(calendarDays, "completed_day");

/** Every count metric plus the working-day sum, as aggregate columns (`count(*) filter (where …)`). */
export function countColumns(today: IsoDate) {
  const columns = Object.fromEntries(
    COUNT_METRICS.map((m) => [m, sql<number>`(count(*) filter (where ${metricCondition(m, today)}))::int`]),
  ) as Record<CountMetric, SQL<number>>;
  return {
    ...columns,
    // Working days in (dispatched day, completed day]: the running working-day numbers of calendar_days.
    workdaysSum: sql<number>`coalesce(sum(${completedDay.workdayNo} - ${dispatchedDay.workdayNo}) filter (where ${COMPLETED}), 0)::int`,
  };
}

/** `from assignments` with the joins every statistics query needs (tasks, departments, the two calendar days). */
export function statsFrom(db: DbOrTx, select: Record<string, SQL | SQL.Aliased>) {
  return db
    .select(select as Record<string, SQL>)
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .leftJoin(dispatchedDay, eq(dispatchedDay.day, shanghaiDate(assignments.dispatchedAt)))
    .leftJoin(completedDay, eq(completedDay.day, shanghaiDate(assignments.completedAt)));
}

export type UnitMetricCounts = MetricCounts & { departmentId: string };

/** Every count metric per unit (only units with at least one assignment in the population). */
export async function countMetricsByUnit(viewer: Actor | null, f: StatsFilters, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<UnitMetricCounts[]> {
  const rows = await statsFrom(db, { departmentId: sql<string>`${assignments.departmentId}`, ...countColumns(today) })
    .where(populationCondition(viewer, f))
    .groupBy(assignments.departmentId);
  return rows as unknown as UnitMetricCounts[];
}

/** Every count metric per calendar month of dispatch ('YYYY-MM'), for trend charts. */
export async function countMetricsByMonth(
  viewer: Actor | null,
  f: StatsFilters,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<Array<MetricCounts & { month: string }>> {
  const month = sql<string>`to_char(${assignments.dispatchedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const rows = await statsFrom(db, { month, ...countColumns(today) })
    .where(populationCondition(viewer, f))
    .groupBy(month)
    .orderBy(month);
  return rows as unknown as Array<MetricCounts & { month: string }>;
}

/** Every count metric over the whole population (the 合计 row). */
export async function countMetricsTotal(viewer: Actor | null, f: StatsFilters, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<MetricCounts> {
  const [row] = await statsFrom(db, countColumns(today)).where(populationCondition(viewer, f));
  return row as unknown as MetricCounts;
}

/** The base-data dimensions 部门办件统计 groups by (tasks' columns; null = 未设置). */
export const STATS_DIMENSIONS = ["type", "category", "source"] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export const STATS_DIMENSION_LABELS: Record<StatsDimension, string> = { type: "办件类型", category: "事项类别", source: "事件来源" };

const dimensionColumn: Record<StatsDimension, AnyPgColumn> = { type: tasks.taskTypeId, category: tasks.categoryId, source: tasks.sourceId };

/** The StatsFilters field a dimension value filters (a drill-down from a dimension row sets it). */
export const DIMENSION_FILTER: Record<StatsDimension, "taskTypeId" | "categoryId" | "sourceId"> = { type: "taskTypeId", category: "categoryId", source: "sourceId" };

export type DimensionMetricCounts = MetricCounts & { key: string | null };

/** Every count metric per value of a task dimension (key null: the task has none, 未设置). */
export async function countMetricsBy(
  dimension: StatsDimension,
  viewer: Actor | null,
  f: StatsFilters,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<DimensionMetricCounts[]> {
  const key = sql<string | null>`${dimensionColumn[dimension]}`;
  const rows = await statsFrom(db, { key, ...countColumns(today) })
    .where(populationCondition(viewer, f))
    .groupBy(dimensionColumn[dimension]);
  return rows as unknown as DimensionMetricCounts[];
}

/** Every count metric per (dimension value, month of dispatch): the per-value trend lines. */
export async function countMetricsByDimensionMonth(
  dimension: StatsDimension,
  viewer: Actor | null,
  f: StatsFilters,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<Array<DimensionMetricCounts & { month: string }>> {
  const key = sql<string | null>`${dimensionColumn[dimension]}`;
  const month = sql<string>`to_char(${assignments.dispatchedAt} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
  const rows = await statsFrom(db, { key, month, ...countColumns(today) })
    .where(populationCondition(viewer, f))
    .groupBy(dimensionColumn[dimension], month)
    .orderBy(month);
  return rows as unknown as Array<DimensionMetricCounts & { month: string }>;
}

export interface UnitRank {
  departmentId: string;
  /** Competition rank ("1, 1, 3") by the 排名规则 of lib/domain/stats/definitions.ts (compareRanking). */
  rank: number;
  /** How many units are ranked (those with at least one assignment in the population). */
  of: number;
}

/**
 * The ranking position of units, computed in SQL over every unit in the period and filters (a window over
 * the per-unit counts; the `unit` filter is ignored: a unit is ranked among all units). For a unit-scoped
 * viewer only its own position leaves the database — never another unit's figures or place.
 */
export async function rankUnits(viewer: Actor, f: StatsFilters, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<UnitRank[]> {
  const c = countColumns(today);
  const perUnit = statsFrom(db, {
    departmentId: sql<string>`${assignments.departmentId}`.as("department_id"),
    dispatched: c.dispatched.as("dispatched"),
    onTime: c.completed_on_time.as("on_time"),
    late: c.completed_late.as("late"),
    overdue: c.overdue_open.as("overdue"),
  })
    .where(populationCondition(null, { ...f, departmentId: "" }))
    .groupBy(assignments.departmentId)
    .as("per_unit");
  // 按期办结率 desc (no completion → null → last), 办结率 desc, 逾期未办结 asc: compareRanking's keys.
  const ranked = db
    .select({
      departmentId: sql<string>`per_unit.department_id`.as("department_id"),
      rank: sql<number>`(rank() over (order by per_unit.on_time::numeric / nullif(per_unit.on_time + per_unit.late, 0) desc nulls last, (per_unit.on_time + per_unit.late)::numeric / per_unit.dispatched desc, per_unit.overdue asc))::int`.as("rank"),
      of: sql<number>`(count(*) over ())::int`.as("of"),
    })
    .from(perUnit)
    .as("ranked");
  const own = viewer.dataScope === "all_units" ? undefined : sql`ranked.department_id = ${viewer.departmentId}::uuid`;
  return db
    .select({ departmentId: sql<string>`ranked.department_id`, rank: sql<number>`ranked.rank`, of: sql<number>`ranked.of` })
    .from(ranked)
    .where(own)
    .orderBy(sql`ranked.rank`);
}
