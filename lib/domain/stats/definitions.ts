/**
 * 统计口径: the one place the statistics' definitions live. The SQL (lib/data/stats/metrics.ts), the brute-force
 * reference the tests compare it with (`classifyAssignment` below), the drill-down lists and the "口径说明" the
 * pages show are all built from this file, so a page's number and the list behind it cannot disagree.
 *
 * The unit of counting is the 承办任务 (one task as handled by one unit). A task with a lead unit and two
 * co-units is three assignments, each counted for its own unit; the total row counts assignments.
 */
import type { IsoDate } from "@/lib/domain/dates";

/** Counts that are shown per unit and link to the assignments behind them. */
export const COUNT_METRICS = [
  "dispatched",
  "received",
  "in_progress",
  "completed_on_time",
  "completed_late",
  "overdue_open",
  "urged",
  "extended",
] as const;
export type CountMetric = (typeof COUNT_METRICS)[number];

export const COUNT_METRIC_LABELS: Record<CountMetric, string> = {
  dispatched: "交办",
  received: "已接收",
  in_progress: "办理中",
  completed_on_time: "按期办结",
  completed_late: "逾期办结",
  overdue_open: "逾期未办结",
  urged: "被催办",
  extended: "延期",
};

/** Ratios and averages: shown, sortable, not links (their parts are). */
export const DERIVED_METRICS = ["completion_rate", "on_time_rate", "avg_workdays"] as const;
export type DerivedMetric = (typeof DERIVED_METRICS)[number];

export const DERIVED_METRIC_LABELS: Record<DerivedMetric, string> = {
  completion_rate: "办结率",
  on_time_rate: "按期办结率",
  avg_workdays: "平均办理工作日",
};

export type StatsMetric = CountMetric | DerivedMetric;

/**
 * 口径说明, as the pages show it (one line each). Every sentence here is what the SQL does; change both together
 * (lib/data/stats/metrics.int.test.ts compares the SQL with `classifyAssignment`).
 */
export const STATS_DEFINITIONS: ReadonlyArray<{ term: string; text: string }> = [
  {
    term: "统计对象",
    text: "承办任务：一个督办事项交办给一个单位即为一件。牵头单位和协办单位的承办任务各自计入本单位；合计为全部承办任务件数，同一事项交办多个单位时计为多件。",
  },
  {
    term: "统计周期",
    text: "按交办日期（北京时间）归入周期：周期内交办的承办任务计入本周期，其办理状态按统计时的当前状态计算。跨周期办理的任务只计入交办所在周期，不重复计算。",
  },
  { term: "已撤销", text: "事项撤销后，其承办任务不计入任何统计项。" },
  { term: "交办", text: "周期内交办、未撤销的承办任务件数。" },
  { term: "已接收", text: "其中已被承办单位接收的件数（含已办结）。" },
  { term: "办理中", text: "已接收、尚未办结的件数（含送审、上报待审核和退回重办）。待接收的不计入。" },
  {
    term: "按期办结 / 逾期办结",
    text: "已办结的承办任务，办结日期（督查室办结通过之日）不晚于该单位的办理期限为按期，晚于为逾期。办理期限以延期批准后的期限为准。",
  },
  { term: "逾期未办结", text: "尚未办结且办理期限早于今天的件数（含待接收）。" },
  { term: "被催办", text: "被催办过（人工催办或系统按规则自动催办）至少一次的件数。" },
  { term: "延期", text: "有至少一次延期申请获批准的件数。" },
  { term: "办结率", text: "（按期办结 + 逾期办结）÷ 交办。交办为 0 时显示“—”。" },
  { term: "按期办结率", text: "按期办结 ÷（按期办结 + 逾期办结）。尚无办结时显示“—”。" },
  {
    term: "平均办理工作日",
    text: "已办结承办任务从交办日到办结日之间的工作日数（按工作日历，不含交办当日，节假日和周末不计，调休上班日计入）的平均值，保留一位小数。",
  },
  {
    term: "排名规则",
    text: "在同一周期和筛选条件下，对周期内有交办的全部单位排名：按期办结率高者在前；相同时办结率高者在前；再相同时逾期未办结少者在前；三项都相同的名次并列。尚无办结（按期办结率为“—”）的单位排在有办结的单位之后。周期内没有交办的单位不参加排名。",
  },
];

/** Everything the definitions read of one assignment (the brute-force reference works on these). */
export interface AssignmentFacts {
  status: string;
  /** Its task was cancelled (撤销): then nothing of it counts, whatever the assignment's own status. */
  taskCancelled: boolean;
  deadline: IsoDate;
  /** Asia/Shanghai calendar dates. */
  dispatchedOn: IsoDate;
  receivedOn: IsoDate | null;
  completedOn: IsoDate | null;
  urgeCount: number;
  extensionCount: number;
}

