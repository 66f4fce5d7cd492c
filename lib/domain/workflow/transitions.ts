import type { Permission } from "../permissions";
import type { Actor } from "../policy";
import { conflict, forbidden, validation } from "../errors";
import {
  ASSIGNMENT_STATUS_LABELS,
  TASK_STATUS_LABELS,
  type AssignmentStatus,
  type FeedbackMode,
  type TaskStatus,
} from "./states";

/**
 * The two state machines of manual §2.1 as data: (state, action) → permission + who-guards → next state.
 * Services refuse anything not in these tables; `availableActions` (beside this file) offers exactly
 * what they would accept, so a button shown is a step the server takes.
 */

export const TASK_ACTIONS = [
  "edit", // 修改草稿 / 退回件
  "delete", // 删除草稿
  "submit", // 提交 (送审) to a chosen office leader
  "forward", // 审核 and pass on to another leader
  "sign", // 审签 (final; assigns the task number)
  "return", // 退回 to the clerk with an opinion
  "dispatch", // 交办 to the units
  "cancel", // 撤销 a dispatched task
  "archive", // 归档
  "complete", // system: the last assignment was completed
  "reroute", // 改派: the office (task.reroute) moves a review waiting on another leader to a third one
  "withdraw", // 收回: the registering clerk takes back a submission no leader has acted on yet
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

export const ASSIGNMENT_ACTIONS = [
  "receive", // 接收
  "delegate", // 分办 to a named clerk
  "feedback", // 反馈任务: report straight to the office
  "handle", // 承办任务: handling text to a unit leader
  "unit_sign", // unit leader 审签
  "unit_forward", // unit leader passes the text to another leader of the unit
  "unit_return", // unit leader 退回
  "report_up", // 上报 the signed text
  "accept_progress", // office accepts as 阶段反馈
  "accept_final", // office accepts as 办结
  "return_rework", // office 退回重办
  "cancel", // system: the task was cancelled
  "reroute", // 改派 by the office or an admin (task.reroute): the handler or signer the step waits on
  "unit_reroute", // 改派 by a leader of the unit: the signer, or the clerk who reports the signed text up
  "withdraw", // 收回: the handler takes back handling text no unit leader has acted on yet
] as const;
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number];

/**
 * Who, beyond the permission, may take a step:
 * - office: the actor belongs to the supervision office;
 * - own_unit: the assignment belongs to the actor's unit;
 * - creator: the actor registered the task;
 * - current_reviewer: the task waits on this office leader;
 * - current_signer: the handling text waits on this unit leader;
 * - handler: the actor is the assignment's handling clerk (or nobody is yet);
 * - periodic: the task asks for 阶段反馈 (反馈方式 定期阶段反馈); a 办结后一次反馈 task has none to accept;
 * - system: no user takes this step; it follows from another one.
 * - awaits_other: the step waits on a named person who is not the actor (改派 is for someone else's
 *   step; the awaited person passes it on with 审核转交 / 转其他领导审签 instead);
 * - untouched: nobody has acted on the submission yet (收回);
 * - never_submitted: the task was never submitted (only such a draft may be deleted: a draft taken
 *   back with 收回 keeps its history).
 */
export type Guard =
  | "office"
  | "own_unit"
  | "creator"
  | "current_reviewer"
  | "current_signer"
  | "handler"
  | "periodic"
  | "system"
  | "awaits_other"
  | "untouched"
  | "never_submitted";

export interface TransitionRule<S extends string, A extends string> {
  from: S;
  action: A;
  /** null: the record is removed (deleting a draft). */
  to: S | null;
  permission: Permission | null;
  guards: readonly Guard[];
}

type TaskRule = TransitionRule<TaskStatus, TaskAction>;
type AssignmentRule = TransitionRule<AssignmentStatus, AssignmentAction>;

const OFFICE_CLERK_DRAFT: Pick<TaskRule, "permission" | "guards"> = { permission: "task.register", guards: ["office", "creator"] };
const REVIEWER: Pick<TaskRule, "permission" | "guards"> = { permission: "task.review", guards: ["office", "current_reviewer"] };

