import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { listHref, oneOf, param, type SearchParams } from "@/lib/data/list-params";
import { drillDownHref, parseStatsQuery, statsParams } from "@/lib/data/stats/params";
import { dimensionStats } from "@/lib/data/stats/tables";
import { statsFilterOptions } from "@/lib/data/stats/lookup";
import { DIMENSION_FILTER, STATS_DIMENSION_LABELS, STATS_DIMENSIONS, statsToday, type StatsDimension } from "@/lib/data/stats/metrics";
import type { CountMetric } from "@/lib/domain/stats/definitions";
import { parseStatsSort, sortStatsRows } from "@/lib/domain/stats/sort";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { StatsFilterForm } from "@/components/stats/stats-filter-form";
import { DefinitionsPanel } from "@/components/stats/definitions-panel";
import { MetricsTable } from "@/components/stats/metrics-table";
import { PrintPageButton } from "@/components/stats/print-page-button";
import { CompletionByUnitChart } from "@/components/charts/completion-by-unit-chart";
import { SharePieChart } from "@/components/charts/share-pie-chart";
import { TrendChart } from "@/components/charts/trend-chart";
import { seriesColor } from "@/components/charts/palette";

export const metadata: Metadata = { title: "部门办件统计" };

/** The values a chart shows (the most 交办 first); the table lists every value. */
const CHART_VALUES = 8;

const DIMENSION_NOTE = {
  term: "未设置",
  text: "登记时没有选择办件类型、事项类别或事件来源的事项，归入“未设置”一行。事项类别按登记时所选的类别（含子类）统计。",
};

export default async function BusinessStatsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("stats.view");
  const sp = await searchParams;
  const { period, filters } = parseStatsQuery(sp, now());
  const dimension = oneOf<StatsDimension>(param(sp, "dim"), STATS_DIMENSIONS, "type");
  const sort = parseStatsSort(param(sp, "sort"), param(sp, "dir"));
  // No ranking here: the default order is the base data's own order (tieOrder).
  const effectiveSort = sort.sort === "rank" ? { sort: "rank" as const, dir: "asc" as const } : sort;
  const [stats, options] = await Promise.all([dimensionStats(dimension, viewer, filters), statsFilterOptions()]);
  const params = { ...statsParams(period, filters), dim: dimension };
  const sortParams: Record<string, string> = sort.sort === "rank" ? {} : { sort: sort.sort, dir: sort.dir };
  const ordered = sortStatsRows(stats.rows, effectiveSort);
  const dispatched = stats.rows.reduce((n, r) => n + r.dispatched, 0);
  const rows = ordered.map((r) => ({
    key: r.key,
    label: r.name,
    counts: r,
    drill: (m: CountMetric) => drillDownHref(period, filters, m, { [DIMENSION_FILTER[dimension]]: r.key }),
  }));
  const top = [...stats.rows].sort((a, b) => b.dispatched - a.dispatched || a.tieOrder - b.tieOrder).slice(0, CHART_VALUES);
  const label = STATS_DIMENSION_LABELS[dimension];
  return (
    <div className="stats-page mx-auto max-w-7xl space-y-4">
      <PageHeader
        title="部门办件统计"
        description={`${period.label} · 按${label} · ${viewer.dataScope === "all_units" ? "全部承办单位" : viewer.departmentName} · 截至 ${statsToday()}`}
        actions={
          <div className="no-print flex gap-2">
            <a href={listHref("/stats/business/export", { ...params, ...sortParams })} className={buttonClass("secondary")} data-testid="export-stats" download>
              导出 Excel
            </a>
            <PrintPageButton />
          </div>
        }
      />
      <StatsFilterForm path="/stats/business" period={period} filters={filters} options={options} hidden={{ dim: dimension, ...sortParams }} />
      <nav aria-label="统计维度" className="no-print flex gap-1 border-b border-slate-200" data-testid="dimension-tabs">
        {STATS_DIMENSIONS.map((d) => (
          <Link
            key={d}
            href={listHref("/stats/business", { ...params, dim: d })}
            aria-current={d === dimension ? "page" : undefined}
            className={clsx("-mb-px min-h-10 border-b-2 px-3 py-2 text-sm", d === dimension ? "border-brand-700 font-medium text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900")}
          >
            按{STATS_DIMENSION_LABELS[d]}
          </Link>
        ))}
      </nav>
      <DefinitionsPanel extra={[DIMENSION_NOTE]} />
      {dispatched === 0 ? (
        <EmptyState title="本周期没有符合条件的交办任务">可以调整统计周期或筛选条件后再统计。</EmptyState>
      ) : (
        <>
          <MetricsTable
            caption={`部门办件统计（按${label}）${period.label}`}
            firstColumn={label}
            rows={rows}
            total={null}
            path="/stats/business"
            params={params}
            sort={effectiveSort}
          />
          <div className="grid gap-4 lg:grid-cols-2">
            <CompletionByUnitChart
              title={`各${label}办结情况`}
              data={top.map((r) => ({ name: r.name, onTime: r.completed_on_time, late: r.completed_late, open: r.dispatched - r.completed_on_time - r.completed_late }))}
            />
            <SharePieChart title={`各${label}交办占比`} data={top.map((r) => ({ name: r.name, value: r.dispatched }))} />
          </div>
          <TrendChart
            testId="chart-dimension-trend"
            title={`各${label}按月交办趋势`}
            data={stats.months}
            series={top.map((r, i) => ({ key: r.key, name: r.name, color: seriesColor(i) }))}
          />
        </>
      )}
    </div>
  );
}
