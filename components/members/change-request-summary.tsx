import { clsx } from "clsx";
import type { ReactNode } from "react";
import { describeMemberChange, MEMBER_CHANGE_KIND_LABELS, MEMBER_CHANGE_STATUS_LABELS, type MemberChangeStatus } from "@/lib/domain/member-changes";
import { formatDateTime } from "@/lib/domain/dates";
import type { MemberChangeRow } from "@/lib/data/member-changes";

const STATUS_TONES: Record<MemberChangeStatus, string> = {
  open: "bg-amber-50 text-amber-800",
  done: "bg-green-50 text-green-700",
  rejected: "bg-slate-100 text-slate-600",
};

export function ChangeRequestStatus({ status }: { status: MemberChangeStatus }) {
  return (
    <span className={clsx("rounded px-1.5 py-0.5 text-xs whitespace-nowrap", STATUS_TONES[status])} data-testid="change-request-status" data-status={status}>
      {MEMBER_CHANGE_STATUS_LABELS[status]}
    </span>
  );
}

/**
 * One 变更申请 as both sides read it: what is asked, by whom, and the outcome. `showMobile` decides how the
 * requested number reads (masked on the unit's page, whole for 信息中心); `target` renders the member
 * (a link to the user's edit page for the admin); `actions` is the admin's decision form.
 */
export function ChangeRequestSummary({
  request: r,
  showMobile,
  showUnit = false,
  target,
  actions,
}: {
  request: MemberChangeRow;
  showMobile: (mobile: string) => string;
  showUnit?: boolean;
  target?: ReactNode;
  actions?: ReactNode;
}) {
  const lines = describeMemberChange(r.details, showMobile);
  return (
    <li className="space-y-1.5 px-4 py-3" data-testid="change-request" data-id={r.id}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-sm">
        <ChangeRequestStatus status={r.status} />
        <span className="font-medium text-slate-900">{MEMBER_CHANGE_KIND_LABELS[r.kind]}</span>
        {r.target ? (target ?? <span className="text-slate-800">{r.target.displayName}（{r.target.username}）</span>) : r.kind !== "add" && <span className="text-slate-500">（该账号已删除）</span>}
        {showUnit && <span className="text-slate-600">［{r.departmentName}］</span>}
        <span className="text-xs text-slate-500">
          {r.requestedByName} 于 {formatDateTime(r.createdAt)} 提交
        </span>
      </div>
      {lines.length > 0 && (
        <ul className="flex flex-wrap gap-x-4 text-sm text-slate-700" data-testid="change-request-details">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {r.note && <p className="text-sm break-words text-slate-600">说明：{r.note}</p>}
      {r.status !== "open" && (
        <p className="text-sm text-slate-600" data-testid="change-request-outcome">
          {r.handledByName ?? "信息中心"} {r.handledAt ? `于 ${formatDateTime(r.handledAt)} ` : ""}
          {MEMBER_CHANGE_STATUS_LABELS[r.status]}
          {r.handlerNote ? `：${r.handlerNote}` : ""}
        </p>
      )}
      {actions}
    </li>
  );
}
