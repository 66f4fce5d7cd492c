import type { ReactNode } from "react";
import type { ExtensionRow, UrgeRow } from "@/lib/data/tasks/types";
import { EXTENSION_STATUS_LABELS, URGE_KIND_LABELS, type ExtensionStatus } from "@/lib/domain/workflow/side-steps";
import { formatDateTime } from "./format";

const STATUS_TONE: Record<ExtensionStatus, string> = {
  awaiting_unit: "bg-amber-50 text-amber-800",
  awaiting_office: "bg-amber-50 text-amber-800",
  approved: "bg-green-50 text-green-800",
  rejected: "bg-red-50 text-red-700",
  returned: "bg-red-50 text-red-700",
  withdrawn: "bg-slate-100 text-slate-600",
};

/**
 * One assignment's 催办 (who, when, what, 已签收/待签收) and 延期申请 (each stage with its opinion),
 * newest first. `ackButton` renders the 签收 button of an urge the viewer may acknowledge.
 */
export function SideStepHistory({ urges, extensions, ackButton }: { urges: UrgeRow[]; extensions: ExtensionRow[]; ackButton?: (urge: UrgeRow) => ReactNode }) {
  if (urges.length === 0 && extensions.length === 0) return null;
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {urges.length > 0 && (
        <div>
          <h3 className="mb-2 text-sm font-medium text-slate-500">催办记录（{urges.length}）</h3>
          <ol className="space-y-2" data-testid="urge-list">
            {urges.map((u) => (
              <li key={u.id} className="rounded-md border border-slate-200 p-3 text-sm" data-testid="urge-item" data-acknowledged={u.acknowledgedAt ? "true" : "false"}>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium text-slate-900">{u.kind === "rule" ? URGE_KIND_LABELS.rule : u.urgedByName}</span>
                  <time className="text-xs text-slate-500">{formatDateTime(u.createdAt)}</time>
                  {u.acknowledgedAt ? (
                    <span className="rounded bg-green-50 px-1.5 py-0.5 text-xs text-green-800" data-testid="urge-state">
                      已签收{u.acknowledgedByName ? `（${u.acknowledgedByName} ${formatDateTime(u.acknowledgedAt)}）` : ""}
                    </span>
                  ) : (
                    <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800" data-testid="urge-state">
                      待签收
                    </span>
                  )}
                </div>
                {u.message && <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{u.message}</p>}
                {ackButton && <div className="mt-2">{ackButton(u)}</div>}
              </li>
            ))}
          </ol>
        </div>
      )}
      {extensions.length > 0 && (
        <div>
          <h3 className="mb-2 text-sm font-medium text-slate-500">延期申请（{extensions.length}）</h3>
          <ol className="space-y-2" data-testid="extension-list">
            {extensions.map((e) => (
              <li key={e.id} className="space-y-1 rounded-md border border-slate-200 p-3 text-sm" data-testid="extension-item" data-status={e.status}>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
                  <span className="font-medium text-slate-900">
                    {e.previousDeadline} → {e.approvedDeadline ?? e.requestedDeadline}
                  </span>
                  <span className={`rounded px-1.5 py-0.5 text-xs ${STATUS_TONE[e.status]}`} data-testid="extension-status">
                    {EXTENSION_STATUS_LABELS[e.status]}
                    {e.status === "awaiting_unit" && e.currentSignerName ? `（${e.currentSignerName}）` : ""}
                  </span>
                </div>
                <p className="text-xs text-slate-600">
                  {e.requestedByName} 申请于 {formatDateTime(e.createdAt)}，申请延至 {e.requestedDeadline}
                </p>
                <p className="whitespace-pre-wrap break-words text-slate-800">理由：{e.reason}</p>
                {e.unitSignedAt && (
                  <p className="text-xs text-slate-600">
                    单位领导 {e.unitSignedByName ?? ""} {e.status === "returned" ? "退回" : "同意"}（{formatDateTime(e.unitSignedAt)}）{e.unitOpinion ? `：${e.unitOpinion}` : ""}
                  </p>
                )}
                {e.decidedAt && (
                  <p className={`text-xs ${e.status === "approved" ? "text-green-700" : "text-red-700"}`}>
                    督查室 {e.decidedByName ?? ""} {e.status === "approved" ? `批准，新期限 ${e.approvedDeadline}` : "不批准"}（{formatDateTime(e.decidedAt)}）
                    {e.decisionOpinion ? `：${e.decisionOpinion}` : ""}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
