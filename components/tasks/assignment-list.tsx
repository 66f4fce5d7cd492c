import Link from "next/link";
import type { ReactNode } from "react";
import type { AssignmentListRow, Page } from "@/lib/data/tasks/types";
import { REPORT_KIND_LABELS } from "@/lib/domain/workflow/states";
import { AssignmentStatusBadge, DeadlineText, RoleBadge, UrgencyBadge, WarningDot } from "./badges";
import { formatDateTime } from "./format";

/** What the latest report's reviews said, the "leader review results" of 任务跟踪. */
export function ReviewResult({ row }: { row: AssignmentListRow }) {
  const r = row.latestReport;
  if (!r) return <span className="text-slate-500">—</span>;
  const parts: ReactNode[] = [];
  if (r.status === "unit_returned") parts.push(<span key="u" className="text-red-700">单位领导退回：{r.unitOpinion || "（无意见）"}</span>);
  else if (r.unitSignedAt) parts.push(<span key="u">{r.unitSignerName ?? "单位领导"}已审签{r.unitOpinion ? `：${r.unitOpinion}` : ""}</span>);
  if (r.status === "returned") parts.push(<span key="o" className="text-red-700">督查室退回重办：{r.officeOpinion || "（无意见）"}</span>);
  else if (r.status === "accepted") parts.push(<span key="o" className="text-green-700">督查室已采纳（{REPORT_KIND_LABELS[r.kind]}）{r.officeOpinion ? `：${r.officeOpinion}` : ""}</span>);
  else if (r.status === "submitted") parts.push(<span key="o">已上报，待督查室审核</span>);
  else if (r.status === "awaiting_sign") parts.push(<span key="o">待单位领导审签</span>);
  else if (r.status === "withdrawn") parts.push(<span key="o">经办人已收回</span>);
  return <span className="flex flex-col gap-0.5 text-xs">{parts.length ? parts : "—"}</span>;
}

export type AssignmentColumn = "unit" | "handler" | "received" | "reported" | "review" | "signer";

/** Unit-side lists and the office's feedback queue. */
export function AssignmentList({ page, empty, columns }: { page: Page<AssignmentListRow>; empty: ReactNode; columns: AssignmentColumn[] }) {
  if (page.rows.length === 0) return <div data-testid="list-empty">{empty}</div>;
  const has = (c: AssignmentColumn) => columns.includes(c);
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
        <table className="w-full text-sm" data-testid="assignment-table">
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <span className="sr-only">预警</span>
              </th>
              <th scope="col" className="px-3 py-2">督办编号 / 事项</th>
              {has("unit") && <th scope="col" className="px-3 py-2">承办单位</th>}
              <th scope="col" className="px-3 py-2">紧急程度</th>
              <th scope="col" className="px-3 py-2">办理时限</th>
              {has("handler") && <th scope="col" className="px-3 py-2">经办人</th>}
              {has("signer") && <th scope="col" className="px-3 py-2">审签人</th>}
              {has("received") && <th scope="col" className="px-3 py-2">交办 / 接收</th>}
              {has("reported") && <th scope="col" className="px-3 py-2">上报时间</th>}
              {has("review") && <th scope="col" className="px-3 py-2">审核结果</th>}
              <th scope="col" className="px-3 py-2">状态</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50" data-testid="assignment-row" data-task-id={row.taskId}>
                <td className="px-3 py-2">
                  <WarningDot light={row.light} />
                </td>
                <td className="max-w-sm px-3 py-2">
                  <p className="text-xs text-slate-500">{row.taskNo ?? "—"}</p>
                  <Link href={`/tasks/${row.taskId}#assignment-${row.id}`} className="font-medium text-brand-700 hover:underline">
                    {row.title}
                  </Link>
                </td>
                {has("unit") && (
                  <td className="px-3 py-2">
                    <span className="mr-1">{row.departmentName}</span>
                    <RoleBadge role={row.role} />
                  </td>
                )}
                <td className="px-3 py-2">
                  <UrgencyBadge name={row.urgencyName} color={row.urgencyColor} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <DeadlineText deadline={row.deadline} original={row.taskDeadline} />
                </td>
                {has("handler") && <td className="px-3 py-2">{row.handlerName ?? "—"}</td>}
                {has("signer") && <td className="px-3 py-2">{row.signerName ?? "—"}</td>}
                {has("received") && (
                  <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-600">
                    {formatDateTime(row.dispatchedAt)}
                    <br />
                    {row.receivedAt ? formatDateTime(row.receivedAt) : "未接收"}
                  </td>
                )}
                {has("reported") && <td className="whitespace-nowrap px-3 py-2 text-xs text-slate-600">{formatDateTime(row.lastReportedAt)}</td>}
                {has("review") && (
                  <td className="max-w-xs px-3 py-2">
                    <ReviewResult row={row} />
                  </td>
                )}
                <td className="px-3 py-2">
                  <AssignmentStatusBadge status={row.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden">
        {page.rows.map((row) => (
          <li key={row.id} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="assignment-card">
            <div className="flex items-start gap-2">
              <span className="pt-1">
                <WarningDot light={row.light} />
              </span>
              <div className="min-w-0 flex-1">
                <Link href={`/tasks/${row.taskId}#assignment-${row.id}`} className="font-medium text-brand-700">
                  {row.title}
                </Link>
                <p className="mt-0.5 text-xs text-slate-500">{row.taskNo ?? "—"}</p>
                <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <AssignmentStatusBadge status={row.status} />
                  <RoleBadge role={row.role} />
                  <UrgencyBadge name={row.urgencyName} color={row.urgencyColor} />
                  <span>
                    期限 <DeadlineText deadline={row.deadline} original={row.taskDeadline} />
                  </span>
                </div>
                {has("unit") && <p className="mt-1 text-xs text-slate-600">{row.departmentName}</p>}
                {has("review") && (
                  <div className="mt-1">
                    <ReviewResult row={row} />
                  </div>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
