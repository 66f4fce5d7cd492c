import type { TaskEventRow } from "@/lib/data/tasks/types";
import {
  ASSIGNMENT_ACTION_LABELS,
  ASSIGNMENT_STATUS_LABELS,
  TASK_ACTION_LABELS,
  TASK_STATUS_LABELS,
  type AssignmentAction,
  type AssignmentStatus,
  type TaskAction,
  type TaskStatus,
} from "@/lib/domain/workflow";
import { SIDE_ACTION_LABELS, type SideAction } from "@/lib/domain/workflow/side-steps";
import { formatDateTime } from "./format";

const EXTRA_LABELS: Record<string, string> = { create: "登记", edit: "修改", update: "修改", complete: "全部办结", ...SIDE_ACTION_LABELS };

function actionLabel(event: TaskEventRow): string {
  if (event.assignmentId && event.action in ASSIGNMENT_ACTION_LABELS) return ASSIGNMENT_ACTION_LABELS[event.action as AssignmentAction];
  if (event.action in EXTRA_LABELS) return EXTRA_LABELS[event.action]!;
  if (event.action in TASK_ACTION_LABELS) return TASK_ACTION_LABELS[event.action as TaskAction];
  if (event.action in ASSIGNMENT_ACTION_LABELS) return ASSIGNMENT_ACTION_LABELS[event.action as AssignmentAction];
  return event.action;
}

function stateLabel(event: TaskEventRow, state: string | null): string | null {
  if (!state) return null;
  if (event.assignmentId && state in ASSIGNMENT_STATUS_LABELS) return ASSIGNMENT_STATUS_LABELS[state as AssignmentStatus];
  if (state in TASK_STATUS_LABELS) return TASK_STATUS_LABELS[state as TaskStatus];
  return ASSIGNMENT_STATUS_LABELS[state as AssignmentStatus] ?? state;
}

/** 延期申请 steps: the deadline they moved (approval) or asked for (the others). */
function deadlineText(action: string, d: Record<string, unknown>): string | null {
  if (typeof d.oldDeadline !== "string" || typeof d.newDeadline !== "string" || !(action in SIDE_ACTION_LABELS)) return null;
  return (action as SideAction) === "approve_extension" ? `办理期限 ${d.oldDeadline} → ${d.newDeadline}` : `申请将办理期限 ${d.oldDeadline} 延至 ${d.newDeadline}`;
}

/** A short "to whom / what" from the step's detail: the leader it went to, the number assigned, the units. */
function detailText(action: string, detail: unknown): string | null {
  if (!detail || typeof detail !== "object") return null;
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  const deadlines = deadlineText(action, d);
  if (deadlines) parts.push(deadlines);
  if (typeof d.fromUserName === "string" && typeof d.toUserName === "string") parts.push(`由 ${d.fromUserName} 改派给 ${d.toUserName}`);
  else if (typeof d.toUserName === "string") parts.push(`送 ${d.toUserName}`);
  else if (typeof d.fromUserName === "string") parts.push(`从 ${d.fromUserName} 处收回`);
  if (typeof d.handlerName === "string") parts.push(`分办给 ${d.handlerName}`);
  if (typeof d.clerkName === "string") parts.push(`分办给 ${d.clerkName}`);
  if (typeof d.taskNo === "string") parts.push(`编号 ${d.taskNo}`);
  if (Array.isArray(d.units)) parts.push(`交办 ${d.units.map((u) => (u as { name?: string }).name).filter(Boolean).join("、")}`);
  if (typeof d.ratingLabel === "string") parts.push(`反馈质量评价：${d.ratingLabel}`);
  if (typeof d.kind === "string") parts.push(d.kind === "final" ? "办结反馈" : d.kind === "progress" ? "阶段反馈" : d.kind === "rule" ? "按提醒规则自动催办" : "");
  return parts.filter(Boolean).join("；") || null;
}

/** 流转记录: every step in order — who (role, unit), when, what, state change, opinion. */
export function Timeline({ events, unitNames }: { events: TaskEventRow[]; unitNames: Map<string, string> }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">暂无流转记录</p>;
  return (
    <ol className="relative space-y-4 border-l-2 border-slate-200 pl-5" data-testid="timeline">
      {events.map((e) => {
        const from = stateLabel(e, e.fromState);
        const to = stateLabel(e, e.toState);
        const extra = detailText(e.action, e.detail);
        return (
          <li key={e.id} className="relative" data-testid="timeline-item" data-action={e.action}>
            <span aria-hidden className="absolute -left-[27px] top-1 size-3 rounded-full border-2 border-white bg-brand-600 ring-2 ring-brand-100" />
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 text-sm">
              <span className="font-medium text-slate-900">{actionLabel(e)}</span>
              {e.assignmentId && unitNames.get(e.assignmentId) && <span className="text-xs text-slate-500">［{unitNames.get(e.assignmentId)}］</span>}
              <time className="text-xs text-slate-500">{formatDateTime(e.at)}</time>
            </div>
            <p className="text-xs text-slate-600">
              {e.actorName}（{e.actorUnitName}{e.actorRole ? ` · ${e.actorRole}` : ""}）
              {from && to && from !== to && (
                <span className="ml-1">
                  {from} → {to}
                </span>
              )}
              {!from && to && <span className="ml-1">→ {to}</span>}
            </p>
            {extra && <p className="text-xs text-slate-600">{extra}</p>}
            {e.opinion && <p className="mt-1 whitespace-pre-wrap rounded bg-slate-50 px-2 py-1 text-sm text-slate-800">意见：{e.opinion}</p>}
          </li>
        );
      })}
    </ol>
  );
}
