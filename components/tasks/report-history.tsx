import type { ReportRow } from "@/lib/data/tasks/types";
import { REPORT_KIND_LABELS, type ReportStatus } from "@/lib/domain/workflow/states";
import { AttachmentList } from "@/components/attachments/attachment-list";
import { formatDateTime } from "./format";

const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  awaiting_sign: "待单位领导审签",
  unit_returned: "单位领导退回",
  signed: "单位领导已审签，待上报",
  submitted: "已上报，待督查室审核",
  accepted: "督查室已采纳",
  returned: "督查室退回重办",
  withdrawn: "经办人已收回",
};

/** Every version of a unit's 反馈 / 承办内容, newest first, with both levels of review. */
export function ReportHistory({ reports }: { reports: ReportRow[] }) {
  if (reports.length === 0) return <p className="text-sm text-slate-500">尚未提交反馈</p>;
  return (
    <ol className="space-y-3" data-testid="report-history">
      {reports.map((r, i) => (
        <li key={r.id} className="rounded-md border border-slate-200 p-3" data-testid="report-version" data-status={r.status}>
          <details open={i === 0}>
            <summary className="cursor-pointer list-none text-sm">
              <span className="font-medium">第 {r.revision} 稿</span>
              <span className="ml-2 text-xs text-slate-500">
                {REPORT_KIND_LABELS[r.kind]} · {r.path === "direct" ? "直接反馈" : "经单位领导审签"} · {r.authorName} · {formatDateTime(r.createdAt)}
              </span>
              <span className="ml-2 inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{REPORT_STATUS_LABELS[r.status]}</span>
            </summary>
            <p className="mt-2 whitespace-pre-wrap text-sm text-slate-800" data-testid="report-body">
              {r.body}
            </p>
            {r.attachments.length > 0 && (
              <div className="mt-2">
                <AttachmentList items={r.attachments} testId="report-attachments" />
              </div>
            )}
            {(r.unitSignedAt || r.status === "unit_returned") && (
              <p className="mt-2 text-xs text-slate-600">
                单位领导{r.unitSignerName ? ` ${r.unitSignerName}` : ""}
                {r.status === "unit_returned" ? "退回" : "审签"}
                {r.unitSignedAt ? `（${formatDateTime(r.unitSignedAt)}）` : ""}
                {r.unitOpinion ? `：${r.unitOpinion}` : ""}
              </p>
            )}
            {r.reviewedAt && (
              <p className={`mt-1 text-xs ${r.status === "returned" ? "text-red-700" : "text-green-700"}`} data-testid="office-review">
                督查室{r.reviewedByName ? ` ${r.reviewedByName}` : ""}
                {r.status === "returned" ? "退回重办" : "已采纳"}（{formatDateTime(r.reviewedAt)}）{r.officeOpinion ? `：${r.officeOpinion}` : ""}
              </p>
            )}
            {r.closedOnProgressReason && (
              <p className="mt-1 text-xs text-green-700" data-testid="closed-on-progress">
                以阶段反馈办结，理由：{r.closedOnProgressReason}
              </p>
            )}
          </details>
        </li>
      ))}
    </ol>
  );
}
