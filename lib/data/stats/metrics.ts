import "server-only";
import { and, eq, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb, queryRows, type DbOrTx } from "@/db/client";
import { assignmentFacts as af, assignmentMonthCounts, calendarDays, departments } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { shanghaiDayStart, todayInShanghai, type IsoDate } from "@/lib/domain/dates";
import { COUNT_METRICS, type CountMetric, type MetricCounts } from "@/lib/domain/stats/definitions";
import { assignmentFactInScope, assignmentMonthCountInScope } from "@/lib/scope";
import { isWholeMonths } from "@/lib/domain/stats/period";
import { NOT_SET, type StatsFilters } from "./metrics-filters";

export { NO_FILTERS, NOT_SET, type StatsFilters } from "./metrics-filters";
import { now as clockNow } from "@/lib/clock";

/**
 * The statistics' definitions (lib/domain/stats/definitions.ts) in SQL. Every statistic page, the leaders'
 * dashboard, the drill-down lists and the exports build their queries from these pieces, so a number and the
 * list behind it use the same WHERE clause by construction (metrics.int.test.ts checks it, and checks the SQL
 * against the brute-force `classifyAssignment`).
 *
 * Shape of every query: `from assignment_facts join departments` + `populationCondition` (period, filters,
 * scope, not cancelled) + `metricCondition(metric)` for one number, or `countColumns()` for all. The facts
 * (db/schema/statistics.ts) are each assignment's statistics columns with its task's state and dimensions,
 * kept by triggers in the step's transaction: a period is a range of one narrow table, with no join to the
 * wide assignments and tasks tables. The drill-down list joins those for its columns, its WHERE is this one.
 */

/** Shanghai calendar date of a timestamptz column. */
export const shanghaiDate = (column: SQL | AnyPgColumn) => sql<string>`((${column}) at time zone 'Asia/Shanghai')::date`;

const OPEN = sql`${af.status} not in ('completed', 'cancelled')`;
const COMPLETED = sql`${af.status} = 'completed'`;
const ON_TIME = sql`(${COMPLETED} and ${af.completedDay} <= ${af.deadline})`;

/** A base-data filter: one id, or NOT_SET (the "未设置" bucket of 部门办件统计: tasks registered without one). */
function optionalId(column: AnyPgColumn, value: string): SQL | undefined {
  if (!value) return undefined;
  return value === NOT_SET ? isNull(column) : eq(column, value);
}

/**
 * Period, filters and the viewer's scope, and never a cancelled assignment or task. The period bounds are
 * instants (the Shanghai day starts), so the index on assignment_facts.dispatched_at serves the range.
 */
export function populationCondition(viewer: Actor | null, f: StatsFilters): SQL {
  return and(
    viewer ? assignmentFactInScope(viewer) : undefined,
    sql`${af.dispatchedAt} >= ${shanghaiDayStart(f.period.from).toISOString()}::timestamptz`,
    sql`${af.dispatchedAt} < ${shanghaiDayStart(f.period.to, 1).toISOString()}::timestamptz`,
    sql`${af.status} <> 'cancelled'`,
    sql`${af.taskStatus} <> 'cancelled'`,
    f.unitKind ? sql`${departments.kind} = ${f.unitKind}` : undefined,
    optionalId(af.sourceId, f.sourceId),
    optionalId(af.categoryId, f.categoryId),
    optionalId(af.taskTypeId, f.taskTypeId),
    f.urgencyId ? eq(af.urgencyId, f.urgencyId) : undefined,
    f.departmentId ? eq(af.departmentId, f.departmentId) : undefined,
  )!;
}

/** One count metric as a condition on a row of the population (`today`: Asia/Shanghai). */
export function metricCondition(metric: CountMetric, today: IsoDate): SQL {
  switch (metric) {
    case "dispatched":
      return sql`true`;
    case "received":
      return sql`${af.receivedAt} is not null`;
    case "in_progress":
      return sql`(${OPEN} and ${af.status} <> 'to_receive')`;
    case "completed_on_time":
      return ON_TIME;
    case "completed_late":
      return sql`(${COMPLETED} and not ${ON_TIME})`;
    case "overdue_open":
      return sql`(${OPEN} and ${af.deadline} < ${today}::date)`;
    case "urged":
      return sql`${af.urgeCount} > 0`;
    case "extended":
      return sql`${af.extensionCount} > 0`;
  }
}

/** The day statistics are computed for ("overdue" depends on it): today in Asia/Shanghai on the app clock. */
export function statsToday(at: Date = clockNow()): IsoDate {
  return todayInShanghai(at);
}

/**
 * Whether a statistic can be read from the month counts (assignment_month_counts): a period of whole months
 * and no filter those counts do not carry (unit kind, base data). The default of every statistics page and
 * the dashboard's year, month and trend are such periods. Otherwise the facts are aggregated; both paths are
 * compared with the brute force by metrics.int.test.ts.
 */
export function monthCountsServe(f: StatsFilters): boolean {
  return isWholeMonths(f.period) && !f.unitKind && !f.sourceId && !f.categoryId && !f.taskTypeId && !f.urgencyId;
}

