import { downloadViewer } from "@/lib/auth/download-viewer";
import { now } from "@/lib/clock";
import { oneOf, param } from "@/lib/data/list-params";
import { parseStatsQuery } from "@/lib/data/stats/params";
import { dimensionStats } from "@/lib/data/stats/tables";
import { describeStatsFilters } from "@/lib/data/stats/lookup";
import { tableSheetResponse } from "@/lib/data/stats/export";
import { STATS_DIMENSION_LABELS, STATS_DIMENSIONS, statsToday, type StatsDimension } from "@/lib/data/stats/metrics";
import { parseStatsSort, sortStatsRows } from "@/lib/domain/stats/sort";

/** 导出 Excel of 部门办件统计 (the page's dimension, period, filters and sort); scope in the queries. */
export async function GET(request: Request) {
  const viewer = await downloadViewer("stats.view");
  if (viewer instanceof Response) return viewer;
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const { period, filters } = parseStatsQuery(sp, now());
  const dimension = oneOf<StatsDimension>(param(sp, "dim"), STATS_DIMENSIONS, "type");
  const sort = parseStatsSort(param(sp, "sort"), param(sp, "dir"));
  const [stats, words] = await Promise.all([dimensionStats(dimension, viewer, filters), describeStatsFilters(period, filters)]);
  const label = STATS_DIMENSION_LABELS[dimension];
  const dispatched = stats.rows.reduce((n, r) => n + r.dispatched, 0);
  return tableSheetResponse({
    title: `部门办件统计（按${label}）`,
    basename: "部门办件统计",
    viewer,
    filters: words.words,
    total: `共 ${stats.rows.length} 个${label}，交办 ${dispatched} 件（截至 ${statsToday()}）`,
    firstColumns: [{ header: label, width: 26 }],
    rows: sortStatsRows(stats.rows, sort).map((r) => ({ first: [r.name], counts: r })),
  });
}
