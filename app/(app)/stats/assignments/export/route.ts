import { downloadViewer } from "@/lib/auth/download-viewer";
import { now } from "@/lib/clock";
import { parseStatsQuery } from "@/lib/data/stats/params";
import { describeStatsFilters } from "@/lib/data/stats/lookup";
import { statsListExportResponse } from "@/lib/data/stats/export";
import { COUNT_METRIC_LABELS } from "@/lib/domain/stats/definitions";

/** 导出 Excel of a drill-down list: identity and permission here, the unit scope in the query itself. */
export async function GET(request: Request) {
  const viewer = await downloadViewer("stats.view");
  if (viewer instanceof Response) return viewer;
  const { period, filters, metric: asked } = parseStatsQuery(Object.fromEntries(new URL(request.url).searchParams), now());
  const metric = asked ?? "dispatched";
  const words = await describeStatsFilters(period, filters);
  const heading = [words.unitName || (viewer.dataScope === "all_units" ? "全部单位" : viewer.departmentName), period.label, COUNT_METRIC_LABELS[metric]].join(" · ");
  return statsListExportResponse(viewer, filters, metric, heading, words.words);
}
