import "server-only";
import { and, count, eq, sql, type SQL } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { assignmentFacts, departments, tasks } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { forbidden } from "@/lib/domain/errors";
import type { IsoDate } from "@/lib/domain/dates";
import { deriveMetrics, sumMetricCounts, type CountMetric, type DerivedValues, type MetricCounts } from "@/lib/domain/stats/definitions";
import { MAX_RANGE_DAYS, monthPeriod, monthsOf, rangePeriod, yearPeriod, type StatsPeriod } from "@/lib/domain/stats/period";
import {
  countMetricsByMonth,
  metricCondition,
  NO_FILTERS,
  populationCondition,
  statsToday,
  unitCountsSql,
  type UnitMetricCounts,
} from "@/lib/data/stats/metrics";
import { drillDownHref, statsParams } from "@/lib/data/stats/params";
import { listHref } from "@/lib/data/list-params";
import { loadLightContext } from "@/lib/data/lights";
import { taskLight } from "@/lib/data/tasks/shared";
import { countTodoByKind, listTodo, type TodoItem } from "@/lib/data/todo";
import { todoKindsFor, type TodoKind } from "@/lib/domain/todo";
import { taskInScope } from "@/lib/scope";

/**
 * 领导驾驶舱: what a 督查室领导 or 区领导 sees on opening the system. Every figure carries the link to the
 * list behind it, and is counted with exactly that list's conditions (dashboard.int.test.ts checks each
 * number against its list), so a leader who clicks a number finds that many rows:
 *   - task figures (未办结事项, 红灯事项) use the 全部任务 list's own conditions (scope + status / light);
 *   - assignment figures use the statistics definitions (populationCondition + metricCondition) and link to
 *     the drill-down list via drillDownHref with the same period and filters.
 * Everything is fetched in one round of parallel queries, each a count or a small grouped aggregate in SQL.
 */

/** A number and the list it opens. */
export interface Figure {
  count: number;
  href: string;
}

export interface PeriodFigures {
  period: StatsPeriod;
  counts: MetricCounts;
  rates: DerivedValues;
  /** 政务督查统计 for this period (the rates are explained and broken down there). */
  statsHref: string;
  dispatchedHref: string;
  onTimeHref: string;
  lateHref: string;
}

export interface BehindUnit {
  departmentId: string;
  name: string;
  dispatched: number;
  overdueOpen: number;
  completedOnTime: number;
  completedLate: number;
  onTimeRate: number | null;
  /** Every count metric of the unit in the period (the Excel sheet's columns). */
  counts: MetricCounts;
  /** The unit's 逾期未办结 this period (the drill-down list). */
  href: string;
}

export interface Dashboard {
  today: IsoDate;
  /** The period the period-free figures cover: the longest range the statistics URL accepts, ending today. */
  allTime: StatsPeriod;
  openTasks: Figure;
  redTasks: Figure;
  overdue: Figure;
  year: PeriodFigures;
  month: PeriodFigures;
  behind: BehindUnit[];
  trend: Array<{ month: string; dispatched: number; completed: number }>;
  trendPeriod: StatsPeriod;
  todo: { total: number; counts: Array<{ kind: TodoKind; count: number }>; items: TodoItem[] };
}

/** How many units the 最落后的单位 card lists. */
export const BEHIND_LIMIT = 8;
/** How many 待我处理 items the card shows (the rest are one click away in 待办事项). */
export const TODO_PREVIEW = 6;

function isoMinusDays(day: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * "All periods" as a statistics period: from MAX_RANGE_DAYS before today to today, the widest range
 * parsePeriod accepts, so the drill-down link reproduces exactly the population the number was counted on.
 */
export function allTimePeriod(today: IsoDate): StatsPeriod {
  return rangePeriod(isoMinusDays(today, MAX_RANGE_DAYS), today);
}

/**
 * The last twelve calendar months, this one included (the trend sparkline). Whole months, so the figures come
 * from the month counts; this month's remaining days hold no dispatch yet.
 */
export function trendPeriod(today: IsoDate): StatsPeriod {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - 11;
  if (m < 1) {
    m += 12;
    y -= 1;
  }
  return rangePeriod(`${y}-${String(m).padStart(2, "0")}-01`, monthPeriod(Number(today.slice(0, 4)), Number(today.slice(5, 7))).to);
}

/** The 全部任务 list's URL for one filter (parseTaskListParams reads it back). */
export const openTasksHref = listHref("/tasks", {}, { status: "in_progress" });
export const redTasksHref = listHref("/tasks", {}, { light: "red" });

async function countTasks(where: SQL | undefined): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(tasks).where(where);
  return Number(row?.n ?? 0);
}

/**
 * One metric over a population: the drill-down list's own WHERE clause, counted. Used for the period-free
 * 逾期未办结, where `countMetricsTotal` would aggregate every column (and join the calendar) over ten years of
 * assignments to read one number; this lets the planner start from the open assignments past their deadline.
 */
async function countMetric(viewer: Actor, period: StatsPeriod, metric: CountMetric, today: IsoDate): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(assignmentFacts)
    .innerJoin(departments, eq(departments.id, assignmentFacts.departmentId))
    .where(and(populationCondition(viewer, { ...NO_FILTERS, period }), metricCondition(metric, today)));
  return Number(row?.n ?? 0);
}