export const TASK_TRANSITIONS: readonly TaskRule[] = [
  { from: "draft", action: "edit", to: "draft", ...OFFICE_CLERK_DRAFT },
  { from: "returned", action: "edit", to: "returned", ...OFFICE_CLERK_DRAFT },
  { from: "draft", action: "delete", to: null, permission: "task.register", guards: ["office", "creator", "never_submitted"] },
  { from: "draft", action: "submit", to: "in_review", ...OFFICE_CLERK_DRAFT },
  { from: "returned", action: "submit", to: "in_review", ...OFFICE_CLERK_DRAFT },
  { from: "in_review", action: "forward", to: "in_review", ...REVIEWER },
  { from: "in_review", action: "sign", to: "signed", ...REVIEWER },
  { from: "in_review", action: "return", to: "returned", ...REVIEWER },
  { from: "signed", action: "dispatch", to: "in_progress", permission: "task.dispatch", guards: ["office"] },
  { from: "in_progress", action: "cancel", to: "cancelled", permission: "task.manage", guards: ["office"] },
  { from: "completed", action: "archive", to: "archived", permission: "task.manage", guards: ["office"] },
  { from: "in_progress", action: "complete", to: "completed", permission: null, guards: ["system"] },
  // No `office` guard: the admin of the 信息中心 re-routes from 用户管理 too; scope comes from the loaders.
  { from: "in_review", action: "reroute", to: "in_review", permission: "task.reroute", guards: ["awaits_other"] },
  // Back to an editable draft (not "returned": nobody returned it); `never_submitted` keeps it undeletable.
  { from: "in_review", action: "withdraw", to: "draft", permission: "task.register", guards: ["office", "creator", "untouched"] },
];

const UNIT_CLERK: Pick<AssignmentRule, "permission" | "guards"> = { permission: "assignment.handle", guards: ["own_unit", "handler"] };
const UNIT_SIGNER: Pick<AssignmentRule, "permission" | "guards"> = { permission: "assignment.sign", guards: ["own_unit", "current_signer"] };
const UNIT_LEADER: Pick<AssignmentRule, "permission" | "guards"> = { permission: "assignment.sign", guards: ["own_unit"] };
const OFFICE_REVIEW: Pick<AssignmentRule, "permission" | "guards"> = { permission: "report.review", guards: ["office"] };

/** Assignment states in which the office may still cancel the task (everything not finished). */
export const OPEN_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = [
  "to_receive",
  "in_progress",
  "awaiting_sign",
  "unit_returned",
  "signed",
  "reported",
  "rework",
];

/** Assignment states that wait on one named person (the handler, or the signer in awaiting_sign). */
export const REROUTABLE_ASSIGNMENT_STATUSES: readonly AssignmentStatus[] = ["in_progress", "unit_returned", "awaiting_sign", "signed", "rework"];

export const ASSIGNMENT_TRANSITIONS: readonly AssignmentRule[] = [
  { from: "to_receive", action: "receive", to: "in_progress", permission: "assignment.handle", guards: ["own_unit"] },
  // 分办 before receipt receives on the unit's behalf; after receipt it only names the handler.
  { from: "to_receive", action: "delegate", to: "in_progress", ...UNIT_LEADER },
  { from: "in_progress", action: "delegate", to: "in_progress", ...UNIT_LEADER },
  { from: "rework", action: "delegate", to: "rework", ...UNIT_LEADER },
  { from: "unit_returned", action: "delegate", to: "unit_returned", ...UNIT_LEADER },
  { from: "in_progress", action: "feedback", to: "reported", ...UNIT_CLERK },
  { from: "rework", action: "feedback", to: "reported", ...UNIT_CLERK },
  { from: "in_progress", action: "handle", to: "awaiting_sign", ...UNIT_CLERK },
  { from: "rework", action: "handle", to: "awaiting_sign", ...UNIT_CLERK },
  { from: "unit_returned", action: "handle", to: "awaiting_sign", ...UNIT_CLERK },
  { from: "awaiting_sign", action: "unit_sign", to: "signed", ...UNIT_SIGNER },
  { from: "awaiting_sign", action: "unit_forward", to: "awaiting_sign", ...UNIT_SIGNER },
  { from: "awaiting_sign", action: "unit_return", to: "unit_returned", ...UNIT_SIGNER },
  { from: "signed", action: "report_up", to: "reported", ...UNIT_CLERK },
  { from: "reported", action: "accept_progress", to: "in_progress", permission: "report.review", guards: ["office", "periodic"] },
  { from: "reported", action: "accept_final", to: "completed", ...OFFICE_REVIEW },
  { from: "reported", action: "return_rework", to: "rework", ...OFFICE_REVIEW },
  ...OPEN_ASSIGNMENT_STATUSES.map((from): AssignmentRule => ({ from, action: "cancel", to: "cancelled", permission: null, guards: ["system"] })),
  // 改派 keeps the state and changes only who it waits on (see awaitedUserId): the signer while the text
  // is with a leader, otherwise the handling clerk. Not before receipt: any clerk of the unit may receive.
  ...REROUTABLE_ASSIGNMENT_STATUSES.map((from): AssignmentRule => ({ from, action: "reroute", to: from, permission: "task.reroute", guards: ["awaits_other"] })),
  // A unit leader already names the clerk with 分办 while the clerk has the turn (in_progress, rework,
  // unit_returned); 改派 adds the two steps 分办 does not cover: the signer, and the clerk who reports up.
  { from: "awaiting_sign", action: "unit_reroute", to: "awaiting_sign", permission: "assignment.sign", guards: ["own_unit", "awaits_other"] },
  { from: "signed", action: "unit_reroute", to: "signed", permission: "assignment.sign", guards: ["own_unit", "awaits_other"] },
  // Back to 办理中 (also when the text answered a 退回重办: the office's return stays in the history).
  { from: "awaiting_sign", action: "withdraw", to: "in_progress", permission: "assignment.handle", guards: ["own_unit", "handler", "untouched"] },
];

