import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { listHref, pageNumber, param, type SearchParams } from "@/lib/data/list-params";
import { parseStatsQuery, statsParams } from "@/lib/data/stats/params";
import { listStatsAssignments, STATS_EXPORT_CAP, STATS_LIST_PAGE_SIZE } from "@/lib/data/stats/assignments";
import { describeStatsFilters } from "@/lib/data/stats/lookup";
import { statsToday } from "@/lib/data/stats/metrics";
import { COUNT_METRIC_LABELS, STATS_DEFINITIONS } from "@/lib/domain/stats/definitions";
import { formatDate } from "@/lib/domain/dates";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { AssignmentStatusBadge, DeadlineText, WarningDot } from "@/components/tasks/badges";
import { PrintPageButton } from "@/components/stats/print-page-button";

export const metadata: Metadata = { title: "统计明细" };

/**
 * 统计明细: the assignments behind one number of a statistics page (same period, filters, scope and
 * definition, so its total is that number). `metric` defaults to 交办; anything malformed → the default view.
 */
export default async function StatsAssignmentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("stats.view");
  const sp = await searchParams;
  const { period, filters, metric: asked } = parseStatsQuery(sp, now());
  const metric = asked ?? "dispatched";
  const today = statsToday();
  const [list, words] = await Promise.all([listStatsAssignments(viewer, filters, metric, pageNumber(param(sp, "page")), today), describeStatsFilters(period, filters)]);
  const params = { ...statsParams(period, filters), metric };
  const heading = [words.unitName || (viewer.dataScope === "all_units" ? "全部单位" : viewer.departmentName), period.label, COUNT_METRIC_LABELS[metric]].join(" · ");
  const definition = STATS_DEFINITIONS.find((d) => d.term.split(" / ").includes(COUNT_METRIC_LABELS[metric]));
  return (
    <div className="stats-page mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={heading}
        description={
          <>
            <span data-testid="stats-list-filters">{words.words}</span>
            {definition && <span className="mt-1 block text-xs text-slate-500">口径：{definition.text}</span>}
          </>
        }
        actions={
          <div className="no-print flex flex-wrap gap-2">
            <Link href={listHref("/stats/supervision", statsParams(period, { ...filters, departmentId: "" }))} className={buttonClass("ghost")}>
              返回统计
            </Link>
            {list.total > 0 && (
              <a href={listHref("/stats/assignments/export", params)} className={buttonClass("secondary")} data-testid="export-stats-list" download>
                导出 Excel{list.total > STATS_EXPORT_CAP ? `（前 ${STATS_EXPORT_CAP.toLocaleString("zh-CN")} 条）` : ""}
              </a>
            )}
            <PrintPageButton />
          </div>
        }
      />
      {list.total === 0 ? (
        <EmptyState title="没有符合条件的承办任务">这个统计数为 0，或者不在您的查看范围内。</EmptyState>
      ) : (
        <>
          <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
            <table className="w-full text-left text-sm" data-testid="stats-list-table">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">预警</th>
                  <th className="px-3 py-2 font-medium">督办编号</th>
                  <th className="px-3 py-2 font-medium">事项</th>
                  <th className="px-3 py-2 font-medium">承办单位</th>
                  <th className="px-3 py-2 font-medium">状态</th>
                  <th className="px-3 py-2 font-medium">办理期限</th>
                  <th className="px-3 py-2 font-medium">交办日期</th>
                  <th className="px-3 py-2 font-medium">办结日期</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {list.rows.map((r) => (
                  <tr key={r.id} data-testid="stats-list-row">
                    <td className="px-3 py-2">
                      <WarningDot light={r.light} />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600">{r.taskNo ?? "—"}</td>
                    <td className="px-3 py-2">
                      <Link href={`/tasks/${r.taskId}`} className="text-brand-700 hover:underline">
                        {r.title}
                      </Link>
                    </td>
                    <td className="px-3 py-2">{r.unitName}</td>
                    <td className="px-3 py-2">
                      <AssignmentStatusBadge status={r.status} />
                    </td>
                    <td className="px-3 py-2">
                      <DeadlineText deadline={r.deadline} original={r.originalDeadline} />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDate(r.dispatchedAt)}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{r.completedAt ? formatDate(r.completedAt) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="space-y-2 md:hidden" data-testid="stats-list-cards">
            {list.rows.map((r) => (
              <li key={r.id} className="space-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm">
                <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
                  <span>{r.taskNo ?? "—"}</span>
                  <AssignmentStatusBadge status={r.status} />
                </div>
                <Link href={`/tasks/${r.taskId}`} className="flex items-start gap-2 text-brand-700">
                  <WarningDot light={r.light} />
                  <span>{r.title}</span>
                </Link>
                <p className="text-slate-600">{r.unitName}</p>
                <p className="text-xs text-slate-500">
                  期限 <DeadlineText deadline={r.deadline} original={r.originalDeadline} /> · 交办 {formatDate(r.dispatchedAt)}
                  {r.completedAt && ` · 办结 ${formatDate(r.completedAt)}`}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination path="/stats/assignments" params={params} page={list.page} pageSize={STATS_LIST_PAGE_SIZE} total={list.total} />
    </div>
  );
}
