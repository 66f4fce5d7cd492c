import { downloadViewer } from "@/lib/auth/download-viewer";
import { statsToday } from "@/lib/data/stats/metrics";
import { tableSheetResponse } from "@/lib/data/stats/export";
import { unitsMostBehind } from "@/lib/data/dashboard";
import { yearPeriod } from "@/lib/domain/stats/period";

/**
 * 导出 Excel of 领导驾驶舱's 最落后的单位: every unit behind this year (the card shows the first eight), in the
 * card's order, with all the statistics' count columns. dashboard.view here; the unit scope in the query.
 */
export async function GET() {
  const viewer = await downloadViewer("dashboard.view");
  if (viewer instanceof Response) return viewer;
  const today = statsToday();
  const period = yearPeriod(Number(today.slice(0, 4)));
  const units = await unitsMostBehind(viewer, period, today, null);
  return tableSheetResponse({
    title: "领导驾驶舱 · 最落后的单位",
    basename: "最落后的单位",
    viewer,
    filters: `周期：${period.label}；范围：有逾期未办结或逾期办结的单位；排序：逾期未办结从多到少，相同时按期办结率低的在前`,
    total: `共 ${units.length} 个单位（截至 ${today}）`,
    firstColumns: [
      { header: "序号", width: 6 },
      { header: "承办单位", width: 26 },
    ],
    rows: units.map((u, i) => ({ first: [i + 1, u.name], counts: u.counts })),
  });
}
