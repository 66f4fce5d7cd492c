import "server-only";
import type { Actor } from "@/lib/domain/policy";
import { COUNT_METRIC_LABELS, COUNT_METRICS, DERIVED_METRIC_LABELS, deriveMetrics, formatRate, type CountMetric, type MetricCounts } from "@/lib/domain/stats/definitions";
import { ASSIGNMENT_STATUS_LABELS } from "@/lib/domain/workflow/states";
import { formatDate } from "@/lib/domain/dates";
import { WARNING_LIGHT_LABELS } from "@/lib/domain/warning-light";
import { openSheet, xlsxResponse, type SheetColumn } from "@/lib/export/xlsx";
import { countStatsAssignments, STATS_EXPORT_CAP, statsAssignmentsForExport } from "./assignments";
import type { StatsFilters } from "./metrics";
import { statsToday } from "./metrics";

/**
 * The statistics pages' Excel sheets (lib/export/xlsx.ts: the header block names the scope and the filters in
 * words). A table sheet holds exactly the page's rows in the page's order plus the 合计 row; the drill-down
 * sheet streams the assignments behind one number in batches, capped like 督查工作通知.
 */
export const METRIC_COLUMNS: SheetColumn[] = [
  ...COUNT_METRICS.map((m) => ({ header: COUNT_METRIC_LABELS[m], width: 10 })),
  { header: DERIVED_METRIC_LABELS.completion_rate, width: 10 },
  { header: DERIVED_METRIC_LABELS.on_time_rate, width: 12 },
  { header: DERIVED_METRIC_LABELS.avg_workdays, width: 14 },
];

export function metricValues(c: MetricCounts): Array<string | number> {
  const d = deriveMetrics(c);
  return [...COUNT_METRICS.map((m) => c[m]), formatRate(d.completionRate), formatRate(d.onTimeRate), d.avgWorkdays === null ? "—" : d.avgWorkdays];
}

export interface TableSheet {
  title: string;
  basename: string;
  viewer: Actor;
  filters: string;
  total: string;
  firstColumns: SheetColumn[];
  rows: Array<{ first: Array<string | number>; counts: MetricCounts }>;
}

/** A statistics table as a sheet (all rows are already aggregated: a few hundred at most). */
export function tableSheetResponse(s: TableSheet): Response {
  const writer = openSheet({ title: s.title, viewer: s.viewer, filters: s.filters, total: s.total, columns: [...s.firstColumns, ...METRIC_COLUMNS] });
  return xlsxResponse(writer, s.basename, async (w) => {
    for (const r of s.rows) w.add([...r.first, ...metricValues(r.counts)]);
  });
}

const LIST_COLUMNS: SheetColumn[] = [
  { header: "督办编号", width: 22 },
  { header: "事项", width: 40 },
  { header: "承办单位", width: 22 },
  { header: "状态", width: 14 },
  { header: "办理期限", width: 12 },
  { header: "原办理期限", width: 12 },
  { header: "交办日期", width: 12 },
  { header: "办结日期", width: 12 },
  { header: "预警灯", width: 8 },
];

/** The drill-down list as a sheet: every row behind the number (up to the cap), newest dispatch first. */
export async function statsListExportResponse(viewer: Actor, f: StatsFilters, metric: CountMetric, heading: string, filterWords: string): Promise<Response> {
  const today = statsToday();
  const total = await countStatsAssignments(viewer, f, metric, today);
  const writer = openSheet({
    title: `统计明细 · ${heading}`,
    viewer,
    filters: `${filterWords}；统计项：${COUNT_METRIC_LABELS[metric]}`,
    total:
      total > STATS_EXPORT_CAP
        ? `共 ${total} 件，超过单次导出上限，仅导出交办最晚的 ${STATS_EXPORT_CAP} 件；请缩小筛选范围分批导出`
        : `共 ${total} 件`,
    columns: LIST_COLUMNS,
  });
  return xlsxResponse(writer, "统计明细", async (w) => {
    for await (const batch of statsAssignmentsForExport(viewer, f, metric, today)) {
      for (const r of batch) {
        w.add([
          r.taskNo ?? "",
          r.title,
          r.unitName,
          ASSIGNMENT_STATUS_LABELS[r.status],
          formatDate(r.deadline),
          r.originalDeadline !== r.deadline ? formatDate(r.originalDeadline) : "",
          formatDate(r.dispatchedAt),
          r.completedAt ? formatDate(r.completedAt) : "",
          WARNING_LIGHT_LABELS[r.light] ?? "",
        ]);
      }
    }
  });
}