export const TASK_ACTION_LABELS: Record<TaskAction, string> = {
  edit: "修改",
  delete: "删除",
  submit: "提交审签",
  forward: "审核转交",
  sign: "审签",
  return: "退回",
  dispatch: "交办",
  cancel: "撤销",
  archive: "归档",
  complete: "办结",
  reroute: "改派",
  withdraw: "收回",
};

export const ASSIGNMENT_ACTION_LABELS: Record<AssignmentAction, string> = {
  receive: "接收",
  delegate: "分办",
  feedback: "反馈任务",
  handle: "承办任务",
  unit_sign: "审签",
  unit_forward: "转其他领导审签",
  unit_return: "退回",
  report_up: "上报",
  accept_progress: "采纳为阶段反馈",
  accept_final: "办结通过",
  return_rework: "退回重办",
  cancel: "撤销",
  reroute: "改派",
  unit_reroute: "改派",
  withdraw: "收回",
};

/** The parts of a task the guards look at. */
export interface TaskFacts {
  status: TaskStatus;
  creatorId: string;
  currentReviewerId: string | null;
  /** From the history (taskHistoryFacts); unknown counts as "no", so a step needing it is refused. */
  everSubmitted?: boolean;
  submissionUntouched?: boolean;
}

/** The parts of an assignment the guards look at. */
export interface AssignmentFacts {
  departmentId: string;
  status: AssignmentStatus;
  handlerId: string | null;
  currentSignerId: string | null;
  /** The task's 反馈方式 (copied onto the assignment's facts); unknown counts as not periodic. */
  feedbackMode?: FeedbackMode;
  /** From the history (assignmentHistoryFacts); unknown counts as "no". */
  handlingUntouched?: boolean;
}

export function findTaskRule(from: TaskStatus, action: TaskAction): TaskRule | undefined {
  return TASK_TRANSITIONS.find((r) => r.from === from && r.action === action);
}

export function findAssignmentRule(from: AssignmentStatus, action: AssignmentAction): AssignmentRule | undefined {
  return ASSIGNMENT_TRANSITIONS.find((r) => r.from === from && r.action === action);
}

/** The permission a task action needs in any state (checked first by services, before reading input). */
export function taskActionPermission(action: TaskAction): Permission {
  const rule = TASK_TRANSITIONS.find((r) => r.action === action && r.permission);
  if (!rule?.permission) throw new Error(`task action ${action} is not a user step`);
  return rule.permission;
}

export function assignmentActionPermission(action: AssignmentAction): Permission {
  const rule = ASSIGNMENT_TRANSITIONS.find((r) => r.action === action && r.permission);
  if (!rule?.permission) throw new Error(`assignment action ${action} is not a user step`);
  return rule.permission;
}

const GUARD_MESSAGES: Record<Guard, string> = {
  office: "只有督查室人员可以执行此操作",
  own_unit: "只能办理本单位的承办任务",
  creator: "只有登记人可以修改、删除或提交该督办事项",
  current_reviewer: "该督办事项当前不在您的待审签中",
  current_signer: "该承办内容当前不在您的待审签中",
  handler: "该承办任务已分办给其他经办人",
  periodic: "该事项的反馈方式为办结后一次反馈，不能采纳为阶段反馈",
  system: "该操作由系统自动完成",
  awaits_other: "该环节当前由您本人办理，请直接办理或转交",
  untouched: "已有领导处理，不能收回，请刷新后查看",
  never_submitted: "该事项已提交过审签，不能删除",
};