/** What the rows of a count query are grouped by; the key column is named after the grouping. */
type Grouping = { by: "total" } | { by: "unit" } | { by: "month" } | { by: "dimension"; dimension: StatsDimension };

const METRIC_COLUMNS = [...COUNT_METRICS, "workdaysSum"] as const;
const summed = sql.join(
  METRIC_COLUMNS.map((m) => sql`coalesce(sum(${sql.identifier(m)}), 0)::int as ${sql.identifier(m)}`),
  sql`, `,
);

/**
 * Every count metric (plus the working-day sum), grouped, over the population of `populationCondition`, as one
 * statement whose rows carry the key (`departmentId`, `month`, `key`) and one column per metric.
 *   - facts path: one row per assignment, each metric a 0/1 of its metricCondition, summed;
 *   - month-counts path: the month counts of the period (every metric but 逾期未办结) plus, for 逾期未办结,
 *     the open facts of the period past their deadline today (the open-dispatch partial index).
 * Both sum the same columns, so the grouping and the rows' shape do not depend on the path.
 */
function countsSql(viewer: Actor | null, f: StatsFilters, today: IsoDate, grouping: Grouping): SQL {
  const month = (day: SQL | AnyPgColumn) => sql`to_char(${day}, 'YYYY-MM')`;
  const dimension = "dimension" in grouping ? dimensionColumn[grouping.dimension] : null;
  const factKeys = sql`${af.departmentId} as "departmentId", ${month(af.dispatchedDay)} as "month", ${dimension ?? sql`null::uuid`} as "key"`;
  let source: SQL;
  if (monthCountsServe(f) && !dimension) {
    const m = assignmentMonthCounts;
    // UNION ALL matches columns by position: both branches list METRIC_COLUMNS in that order.
    const stored: Record<(typeof METRIC_COLUMNS)[number], SQL | AnyPgColumn> = {
      dispatched: m.dispatched,
      received: m.received,
      in_progress: m.inProgress,
      completed_on_time: m.completedOnTime,
      completed_late: m.completedLate,
      overdue_open: sql`0`,
      urged: m.urged,
      extended: m.extended,
      workdaysSum: m.workdaysSum,
    };
    const columns = (value: (c: (typeof METRIC_COLUMNS)[number]) => SQL | AnyPgColumn) =>
      sql.join(
        METRIC_COLUMNS.map((c) => sql`${value(c)} as ${sql.identifier(c)}`),
        sql`, `,
      );
    const monthWhere = and(
      viewer ? assignmentMonthCountInScope(viewer) : undefined,
      sql`${m.month} between ${f.period.from}::date and ${f.period.to}::date`,
      f.departmentId ? eq(m.departmentId, f.departmentId) : undefined,
    );
    source = sql`
      select ${m.departmentId} as "departmentId", ${month(m.month)} as "month", null::uuid as "key", ${columns((c) => stored[c])}
      from ${m} where ${monthWhere}
      union all
      select ${factKeys}, ${columns((c) => (c === "overdue_open" ? sql`1` : sql`0`))}
      from ${af} where ${and(populationCondition(viewer, f), metricCondition("overdue_open", today))}`;
  } else {
    const flags = sql.join(
      COUNT_METRICS.map((m) => sql`(${metricCondition(m, today)})::int as ${sql.identifier(m)}`),
      sql`, `,
    );
    // Working days in (dispatched day, completed day]: the running working-day numbers of calendar_days
    // (hash-joined: two lookups per completed row would cost more than the scan).
    source = sql`
      select ${factKeys}, ${flags},
             case when ${af.status} = 'completed' then cal_c.workday_no - cal_d.workday_no end as "workdaysSum"
      from ${af} join ${departments} on ${departments.id} = ${af.departmentId}
      left join ${calendarDays} cal_d on cal_d.day = ${af.dispatchedDay}
      left join ${calendarDays} cal_c on cal_c.day = ${af.completedDay}
      where ${populationCondition(viewer, f)}`;
  }
  if (grouping.by === "total") return sql`select ${summed} from (${source}) s`;
  // A month-counts row can be all zeros (its assignments cancelled since): a group exists only with an assignment.
  if (grouping.by !== "dimension") {
    const key = sql.identifier(grouping.by === "unit" ? "departmentId" : "month");
    return sql`select ${key}, ${summed} from (${source}) s group by ${key} having sum("dispatched") > 0`;
  }
  // Per value and per (value, month) in one pass; `month` is null on a value's all-months row.
  return sql`select "key", case when grouping("month") = 0 then "month" end as "month", ${summed}
             from (${source}) s group by grouping sets (("key"), ("key", "month")) having sum("dispatched") > 0`;
}

export type UnitMetricCounts = MetricCounts & { departmentId: string };

/** The per-unit counts as a statement (rows: `departmentId` and a column per metric), to build on in SQL. */
export function unitCountsSql(viewer: Actor | null, f: StatsFilters, today: IsoDate): SQL {
  return countsSql(viewer, f, today, { by: "unit" });
}

