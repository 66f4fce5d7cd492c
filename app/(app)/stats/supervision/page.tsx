import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { listHref, pageOf, param, type SearchParams } from "@/lib/data/list-params";
import { drillDownHref, parseStatsQuery, statsParams } from "@/lib/data/stats/params";
import { supervisionStats } from "@/lib/data/stats/tables";
import { statsFilterOptions } from "@/lib/data/stats/lookup";
import { parseStatsSort, sortStatsRows } from "@/lib/domain/stats/sort";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { StatsFilterForm } from "@/components/stats/stats-filter-form";
import { DefinitionsPanel } from "@/components/stats/definitions-panel";
import { MetricsTable } from "@/components/stats/metrics-table";
import { PrintPageButton } from "@/components/stats/print-page-button";
import { CompletionByUnitChart } from "@/components/charts/completion-by-unit-chart";
import { TrendChart } from "@/components/charts/trend-chart";
import { Pagination } from "@/components/ui/pagination";

export const metadata: Metadata = { title: "政务督查统计" };

/** The units the completion chart shows (the most assignments first); the table lists every unit. */
const CHART_UNITS = 15;
/**
 * Units per table page: a district's ~100 units are two pages, a province's 1 000 twenty (rendering every one
 * cost a second at 1 000 units). The 合计 row, the ranking and the Excel export always cover all of them.
 */
const UNIT_PAGE_SIZE = 50;

export default async function SupervisionStatsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("stats.view");
  const sp = await searchParams;
  const { period, filters } = parseStatsQuery(sp, now());
  const sort = parseStatsSort(param(sp, "sort"), param(sp, "dir"));
  const [stats, options] = await Promise.all([supervisionStats(viewer, filters), statsFilterOptions()]);
  const params = statsParams(period, filters);
  const sortParams: Record<string, string> = sort.sort === "rank" && sort.dir === "asc" ? {} : { sort: sort.sort, dir: sort.dir };
  const office = viewer.dataScope === "all_units";
  const sorted = sortStatsRows(stats.units, sort);
  const { page, rows: pageRows } = pageOf(sorted, param(sp, "page"), UNIT_PAGE_SIZE);
  const rows = pageRows.map((u) => ({
    key: u.departmentId,
    label: u.name,
    counts: u,
    rank: u.rank,
    drill: (m: Parameters<typeof drillDownHref>[2]) => drillDownHref(period, filters, m, { departmentId: u.departmentId }),
  }));
  const total = { key: "total", label: "合计", counts: stats.total, drill: (m: Parameters<typeof drillDownHref>[2]) => drillDownHref(period, filters, m) };
  const chart = [...stats.units]
    .sort((a, b) => b.dispatched - a.dispatched || a.tieOrder - b.tieOrder)
    .slice(0, CHART_UNITS)
    .map((u) => ({ name: u.name, onTime: u.completed_on_time, late: u.completed_late, open: u.dispatched - u.completed_on_time - u.completed_late }));
  const trend = stats.months.map((m) => ({ month: m.month, dispatched: m.dispatched, completed: m.completed_on_time + m.completed_late, overdue: m.overdue_open }));
  return (
    <div className="stats-page mx-auto max-w-7xl space-y-4">
      <PageHeader
        title="政务督查统计"
        description={`${period.label} · ${office ? "全部承办单位" : viewer.departmentName} · 截至 ${stats.today}`}
        actions={
          <div className="no-print flex gap-2">
            <a href={listHref("/stats/supervision/export", { ...params, ...sortParams })} className={buttonClass("secondary")} data-testid="export-stats" download>
              导出 Excel
            </a>
            <PrintPageButton />
          </div>
        }
      />
      <StatsFilterForm path="/stats/supervision" period={period} filters={filters} options={options} hidden={sortParams} />
      {!office && (
        <p className="rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm" data-testid="own-rank">
          {stats.ownRank ? (
            <>
              本单位排名：<strong>第 {stats.ownRank.rank} 名</strong> / 共 {stats.ownRank.of} 个单位
            </>
          ) : (
            "本单位在本周期、本条件下没有交办的任务，不参加排名。"
          )}
        </p>
      )}
      <DefinitionsPanel />
      {stats.total.dispatched === 0 ? (
        <EmptyState title="本周期没有符合条件的交办任务">可以调整统计周期或筛选条件后再统计。</EmptyState>
      ) : (
        <>
          <MetricsTable
            caption={`政务督查统计 ${period.label}`}
            firstColumn="承办单位"
            rows={rows}
            total={office ? total : null}
            path="/stats/supervision"
            params={params}
            sort={sort}
            showRank
          />
          {office && (
            <Pagination path="/stats/supervision" params={{ ...params, ...sortParams }} page={page} pageSize={UNIT_PAGE_SIZE} total={sorted.length} noun="个单位" />
          )}
          <div className="grid gap-4 lg:grid-cols-2">
            <CompletionByUnitChart data={chart} title={stats.units.length > CHART_UNITS ? `各单位办结情况（交办最多的 ${CHART_UNITS} 个单位）` : "各单位办结情况"} />
            <TrendChart
              data={trend}
              title="按月趋势（按交办月份）"
              series={[
                { key: "dispatched", name: "交办", color: "#1d4ed8" },
                { key: "completed", name: "办结", color: "#16a34a" },
                { key: "overdue", name: "逾期未办结", color: "#dc2626" },
              ]}
            />
          </div>
        </>
      )}
    </div>
  );
}
