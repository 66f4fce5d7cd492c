import type { Actor } from "../policy";
import { conflict, forbidden } from "../errors";
import { addDays, isIsoDate } from "../work-calendar";
import type { IsoDate } from "../dates";
import type { AssignmentStatus, TaskStatus } from "./states";
import { OPEN_EXTENSION_STATUSES, SIDE_ACTION_LABELS, type ExtensionStatus, type SideAction } from "./side-steps";

/**
 * Who may take which side step (催办, 签收催办, 延期申请 and its decisions) and when: the rules as data,
 * read by the services (which throw what the check says) and by the task page (which shows exactly the
 * buttons the check allows), like the transition tables beside this file.
 *
 * As there: a step the state no longer allows, or that is someone else's turn, is a CONFLICT (someone
 * acted first or the page is stale); a wrong role or unit is FORBIDDEN.
 */

type SideActor = Pick<Actor, "userId" | "departmentId" | "isOffice" | "permissions">;

export interface SideFacts {
  taskStatus: TaskStatus;
  /** handlerId: the unit's handling clerk (null before receipt); only they (or anyone, before) ask for time. */
  assignment: { departmentId: string; status: AssignmentStatus; handlerId?: string | null };
  /** The assignment's open 延期申请, if any (at most one: a unique index). */
  extension?: { status: ExtensionStatus; currentSignerId: string | null; requestedById: string } | null;
  /** For 签收催办: the urge concerned. */
  urge?: { departmentId: string; acknowledgedAt: Date | null } | null;
}

export type SideCheck = { ok: true } | { ok: false; reason: "permission" | "unit" | "state" | "turn"; message: string };

/** Assignment states in which a unit is still working (the office may urge, the unit may ask for time). */
const WORKING: readonly AssignmentStatus[] = ["to_receive", "in_progress", "awaiting_sign", "unit_returned", "signed", "rework"];

const refuse = (reason: Exclude<SideCheck, { ok: true }>["reason"], message: string): SideCheck => ({ ok: false, reason, message });

function unitWorking(f: SideFacts, what: string): SideCheck | null {
  if (f.taskStatus !== "in_progress") return refuse("state", `督办事项已不在承办中，不能${what}，请刷新后查看`);
  if (f.assignment.status === "reported") return refuse("state", `该单位已上报反馈，正待督查室审核，不能${what}`);
  if (!WORKING.includes(f.assignment.status)) return refuse("state", `该承办任务已办结或撤销，不能${what}`);
  return null;
}

function openExtension(f: SideFacts, status: ExtensionStatus): SideCheck | null {
  if (!f.extension || !OPEN_EXTENSION_STATUSES.includes(f.extension.status)) return refuse("state", "该延期申请已处理或撤回，请刷新后查看");
  if (f.extension.status !== status) return refuse("state", status === "awaiting_office" ? "该延期申请尚未经单位领导同意" : "该延期申请已报督查室，请刷新后查看");
  return null;
}

export function checkSideStep(actor: SideActor, step: SideAction, f: SideFacts): SideCheck {
  const has = (p: Parameters<typeof actor.permissions.has>[0]) => actor.permissions.has(p);
  const ownUnit = f.assignment.departmentId === actor.departmentId;
  switch (step) {
    case "urge":
      if (!has("task.manage") || !actor.isOffice) return refuse("permission", "只有督查室经办人可以催办");
      return unitWorking(f, "催办") ?? { ok: true };
    case "acknowledge_urge":
      if (!has("assignment.handle") && !has("assignment.sign")) return refuse("permission", "您没有签收催办的权限");
      if (!f.urge || f.urge.departmentId !== actor.departmentId) return refuse("unit", "只能签收本单位收到的催办");
      if (f.urge.acknowledgedAt) return refuse("state", "该催办已签收");
      return { ok: true };
    case "request_extension":
      if (!has("assignment.handle")) return refuse("permission", "只有承办单位经办人可以申请延期");
      if (!ownUnit) return refuse("unit", "只能为本单位的承办任务申请延期");
      if (f.assignment.handlerId && f.assignment.handlerId !== actor.userId) return refuse("turn", "该承办任务已分办给其他经办人，由其申请延期");
      if (f.extension && OPEN_EXTENSION_STATUSES.includes(f.extension.status)) return refuse("state", "该承办任务已有一份延期申请在审批中，请等待结果或先撤回");
      return unitWorking(f, "申请延期") ?? { ok: true };
    case "forward_extension":
    case "return_extension":
      if (!has("assignment.sign")) return refuse("permission", "只有承办单位领导可以审核延期申请");
      if (!ownUnit) return refuse("unit", "只能审核本单位的延期申请");
      return openExtension(f, "awaiting_unit") ?? (f.extension!.currentSignerId !== actor.userId ? refuse("turn", "该延期申请当前不在您的待审核中") : (unitWorking(f, SIDE_ACTION_LABELS[step]) ?? { ok: true }));
    case "approve_extension":
    case "reject_extension":
      if (!has("task.manage") || !actor.isOffice) return refuse("permission", "只有督查室经办人可以审批延期申请");
      return openExtension(f, "awaiting_office") ?? unitWorking(f, SIDE_ACTION_LABELS[step]) ?? { ok: true };
    case "withdraw_extension":
      if (!has("assignment.handle")) return refuse("permission", "只有申请人可以撤回延期申请");
      if (!ownUnit) return refuse("unit", "只能撤回本单位的延期申请");
      if (!f.extension || !OPEN_EXTENSION_STATUSES.includes(f.extension.status)) return refuse("state", "该延期申请已处理或撤回，请刷新后查看");
      if (f.extension.requestedById !== actor.userId) return refuse("permission", "只有申请人本人可以撤回延期申请");
      return { ok: true };
  }
}

