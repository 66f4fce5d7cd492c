import { COUNT_METRICS, DERIVED_METRICS, deriveMetrics, type MetricCounts, type StatsMetric } from "./definitions";
import { oneOf } from "@/lib/data/list-params";

/**
 * Sorting a statistics table by any column (`sort=<metric>&dir=asc|desc` in the URL). The rows are the
 * already-aggregated per-unit (or per-dimension) figures, at most one per unit, so ordering them here is
 * ordering a few hundred numbers, not rows of the database. Ratios without a denominator (“—”) go last
 * in either direction; ties keep the given order (`tieOrder`: the unit's sort order), so the table is stable.
 */
export const SORT_KEYS = ["rank", ...COUNT_METRICS, ...DERIVED_METRICS] as const;
export type SortKey = "rank" | StatsMetric;
export type SortDir = "asc" | "desc";

export interface StatsSort {
  sort: SortKey;
  dir: SortDir;
}

/** `sort` / `dir` from the URL; anything else → the ranking order. */
export function parseStatsSort(sort: string, dir: string): StatsSort {
  const key = oneOf<SortKey>(sort, SORT_KEYS, "rank");
  const fallback: SortDir = key === "rank" ? "asc" : "desc";
  return { sort: key, dir: oneOf<SortDir>(dir, ["asc", "desc"], fallback) };
}

/** The value a row is sorted by (null = “—”). */
export function sortValue(row: MetricCounts & { rank?: number | null }, key: SortKey): number | null {
  if (key === "rank") return row.rank ?? null;
  if (key === "completion_rate") return deriveMetrics(row).completionRate;
  if (key === "on_time_rate") return deriveMetrics(row).onTimeRate;
  if (key === "avg_workdays") return deriveMetrics(row).avgWorkdays;
  return row[key];
}

export function sortStatsRows<T extends MetricCounts & { rank?: number | null; tieOrder: number }>(rows: readonly T[], s: StatsSort): T[] {
  const sign = s.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, s.sort);
    const vb = sortValue(b, s.sort);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) return (va - vb) * sign;
    return a.tieOrder - b.tieOrder;
  });
}
