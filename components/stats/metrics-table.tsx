import Link from "next/link";
import { clsx } from "clsx";
import { listHref, type SearchParams } from "@/lib/data/list-params";
import {
  COUNT_METRIC_LABELS,
  COUNT_METRICS,
  DERIVED_METRIC_LABELS,
  deriveMetrics,
  formatRate,
  type CountMetric,
  type MetricCounts,
} from "@/lib/domain/stats/definitions";
import type { SortKey, StatsSort } from "@/lib/domain/stats/sort";

/**
 * The table of a statistics page: one row per unit (or per dimension value) and a 合计 row; every count is a
 * link to the assignments behind it, every column heading a sort link (`sort`/`dir` in the URL, so the sort
 * survives a reload, a shared link and the export). Scrolls sideways on a phone with the first column kept.
 */
export interface StatsTableRow {
  key: string;
  label: string;
  counts: MetricCounts;
  /** Ranking position (null: not ranked); the column is shown when `showRank`. */
  rank?: number | null;
  /** The drill-down link of one count (null: not linkable). */
  drill: (metric: CountMetric) => string | null;
}

function SortHead({ label, sortKey, path, params, sort }: { label: string; sortKey: SortKey; path: string; params: SearchParams; sort: StatsSort }) {
  const active = sort.sort === sortKey;
  // First click sorts "best/most first"; clicking the active column flips it.
  const firstDir = sortKey === "rank" ? "asc" : "desc";
  const dir = active ? (sort.dir === "asc" ? "desc" : "asc") : firstDir;
  return (
    <th scope="col" className="px-2 py-2 text-right font-medium whitespace-nowrap first:text-left" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={listHref(path, params, { sort: sortKey, dir })} className={clsx("hover:underline", active && "text-brand-700")} data-testid={`sort-${sortKey}`}>
        {label}
        {active && <span aria-hidden>{sort.dir === "asc" ? " ↑" : " ↓"}</span>}
      </Link>
    </th>
  );
}

function Count({ value, href, testId }: { value: number; href: string | null; testId: string }) {
  if (!href || value === 0)
    return (
      <span className="text-slate-500" data-testid={testId}>
        {value}
      </span>
    );
  return (
    <Link href={href} className="text-brand-700 underline-offset-2 hover:underline" data-testid={testId}>
      {value}
    </Link>
  );
}

function Cells({ row, testPrefix }: { row: StatsTableRow; testPrefix: string }) {
  const d = deriveMetrics(row.counts);
  return (
    <>
      {COUNT_METRICS.map((m) => (
        <td key={m} className="px-2 py-1.5 text-right tabular-nums">
          <Count value={row.counts[m]} href={row.drill(m)} testId={`${testPrefix}-${m}`} />
        </td>
      ))}
      <td className="px-2 py-1.5 text-right tabular-nums">{formatRate(d.completionRate)}</td>
      <td className="px-2 py-1.5 text-right tabular-nums">{formatRate(d.onTimeRate)}</td>
      <td className="px-2 py-1.5 text-right tabular-nums">{d.avgWorkdays === null ? "—" : d.avgWorkdays.toFixed(1)}</td>
    </>
  );
}

export function MetricsTable({
  caption,
  firstColumn,
  rows,
  total,
  path,
  params,
  sort,
  showRank = false,
  testId = "stats-table",
}: {
  caption: string;
  firstColumn: string;
  rows: StatsTableRow[];
  total: StatsTableRow | null;
  path: string;
  params: SearchParams;
  sort: StatsSort;
  showRank?: boolean;
  testId?: string;
}) {
  const head = { path, params, sort };
  return (
    <div className="stats-table overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-xs text-slate-500">
          <tr>
            <th scope="col" className="sticky left-0 bg-slate-50 px-2 py-2 text-left font-medium">
              {firstColumn}
            </th>
            {showRank && <SortHead label="排名" sortKey="rank" {...head} />}
            {COUNT_METRICS.map((m) => (
              <SortHead key={m} label={COUNT_METRIC_LABELS[m]} sortKey={m} {...head} />
            ))}
            <SortHead label={DERIVED_METRIC_LABELS.completion_rate} sortKey="completion_rate" {...head} />
            <SortHead label={DERIVED_METRIC_LABELS.on_time_rate} sortKey="on_time_rate" {...head} />
            <SortHead label={DERIVED_METRIC_LABELS.avg_workdays} sortKey="avg_workdays" {...head} />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.key} data-testid="stats-row" data-key={row.key} data-label={row.label}>
              <th scope="row" className="sticky left-0 bg-white px-2 py-1.5 text-left font-normal whitespace-nowrap">
                {row.label}
              </th>
              {showRank && <td className="px-2 py-1.5 text-right tabular-nums">{row.rank ?? "—"}</td>}
              <Cells row={row} testPrefix="cell" />
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot className="border-t-2 border-slate-200 bg-slate-50 font-medium">
            <tr data-testid="stats-total-row">
              <th scope="row" className="sticky left-0 bg-slate-50 px-2 py-1.5 text-left">
                {total.label}
              </th>
              {showRank && <td />}
              <Cells row={total} testPrefix="total" />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