/** The error a service throws for a failed check ("unit" is reported by the loaders as not found first). */
export function assertSideStep(result: SideCheck): void {
  if (result.ok) return;
  throw result.reason === "state" || result.reason === "turn" ? conflict(result.message) : forbidden(result.message);
}

/** A button the task page offers; `ids` are the hidden form fields the verb needs. */
export interface AvailableSideAction {
  target: "side";
  action: SideAction;
  label: string;
  ids: Record<string, string | number>;
}

/** Button wording on the task page (the history uses SIDE_ACTION_LABELS). */
const BUTTON_LABELS: Record<SideAction, string> = {
  urge: "催办",
  acknowledge_urge: "签收",
  request_extension: "申请延期",
  forward_extension: "同意并报督查室",
  return_extension: "退回",
  approve_extension: "批准",
  reject_extension: "不批准",
  withdraw_extension: "撤回申请",
};

/**
 * The side steps this viewer may take on one assignment now (urge acknowledgements are per urge and
 * asked with `checkSideStep` directly). `extension` carries its id and version for the hidden fields.
 */
export function availableSideActions(
  viewer: SideActor,
  facts: SideFacts & { assignmentId: string; assignmentVersion: number; extension?: (SideFacts["extension"] & { id: string; version: number }) | null },
): AvailableSideAction[] {
  const steps: SideAction[] = ["urge", "request_extension", "forward_extension", "return_extension", "approve_extension", "reject_extension", "withdraw_extension"];
  return steps
    .filter((step) => checkSideStep(viewer, step, facts).ok)
    .map((step): AvailableSideAction => {
      // 延期申请 names the assignment version the clerk saw (a stale page is refused); 催办 needs none.
      const ids: Record<string, string | number> =
        step === "urge"
          ? { assignmentId: facts.assignmentId }
          : step === "request_extension"
            ? { assignmentId: facts.assignmentId, version: facts.assignmentVersion }
            : { id: facts.extension!.id, version: facts.extension!.version };
      return { target: "side", action: step, label: BUTTON_LABELS[step], ids };
    });
}

/** The 签收 button of one urge, if this viewer may take it. */
export function acknowledgeAction(viewer: SideActor, facts: SideFacts, urgeId: string): AvailableSideAction | null {
  return checkSideStep(viewer, "acknowledge_urge", facts).ok ? { target: "side", action: "acknowledge_urge", label: BUTTON_LABELS.acknowledge_urge, ids: { urgeId } } : null;
}

/** An extension may move a deadline by at most this many days (a year): anything further is a typo or a new task. */
export const MAX_EXTENSION_DAYS = 366;

/**
 * What is wrong with a new deadline (asked for or approved), or null: a real date, later than the
 * current deadline, not in the past, and at most a year after the current deadline.
 */
export function extensionDateProblem(value: string, currentDeadline: IsoDate, today: IsoDate): string | null {
  if (!isIsoDate(value)) return "请填写有效的日期（YYYY-MM-DD）";
  if (value <= currentDeadline) return `新的办理期限须晚于当前期限 ${currentDeadline}`;
  if (value < today) return "新的办理期限不能早于今天";
  const latest = addDays(currentDeadline, MAX_EXTENSION_DAYS);
  if (value > latest) return `延期不能超过一年（最晚 ${latest}）`;
  return null;
}

/** When the next urge of an assignment is allowed (the throttle), or null when it is allowed now. */
export function nextUrgeAllowedAt(lastUrgedAt: Date | null, minIntervalHours: number, now: Date): Date | null {
  if (!lastUrgedAt) return null;
  const next = new Date(lastUrgedAt.getTime() + minIntervalHours * 3_600_000);
  return next > now ? next : null;
}

/** The default minimum interval between two urges when an urgency has no 提醒规则 row. */
export const DEFAULT_URGE_MIN_INTERVAL_HOURS = 24;
