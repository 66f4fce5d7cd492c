import { clsx } from "clsx";
import { formatDate } from "@/lib/domain/dates";
import { readableOnWhite } from "@/lib/domain/contrast";
import { WARNING_LIGHT_LABELS, WARNING_LIGHT_RULES, type WarningLight } from "@/lib/domain/warning-light";
import {
  ASSIGNMENT_STATUS_LABELS,
  TASK_STATUS_LABELS,
  UNIT_ROLE_LABELS,
  type AssignmentStatus,
  type TaskStatus,
  type UnitRole,
} from "@/lib/domain/workflow/states";

const LIGHT_CLASSES: Record<WarningLight, string> = {
  red: "bg-red-600 ring-red-200",
  yellow: "bg-amber-400 ring-amber-100",
  green: "bg-green-600 ring-green-100",
  none: "bg-slate-300 ring-slate-100",
};

/** 预警灯: a coloured dot with its meaning for screen readers and on hover. */
export function WarningDot({ light, withLabel = false, title }: { light: WarningLight; withLabel?: boolean; title?: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 whitespace-nowrap" title={title ?? WARNING_LIGHT_RULES[light]} data-testid="warning-light" data-light={light}>
      <span aria-hidden className={clsx("inline-block size-3 shrink-0 rounded-full ring-2", LIGHT_CLASSES[light])} />
      <span className={withLabel ? "text-xs text-slate-600" : "sr-only"}>{WARNING_LIGHT_LABELS[light]}</span>
    </span>
  );
}

/**
 * A deadline as the light goes by it, with the original beside it when an approved 延期 moved it (an
 * assignment's own deadline vs the task's; a task's earliest open deadline vs the one registered).
 */
export function DeadlineText({ deadline, original }: { deadline: string; original?: string }) {
  const moved = !!original && original !== deadline;
  return (
    // No nowrap here: a table cell keeps it on one line itself, while a narrow definition cell (a phone at browser
    // text 200 %) may break the date at a hyphen rather than widen the page.
    <span data-testid="deadline" data-deadline={deadline}>
      {formatDate(deadline)}
      {moved && (
        <span className="ml-1 text-xs text-amber-700" title={`已调整办理期限（延期），原期限 ${formatDate(original)}`}>
          （原 {formatDate(original)}）
        </span>
      )}
    </span>
  );
}

const TASK_STATUS_TONES: Record<TaskStatus, string> = {
  draft: "bg-slate-100 text-slate-700",
  in_review: "bg-violet-50 text-violet-700",
  returned: "bg-red-50 text-red-700",
  signed: "bg-sky-50 text-sky-700",
  in_progress: "bg-brand-50 text-brand-700",
  completed: "bg-green-50 text-green-700",
  archived: "bg-slate-100 text-slate-600",
  cancelled: "bg-slate-100 text-slate-500 line-through",
};

const ASSIGNMENT_STATUS_TONES: Record<AssignmentStatus, string> = {
  to_receive: "bg-amber-50 text-amber-800",
  in_progress: "bg-brand-50 text-brand-700",
  awaiting_sign: "bg-violet-50 text-violet-700",
  unit_returned: "bg-red-50 text-red-700",
  signed: "bg-sky-50 text-sky-700",
  reported: "bg-indigo-50 text-indigo-700",
  rework: "bg-red-50 text-red-700",
  completed: "bg-green-50 text-green-700",
  cancelled: "bg-slate-100 text-slate-500 line-through",
};

const pill = "inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium";

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  return (
    <span className={clsx(pill, TASK_STATUS_TONES[status])} data-testid="task-status">
      {TASK_STATUS_LABELS[status]}
    </span>
  );
}

export function AssignmentStatusBadge({ status }: { status: AssignmentStatus }) {
  return (
    <span className={clsx(pill, ASSIGNMENT_STATUS_TONES[status])} data-testid="assignment-status">
      {ASSIGNMENT_STATUS_LABELS[status]}
    </span>
  );
}

/** The admin's colour on the border; the text in the same hue, darkened where needed to read at 4.5:1. */
export function UrgencyBadge({ name, color }: { name: string; color: string }) {
  return (
    <span className={clsx(pill, "border bg-white")} style={{ color: readableOnWhite(color), borderColor: color }}>
      {name}
    </span>
  );
}

export function RoleBadge({ role }: { role: UnitRole }) {
  return <span className={clsx(pill, role === "lead" ? "bg-brand-700 text-white" : "bg-slate-200 text-slate-700")}>{UNIT_ROLE_LABELS[role]}</span>;
}
