import { downloadViewer } from "@/lib/auth/download-viewer";
import { now } from "@/lib/clock";
import { param } from "@/lib/data/list-params";
import { parseStatsQuery } from "@/lib/data/stats/params";
import { supervisionStats } from "@/lib/data/stats/tables";
import { describeStatsFilters } from "@/lib/data/stats/lookup";
import { tableSheetResponse } from "@/lib/data/stats/export";
import { parseStatsSort, sortStatsRows } from "@/lib/domain/stats/sort";
import type { MetricCounts } from "@/lib/domain/stats/definitions";

/**
 * 导出 Excel of 政务督查统计 with the page's period, filters and sort: identity and 绩效统计 permission here,
 * the unit scope in the queries themselves (a unit's sheet holds its own row and its place only).
 */
export async function GET(request: Request) {
  const viewer = await downloadViewer("stats.view");
  if (viewer instanceof Response) return viewer;
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const { period, filters } = parseStatsQuery(sp, now());
  const sort = parseStatsSort(param(sp, "sort"), param(sp, "dir"));
  const [stats, words] = await Promise.all([supervisionStats(viewer, filters), describeStatsFilters(period, filters)]);
  const office = viewer.dataScope === "all_units";
  const rows: Array<{ first: Array<string | number>; counts: MetricCounts }> = sortStatsRows(stats.units, sort).map((u) => ({ first: [u.name, u.rank ?? "—"], counts: u }));
  if (office) rows.push({ first: ["合计", ""], counts: stats.total });
  const rankNote = !office ? (stats.ownRank ? `；本单位排名第 ${stats.ownRank.rank} 名 / 共 ${stats.ownRank.of} 个单位` : "；本单位不参加排名") : "";
  return tableSheetResponse({
    title: "政务督查统计",
    basename: "政务督查统计",
    viewer,
    filters: words.words,
    total: `共 ${stats.units.length} 个单位，交办 ${stats.total.dispatched} 件（截至 ${stats.today}）${rankNote}`,
    firstColumns: [
      { header: "承办单位", width: 26 },
      { header: "排名", width: 6 },
    ],
    rows,
  });
}