/** The statuses after which nothing is left to do. */
export const CLOSED_ASSIGNMENT_STATUSES = ["completed", "cancelled"] as const;

/**
 * Which count metrics one assignment (already inside the period and filters) falls under. The reference
 * implementation of the definitions above, written for clarity, not speed.
 */
export function classifyAssignment(a: AssignmentFacts, today: IsoDate): Set<CountMetric> {
  const out = new Set<CountMetric>();
  if (a.status === "cancelled" || a.taskCancelled) return out;
  out.add("dispatched");
  if (a.receivedOn !== null) out.add("received");
  const completed = a.status === "completed";
  if (completed) out.add(a.completedOn !== null && a.completedOn <= a.deadline ? "completed_on_time" : "completed_late");
  else {
    if (a.status !== "to_receive") out.add("in_progress");
    if (a.deadline < today) out.add("overdue_open");
  }
  if (a.urgeCount > 0) out.add("urged");
  if (a.extensionCount > 0) out.add("extended");
  return out;
}

export interface MetricCounts extends Record<CountMetric, number> {
  /** Sum of working days from dispatch to completion over the completed ones (for the average). */
  workdaysSum: number;
}

/**
 * The counts of several disjoint groups added up: every count metric and the working-day sum are sums over
 * assignments, so the counts of a whole (a year, all units) are the sum of its parts' (its months, each unit). The
 * dashboard and 督查统计 take their totals this way from rows they read anyway, instead of another scan.
 */
export function sumMetricCounts(parts: readonly MetricCounts[]): MetricCounts {
  const total = Object.fromEntries([...COUNT_METRICS, "workdaysSum"].map((k) => [k, 0])) as unknown as MetricCounts;
  for (const part of parts) {
    for (const key of COUNT_METRICS) total[key] += part[key];
    total.workdaysSum += part.workdaysSum;
  }
  return total;
}

export interface DerivedValues {
  completionRate: number | null;
  onTimeRate: number | null;
  avgWorkdays: number | null;
}

/** Ratios from counts (null where the denominator is 0: shown as “—”). */
export function deriveMetrics(c: Pick<MetricCounts, "dispatched" | "completed_on_time" | "completed_late" | "workdaysSum">): DerivedValues {
  const completed = c.completed_on_time + c.completed_late;
  return {
    completionRate: c.dispatched > 0 ? completed / c.dispatched : null,
    onTimeRate: completed > 0 ? c.completed_on_time / completed : null,
    avgWorkdays: completed > 0 ? Math.round((c.workdaysSum / completed) * 10) / 10 : null,
  };
}

/** 87.5% (one decimal), or “—”. */
export function formatRate(value: number | null): string {
  return value === null ? "—" : `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
}

export function isCountMetric(value: string): value is CountMetric {
  return (COUNT_METRICS as readonly string[]).includes(value);
}

/** The figures the ranking reads (a unit's counts for the period and filters). */
export type RankingFacts = Pick<MetricCounts, "dispatched" | "completed_on_time" | "completed_late" | "overdue_open">;

/**
 * 排名规则 (STATS_DEFINITIONS "排名规则"):按期办结率 desc (no completion yet → after every unit with one),
 * then 办结率 desc, then fewer 逾期未办结. Negative when `a` ranks before `b`, 0 when they share a place.
 * Only units with at least one assignment in the period are ranked. The SQL (lib/data/stats/metrics.ts
 * `rankUnits`) orders by the same keys; the property test compares the two. Ratios are compared by
 * cross-multiplying so equal rates (1/2 and 2/4) tie exactly, as they do in SQL's numeric division.
 */
export function compareRanking(a: RankingFacts, b: RankingFacts): number {
  const doneA = a.completed_on_time + a.completed_late;
  const doneB = b.completed_on_time + b.completed_late;
  if (doneA === 0 && doneB > 0) return 1;
  if (doneB === 0 && doneA > 0) return -1;
  const onTime = b.completed_on_time * doneA - a.completed_on_time * doneB; // 0 when neither has a completion
  if (onTime !== 0) return onTime;
  const completion = doneB * a.dispatched - doneA * b.dispatched;
  if (completion !== 0) return completion;
  return a.overdue_open - b.overdue_open;
}

/** Competition ranking ("1, 1, 3") of the units by `compareRanking`; units with nothing dispatched are left out. */
export function rankUnits<T extends RankingFacts>(units: readonly T[]): Array<{ unit: T; rank: number }> {
  const sorted = units.filter((u) => u.dispatched > 0).sort(compareRanking);
  const out: Array<{ unit: T; rank: number }> = [];
  sorted.forEach((unit, i) => {
    const prev = out[i - 1];
    out.push({ unit, rank: prev && compareRanking(prev.unit, unit) === 0 ? prev.rank : i + 1 });
  });
  return out;
}