function guardHolds(guard: Guard, actor: Pick<Actor, "userId" | "departmentId" | "isOffice" | "permissions">, task?: TaskFacts, assignment?: AssignmentFacts): boolean {
  switch (guard) {
    case "office":
      return actor.isOffice;
    case "own_unit":
      return !!assignment && assignment.departmentId === actor.departmentId;
    case "creator":
      return !!task && task.creatorId === actor.userId;
    case "current_reviewer":
      return !!task && task.currentReviewerId === actor.userId;
    case "current_signer":
      return !!assignment && assignment.currentSignerId === actor.userId;
    case "handler":
      return !!assignment && (assignment.handlerId === null || assignment.handlerId === actor.userId);
    case "periodic":
      return assignment?.feedbackMode === "periodic";
    case "system":
      return false;
    case "awaits_other": {
      const awaited = assignment ? awaitedUserId(assignment) : (task?.currentReviewerId ?? null);
      return awaited !== null && awaited !== actor.userId;
    }
    case "untouched":
      return assignment ? assignment.handlingUntouched === true : task?.submissionUntouched === true;
    case "never_submitted":
      return task?.everSubmitted === false;
  }
}

/**
 * The one person an assignment waits on now: the unit leader while the text is with them, otherwise
 * the handling clerk (null before receipt, or when it is finished or with the office).
 */
export function awaitedUserId(assignment: Pick<AssignmentFacts, "status" | "handlerId" | "currentSignerId">): string | null {
  if (assignment.status === "awaiting_sign") return assignment.currentSignerId;
  return REROUTABLE_ASSIGNMENT_STATUSES.includes(assignment.status) ? assignment.handlerId : null;
}

export type TransitionCheck<S> =
  | { ok: true; to: S | null }
  | { ok: false; reason: "state" | "permission" | "guard" | "turn" | "mode"; message: string };

/** Guards about whose turn it is: failing one means the record has moved on (or waits on someone else). */
const TURN_GUARDS: readonly Guard[] = ["current_reviewer", "current_signer", "handler", "awaits_other", "untouched", "never_submitted"];

function check<S extends string, A extends string>(
  rule: TransitionRule<S, A> | undefined,
  stateLabel: string,
  actionLabel: string,
  actor: Pick<Actor, "userId" | "departmentId" | "isOffice" | "permissions">,
  task?: TaskFacts,
  assignment?: AssignmentFacts,
): TransitionCheck<S> {
  if (!rule) return { ok: false, reason: "state", message: `当前状态为“${stateLabel}”，不能${actionLabel}，请刷新后查看最新状态` };
  if (rule.guards.includes("system")) return { ok: false, reason: "guard", message: GUARD_MESSAGES.system };
  if (rule.permission && !actor.permissions.has(rule.permission)) return { ok: false, reason: "permission", message: "您没有执行此操作的权限" };
  const failed = rule.guards.find((g) => !guardHolds(g, actor, task, assignment));
  if (failed) {
    const reason = TURN_GUARDS.includes(failed) ? "turn" : failed === "periodic" ? "mode" : "guard";
    return { ok: false, reason, message: GUARD_MESSAGES[failed] };
  }
  return { ok: true, to: rule.to };
}

export function checkTaskTransition(actor: Pick<Actor, "userId" | "departmentId" | "isOffice" | "permissions">, task: TaskFacts, action: TaskAction): TransitionCheck<TaskStatus> {
  return check(findTaskRule(task.status, action), TASK_STATUS_LABELS[task.status], TASK_ACTION_LABELS[action], actor, task);
}

/** An assignment step also needs its task to be under way (a cancelled task's units can do nothing). */
export function checkAssignmentTransition(
  actor: Pick<Actor, "userId" | "departmentId" | "isOffice" | "permissions">,
  task: Pick<TaskFacts, "status">,
  assignment: AssignmentFacts,
  action: AssignmentAction,
): TransitionCheck<AssignmentStatus> {
  if (task.status !== "in_progress") {
    return { ok: false, reason: "state", message: `督办事项当前状态为“${TASK_STATUS_LABELS[task.status]}”，承办任务不能再${ASSIGNMENT_ACTION_LABELS[action]}` };
  }
  return check(
    findAssignmentRule(assignment.status, action),
    ASSIGNMENT_STATUS_LABELS[assignment.status],
    ASSIGNMENT_ACTION_LABELS[action],
    actor,
    undefined,
    assignment,
  );
}

/**
 * Turns a failed check into the error services throw: a step the state no longer allows, or one that
 * is no longer (or not) this person's turn, is a CONFLICT — someone acted first or the page is stale,
 * and a double click gets the same answer as a race; a wrong role or department is FORBIDDEN; a step
 * the task's 反馈方式 does not allow is a VALIDATION error (no race and no role can change that).
 */
export function assertTransition<S>(result: TransitionCheck<S>): S | null {
  if (result.ok) return result.to;
  if (result.reason === "mode") throw validation(result.message);
  throw result.reason === "state" || result.reason === "turn" ? conflict(result.message) : forbidden(result.message);
}
