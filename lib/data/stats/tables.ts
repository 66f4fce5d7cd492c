import "server-only";
import type { Actor } from "@/lib/domain/policy";
import type { IsoDate } from "@/lib/domain/dates";
import { rankUnits as rankUnitsByRule, sumMetricCounts, type MetricCounts } from "@/lib/domain/stats/definitions";
import { monthsOf } from "@/lib/domain/stats/period";
import {
  countMetricsByDimension,
  countMetricsByMonth,
  countMetricsByUnit,
  NOT_SET,
  rankUnits,
  statsToday,
  type StatsDimension,
  type StatsFilters,
  type UnitRank,
} from "./metrics";
import { statsFilterOptions, unitInfo } from "./lookup";

/**
 * The figures of 政务督查统计 and 部门办件统计, assembled from the generic queries of metrics.ts (no
 * definition is repeated here) and shared by the pages and their Excel exports, so a sheet holds the page.
 */
export interface UnitStatsRow extends MetricCounts {
  departmentId: string;
  name: string;
  rank: number | null;
  tieOrder: number;
}

export interface SupervisionStats {
  today: IsoDate;
  total: MetricCounts;
  units: UnitStatsRow[];
  months: Array<MetricCounts & { month: string }>;
  /** The viewer's own unit's place (unit viewers), or null. */
  ownRank: UnitRank | null;
  /** How many units are ranked (all units in the period and filters). */
  rankedUnits: number;
}

export async function supervisionStats(viewer: Actor, f: StatsFilters): Promise<SupervisionStats> {
  const today = statsToday();
  // The office without a unit filter reads every unit's row anyway: the ranking (over all units, whatever the unit
  // filter) is then computed from those rows by the 排名规则 itself (compareRanking, which the property test holds
  // equal to the SQL), not by another scan. A unit viewer sees only its own row, so its place comes from SQL.
  const rankFromRows = viewer.dataScope === "all_units" && !f.departmentId;
  const [perUnit, months, sqlRanks] = await Promise.all([
    countMetricsByUnit(viewer, f, today),
    countMetricsByMonth(viewer, f, today),
    rankFromRows ? null : rankUnits(viewer, f, today),
  ]);
  const ranks: UnitRank[] =
    sqlRanks ?? rankUnitsByRule(perUnit).map(({ unit, rank }, _, all) => ({ departmentId: unit.departmentId, rank, of: all.length }));
  // The 合计 row is the units' rows added up (every unit with an assignment in the population has a row): the same
  // counts as countMetricsTotal without another scan (scope.int.test.ts and the property test in metrics.int.test.ts compare the two).
  const total = sumMetricCounts(perUnit);
  const info = await unitInfo(perUnit.map((u) => u.departmentId));
  const rankOf = new Map(ranks.map((r) => [r.departmentId, r]));
  const units = perUnit.map((u) => ({
    ...u,
    name: info.get(u.departmentId)?.name ?? "（未知单位）",
    rank: rankOf.get(u.departmentId)?.rank ?? null,
    tieOrder: info.get(u.departmentId)?.sortOrder ?? 0,
  }));
  // Months of the period with no assignment are zeros on the trend line, not gaps.
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const zero = { ...total, ...Object.fromEntries(Object.keys(total).map((k) => [k, 0])) } as MetricCounts;
  const allMonths = monthsOf(f.period).map((month) => ({ ...(byMonth.get(month) ?? zero), month }));
  const own = viewer.dataScope === "all_units" ? null : (ranks.find((r) => r.departmentId === viewer.departmentId) ?? null);
  return { today, total, units, months: allMonths, ownRank: own, rankedUnits: ranks[0]?.of ?? 0 };
}

export interface DimensionStatsRow extends MetricCounts {
  /** The base-data id, or NOT_SET for tasks without one (未设置). */
  key: string;
  name: string;
  tieOrder: number;
}

export interface DimensionStats {
  rows: DimensionStatsRow[];
  months: Array<{ month: string } & Record<string, number | string>>;
}

/** 部门办件统计 for one dimension: a row per value (未设置 last) and the monthly 交办 per value. */
export async function dimensionStats(dimension: StatsDimension, viewer: Actor, f: StatsFilters): Promise<DimensionStats> {
  const today = statsToday();
  const [{ values: counts, months: perMonth }, options] = await Promise.all([countMetricsByDimension(dimension, viewer, f, today), statsFilterOptions()]);
  const list = dimension === "type" ? options.types : dimension === "category" ? options.categories : options.sources;
  const order = new Map(list.map((o, i) => [o.id, { name: o.name, i }]));
  const rows = counts.map((c) => {
    const key = c.key ?? NOT_SET;
    const known = c.key ? order.get(c.key) : undefined;
    return { ...c, key, name: c.key ? (known?.name ?? "（已删除）") : "未设置", tieOrder: known?.i ?? Number.MAX_SAFE_INTEGER };
  });
  const months = monthsOf(f.period).map((month) => {
    const point: { month: string } & Record<string, number | string> = { month };
    for (const r of rows) point[r.key] = 0;
    for (const m of perMonth) if (m.month === month) point[m.key ?? NOT_SET] = m.dispatched;
    return point;
  });
  return { rows, months };
}
