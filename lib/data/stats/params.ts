import { DEPARTMENT_KINDS } from "@/db/schema/org";
import { parsePeriod, type StatsPeriod } from "@/lib/domain/stats/period";
import { isCountMetric, type CountMetric } from "@/lib/domain/stats/definitions";
import { listHref, oneOf, param, uuidOrEmpty, type SearchParams } from "@/lib/data/list-params";
import { NO_FILTERS, NOT_SET, type StatsFilters } from "./metrics-filters";

/** A base-data id, or NOT_SET for the "未设置" bucket (the urgency is required on every task, so it has none). */
const idOrNotSet = (value: string): string => (value === NOT_SET ? NOT_SET : uuidOrEmpty(value));

/**
 * The statistics pages' URL: the period (lib/domain/stats/period.ts) plus these filters, shared by every page,
 * drill-down list, dashboard link and export so that a link reproduces exactly the figures it came from:
 *   unitKind · source · category · type · urgency · unit (one department) · metric (drill-down only)
 * Malformed values are dropped (the default view), as in every list's parser.
 */
export const STATS_FILTER_PARAMS = ["unitKind", "source", "category", "type", "urgency", "unit"] as const;

export interface StatsQuery {
  period: StatsPeriod;
  filters: StatsFilters;
  /** The drill-down's metric, when the URL names one. */
  metric: CountMetric | null;
}

export function parseStatsQuery(params: SearchParams, now: Date): StatsQuery {
  const get = (key: string) => param(params, key);
  const period = parsePeriod(get, now);
  const metric = get("metric");
  return {
    period,
    metric: isCountMetric(metric) ? metric : null,
    filters: {
      ...NO_FILTERS,
      period,
      unitKind: oneOf(get("unitKind"), ["", ...DEPARTMENT_KINDS], ""),
      sourceId: idOrNotSet(get("source")),
      categoryId: idOrNotSet(get("category")),
      taskTypeId: idOrNotSet(get("type")),
      urgencyId: uuidOrEmpty(get("urgency")),
      departmentId: uuidOrEmpty(get("unit")),
    },
  };
}

/** The URL parameters of a period and filters (for links between statistics pages and to exports). */
export function statsParams(period: Pick<StatsPeriod, "params">, f: Omit<StatsFilters, "period">): Record<string, string> {
  const out: Record<string, string> = { ...period.params };
  const set = (key: string, value: string) => {
    if (value) out[key] = value;
  };
  set("unitKind", f.unitKind);
  set("source", f.sourceId);
  set("category", f.categoryId);
  set("type", f.taskTypeId);
  set("urgency", f.urgencyId);
  set("unit", f.departmentId);
  return out;
}

/** The drill-down list behind one number: /stats/assignments with the same period and filters and the metric. */
export function drillDownHref(
  period: Pick<StatsPeriod, "params">,
  f: Omit<StatsFilters, "period">,
  metric: CountMetric,
  changes: Partial<Omit<StatsFilters, "period">> = {},
): string {
  return listHref("/stats/assignments", statsParams(period, { ...f, ...changes }), { metric });
}