/** Every count metric per unit (only units with at least one assignment in the population). */
export async function countMetricsByUnit(viewer: Actor | null, f: StatsFilters, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<UnitMetricCounts[]> {
  return queryRows<UnitMetricCounts>(db, unitCountsSql(viewer, f, today));
}

/** Every count metric per calendar month of dispatch ('YYYY-MM'), for trend charts. */
export async function countMetricsByMonth(
  viewer: Actor | null,
  f: StatsFilters,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<Array<MetricCounts & { month: string }>> {
  const rows = await queryRows<MetricCounts & { month: string }>(db, countsSql(viewer, f, today, { by: "month" }));
  return rows.sort((a, b) => a.month.localeCompare(b.month));
}

/** Every count metric over the whole population (the 合计 row). */
export async function countMetricsTotal(viewer: Actor | null, f: StatsFilters, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<MetricCounts> {
  const [row] = await queryRows<MetricCounts>(db, countsSql(viewer, f, today, { by: "total" }));
  return row!;
}

/** The base-data dimensions 部门办件统计 groups by (tasks' columns; null = 未设置). */
export const STATS_DIMENSIONS = ["type", "category", "source"] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export const STATS_DIMENSION_LABELS: Record<StatsDimension, string> = { type: "办件类型", category: "事项类别", source: "事件来源" };

const dimensionColumn: Record<StatsDimension, AnyPgColumn> = { type: af.taskTypeId, category: af.categoryId, source: af.sourceId };

/** The StatsFilters field a dimension value filters (a drill-down from a dimension row sets it). */
export const DIMENSION_FILTER: Record<StatsDimension, "taskTypeId" | "categoryId" | "sourceId"> = { type: "taskTypeId", category: "categoryId", source: "sourceId" };

export type DimensionMetricCounts = MetricCounts & { key: string | null };

/**
 * Every count metric per value of a task dimension (key null: the task has none, 未设置), over the period and
 * per month of dispatch within it (the per-value trend lines), from one scan.
 */
export async function countMetricsByDimension(
  dimension: StatsDimension,
  viewer: Actor | null,
  f: StatsFilters,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<{ values: DimensionMetricCounts[]; months: Array<DimensionMetricCounts & { month: string }> }> {
  const rows = await queryRows<DimensionMetricCounts & { month: string | null }>(db, countsSql(viewer, f, today, { by: "dimension", dimension }));
  const values: DimensionMetricCounts[] = rows.filter((r) => r.month === null);
  const months = rows.filter((r): r is DimensionMetricCounts & { month: string } => r.month !== null).sort((a, b) => a.month.localeCompare(b.month));
  return { values, months };
}

/** Every count metric per value of a task dimension (the period's figures of countMetricsByDimension). */
export async function countMetricsBy(
  dimension: StatsDimension,
  viewer: Actor | null,
  f: StatsFilters,
  today: IsoDate = statsToday(),
  db: DbOrTx = getDb(),
): Promise<DimensionMetricCounts[]> {
  return (await countMetricsByDimension(dimension, viewer, f, today, db)).values;
}

export interface UnitRank {
  departmentId: string;
  /** Competition rank ("1, 1, 3") by the 排名规则 of lib/domain/stats/definitions.ts (compareRanking). */
  rank: number;
  /** How many units are ranked (those with at least one assignment in the population). */
  of: number;
}

/**
 * The per-unit counts of the population as a subquery ordered by the 排名规则 (按期办结率 desc, no completion
 * → null → last; 办结率 desc; 逾期未办结 asc: compareRanking's keys), with each unit's competition rank and
 * the number of units ranked. Shared by the ranking and the dashboard's 最落后的单位.
 */
export function rankedUnitsSql(viewer: Actor | null, f: StatsFilters, today: IsoDate): SQL {
  return sql`
    select u.*, (rank() over (order by u.completed_on_time::numeric / nullif(u.completed_on_time + u.completed_late, 0) desc nulls last,
                                       (u.completed_on_time + u.completed_late)::numeric / nullif(u.dispatched, 0) desc, u.overdue_open asc))::int as "rank",
           (count(*) over ())::int as "of"
    from (${unitCountsSql(viewer, f, today)}) u`;
}

/**
 * The ranking position of units, computed in SQL over every unit in the period and filters (a window over
 * the per-unit counts; the `unit` filter is ignored: a unit is ranked among all units). For a unit-scoped
 * viewer only its own position leaves the database — never another unit's figures or place.
 */
export async function rankUnits(viewer: Actor, f: StatsFilters, today: IsoDate = statsToday(), db: DbOrTx = getDb()): Promise<UnitRank[]> {
  const own = viewer.dataScope === "all_units" ? sql`` : sql`where r."departmentId" = ${viewer.departmentId}::uuid`;
  return queryRows<UnitRank>(
    db,
    sql`select r."departmentId", r."rank", r."of" from (${rankedUnitsSql(null, { ...f, departmentId: "" }, today)}) r ${own} order by r."rank"`,
  );
}