/**
 * The units most behind in the period: most 逾期未办结 first, then the lowest 按期办结率 (units without a
 * completion yet after those with one: no rate is not a bad rate), then by name. Only units with something
 * behind (an overdue open or a late completion) are listed: the first `limit` on the dashboard, all of them
 * (`limit` null) in its Excel sheet. The viewer's scope applies (a unit-scoped holder: its own unit at most).
 */
export async function unitsMostBehind(viewer: Actor, period: StatsPeriod, today: IsoDate, limit: number | null = BEHIND_LIMIT): Promise<BehindUnit[]> {
  const rows = await queryRows<UnitMetricCounts & { name: string }>(
    getDb(),
    sql`select u.*, d.name
        from (${unitCountsSql(viewer, { ...NO_FILTERS, period }, today)}) u join ${departments} d on d.id = u."departmentId"
        where u.overdue_open > 0 or u.completed_late > 0
        order by u.overdue_open desc, u.completed_on_time::float8 / nullif(u.completed_on_time + u.completed_late, 0) asc nulls last, d.name
        ${limit === null ? sql`` : sql`limit ${limit}`}`,
  );
  return rows.map(({ departmentId, name, ...counts }) => {
    const completed = counts.completed_on_time + counts.completed_late;
    return {
      departmentId,
      name,
      dispatched: counts.dispatched,
      overdueOpen: counts.overdue_open,
      completedOnTime: counts.completed_on_time,
      completedLate: counts.completed_late,
      onTimeRate: completed > 0 ? counts.completed_on_time / completed : null,
      counts,
      href: drillDownHref(period, NO_FILTERS, "overdue_open", { departmentId }),
    };
  });
}

function periodFigures(period: StatsPeriod, counts: MetricCounts): PeriodFigures {
  return {
    period,
    counts,
    rates: deriveMetrics(counts),
    statsHref: listHref("/stats/supervision", statsParams(period, NO_FILTERS)),
    dispatchedHref: drillDownHref(period, NO_FILTERS, "dispatched"),
    onTimeHref: drillDownHref(period, NO_FILTERS, "completed_on_time"),
    lateHref: drillDownHref(period, NO_FILTERS, "completed_late"),
  };
}

/** The dashboard for a viewer holding dashboard.view (anyone else: FORBIDDEN, whatever the page shows). */
export async function getDashboard(viewer: Actor, today: IsoDate = statsToday()): Promise<Dashboard> {
  if (!viewer.permissions.has("dashboard.view")) throw forbidden("您没有查看领导驾驶舱的权限");
  const y = Number(today.slice(0, 4));
  const year = yearPeriod(y);
  const month = monthPeriod(y, Number(today.slice(5, 7)));
  const allTime = allTimePeriod(today);
  const trendRange = trendPeriod(today);
  const kinds = todoKindsFor(viewer);

  const [openTasks, redTasks, overdueAll, behind, byMonth, todoCounts, todoItems] = await Promise.all([
    countTasks(and(taskInScope(viewer), eq(tasks.status, "in_progress"))),
    // The red light needs only today from the light context, but the list builds it this way: so do we.
    loadLightContext(getDb()).then((ctx) => countTasks(and(taskInScope(viewer), taskLight(ctx).only("red")))),
    countMetric(viewer, allTime, "overdue_open", today),
    unitsMostBehind(viewer, year, today),
    countMetricsByMonth(viewer, { ...NO_FILTERS, period: trendRange }, today),
    countTodoByKind(viewer),
    listTodo(viewer, { page: 1, pageSize: TODO_PREVIEW }),
  ]);

  const perMonth = new Map(byMonth.map((r) => [r.month, r]));
  // This year's and this month's figures are sums of the trend's months (the trend is the twelve months up to this
  // one, so it holds every month of this year): the same counts as a query over each period, without two more
  // scans of the month counts and the open facts (dashboard.int.test.ts compares them with countMetricsTotal).
  const yearCounts = sumMetricCounts(monthsOf(year).flatMap((m) => perMonth.get(m) ?? []));
  const monthCounts = sumMetricCounts(monthsOf(month).flatMap((m) => perMonth.get(m) ?? []));
  return {
    today,
    allTime,
    openTasks: { count: openTasks, href: openTasksHref },
    redTasks: { count: redTasks, href: redTasksHref },
    overdue: { count: overdueAll, href: drillDownHref(allTime, NO_FILTERS, "overdue_open") },
    year: periodFigures(year, yearCounts),
    month: periodFigures(month, monthCounts),
    behind,
    trendPeriod: trendRange,
    trend: monthsOf(trendRange).map((m) => {
      const r = perMonth.get(m);
      return { month: m, dispatched: r?.dispatched ?? 0, completed: (r?.completed_on_time ?? 0) + (r?.completed_late ?? 0) };
    }),
    todo: {
      total: kinds.reduce((n, k) => n + todoCounts[k], 0),
      counts: kinds.filter((k) => todoCounts[k] > 0).map((k) => ({ kind: k, count: todoCounts[k] })),
      items: todoItems,
    },
  };
}

