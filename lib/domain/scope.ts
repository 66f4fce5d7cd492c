import type { Permission } from "./permissions";
import type { Actor } from "./policy";
import type { TaskStatus } from "./workflow/states";

/**
 * Who sees which supervision record: the rule in words, as data. lib/scope turns it into SQL for every
 * read (lists, detail, downloads) and every service loader, so there is one rule and not four.
 *
 * - Reading needs 查看督办事项 (task.view): without it nobody reads any task record (the 系统管理员 runs
 *   the back office only). Acting (a service verb loading its record) needs the verb's own permission
 *   instead, checked before the load; an all-units actor then reaches every task, a unit actor only
 *   its own unit's, exactly as for reading.
 * - Office roles that work on the office's own papers (register or review) reach every task.
 * - Other all-units viewers (区领导, read-only) see tasks from sign-off on: the drafts and the tasks still
 *   in the office's own sign-off are the office's working papers, not yet supervision tasks.
 * - A unit viewer sees a task only through their own unit's assignment, and within it only their own
 *   unit's assignment, its reports (every version), its history, and the task-level steps from 交办 on.
 * - A file follows the record it belongs to: a report's file the report, a task's file the task.
 */

/** Tasks before sign-off are the office's working papers. */
export const OFFICE_WORKING_STATES = ["draft", "in_review", "returned"] as const satisfies readonly TaskStatus[];

export type TaskReach =
  /** No task record at all. */
  | { kind: "none" }
  /** Every task, every unit's records. */
  | { kind: "all" }
  /** Every unit's records, but only of tasks not in these states. */
  | { kind: "all_except"; hiddenStatuses: readonly TaskStatus[] }
  /** Tasks in which this unit holds an assignment, and only this unit's records within them. */
  | { kind: "unit"; departmentId: string };

/** Permissions whose holders work on the office's papers before sign-off, so reach them too. */
export const WORKING_PAPER_PERMISSIONS = ["task.register", "task.review"] as const satisfies readonly Permission[];

/** read = lists, detail, downloads; act = a service verb's loader (its permission was checked first). */
export type ScopePurpose = "read" | "act";

export function taskReach(viewer: Pick<Actor, "userId" | "departmentId" | "dataScope" | "permissions">, purpose: ScopePurpose = "read"): TaskReach {
  if (viewer.dataScope !== "all_units") {
    if (purpose === "read" && !viewer.permissions.has("task.view")) return { kind: "none" };
    return { kind: "unit", departmentId: viewer.departmentId };
  }
  // An all-units actor who passed a verb's permission check is office staff (or an admin re-routing a
  // step): the working-papers rule is about who may read, it never stops a verb.
  if (purpose === "act") return { kind: "all" };
  if (!viewer.permissions.has("task.view")) return { kind: "none" };
  if (WORKING_PAPER_PERMISSIONS.some((p) => viewer.permissions.has(p))) return { kind: "all" };
  return { kind: "all_except", hiddenStatuses: OFFICE_WORKING_STATES };
}

/**
 * Task-level history steps (交办, 撤销, 归档 …, not tied to one unit's assignment) a unit sees: those
 * recorded at or after the task's 交办 step. Both times are the database's own (`task_events.at`).
 */
export const UNIT_VISIBLE_TASK_EVENTS_FROM_ACTION = "dispatch";
