import type { Actor } from "../policy";
import {
  ASSIGNMENT_ACTION_LABELS,
  ASSIGNMENT_ACTIONS,
  TASK_ACTION_LABELS,
  TASK_ACTIONS,
  checkAssignmentTransition,
  checkTaskTransition,
  type AssignmentAction,
  type AssignmentFacts,
  type TaskAction,
  type TaskFacts,
} from "./transitions";
import type { ReportKind, ReportStatus } from "./states";

/** Steps that need a written opinion or reason (the dialog must ask for it). */
const NEEDS_OPINION = new Set<TaskAction | AssignmentAction>(["return", "cancel", "unit_return", "return_rework", "reroute", "unit_reroute", "withdraw"]);
/** Steps that cannot be undone: the page asks for confirmation first. */
const IRREVERSIBLE = new Set<TaskAction | AssignmentAction>(["delete", "sign", "dispatch", "cancel", "archive", "accept_final"]);

export type AvailableAction =
  | { target: "task"; action: TaskAction; label: string; needsOpinion: boolean; confirm: boolean }
  | { target: "assignment"; action: AssignmentAction; label: string; needsOpinion: boolean; confirm: boolean };

export interface LatestReportFacts {
  status: ReportStatus;
  kind: ReportKind;
}

/**
 * 办结通过 on a 阶段反馈 closes the assignment without a 办结反馈: allowed, but only with a stated reason
 * (it is recorded on the report and in the history, and scoring counts it).
 */
export function closesOnProgress(latestReport?: LatestReportFacts | null): boolean {
  return latestReport?.kind === "progress";
}

/**
 * Exactly the steps this viewer may take now on a task (and, if given, one of its assignments), in
 * the order the buttons should appear. Computed from the same tables the services enforce.
 * Pass the assignment the page shows (a unit viewer: their own unit's; the office: the one reviewed).
 */
export function availableActions(
  viewer: Pick<Actor, "userId" | "departmentId" | "isOffice" | "permissions">,
  task: TaskFacts,
  assignment?: AssignmentFacts | null,
  latestReport?: LatestReportFacts | null,
): AvailableAction[] {
  const result: AvailableAction[] = [];
  for (const action of TASK_ACTIONS) {
    if (action === "complete") continue;
    if (checkTaskTransition(viewer, task, action).ok) {
      result.push({ target: "task", action, label: TASK_ACTION_LABELS[action], needsOpinion: NEEDS_OPINION.has(action), confirm: IRREVERSIBLE.has(action) });
    }
  }
  if (assignment) {
    for (const action of ASSIGNMENT_ACTIONS) {
      if (action === "cancel") continue;
      if (!checkAssignmentTransition(viewer, task, assignment, action).ok) continue;
      // The office reviews a report only once it has really arrived.
      if ((action === "accept_progress" || action === "accept_final" || action === "return_rework") && latestReport && latestReport.status !== "submitted") continue;
      result.push({
        target: "assignment",
        action,
        label: ASSIGNMENT_ACTION_LABELS[action],
        needsOpinion: NEEDS_OPINION.has(action) || (action === "accept_final" && closesOnProgress(latestReport)),
        confirm: IRREVERSIBLE.has(action),
      });
    }
  }
  return result;
}
