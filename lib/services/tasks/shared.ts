import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { assignments, departments, reports, rolePermissions, tasks, userRoles, users } from "@/db/schema";
import { jsonbValue } from "@/lib/domain/audit-chain";
import { appendChained } from "../audit-chain";
import type { Actor } from "@/lib/domain/policy";
import type { Permission } from "@/lib/domain/permissions";
import { conflict, notFound } from "@/lib/domain/errors";
import { assignmentInScope, taskInScope } from "@/lib/scope";
import type { AssignmentStatus, ReportStatus, TaskStatus } from "@/lib/domain/workflow/states";
import type { TaskEventAction, TaskEventState } from "@/lib/domain/workflow/events";
export { parseInput } from "@/lib/services/validation";

/** Helpers shared by the task verbs (not a verb itself). */


export { idField, idListField, optionalIdField, versionField } from "@/lib/services/validation";
export const opinionField = (max = 2000) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string().max(max, `意见不能超过 ${max} 字`).optional().default(""));
export const requiredOpinionField = (message: string, max = 2000) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: message }).min(1, message).max(max, `意见不能超过 ${max} 字`),
  );

export function assertVersion(expected: number, actual: number): void {
  if (expected !== actual) throw conflict("该记录已被他人修改，请刷新后查看最新内容");
}


export interface EventInput {
  taskId: string;
  assignmentId?: string | null;
  reportId?: string | null;
  action: TaskEventAction;
  fromState?: TaskEventState | null;
  toState?: TaskEventState | null;
  opinion?: string | null;
  detail?: unknown;
}

/** Who a 流转记录 row says acted: a person (from their Actor) or the system (a reminder rule). */
export type EventAuthor = Pick<Actor, "userId" | "displayName" | "roleNames" | "departmentId" | "departmentName"> | { system: string };

/** The system as the author of a step nobody clicked (系统自动催办): no user, no unit. */
export const systemAuthor = (what: string): EventAuthor => ({ system: what });

/** The snapshot of who acted that a 流转记录 row keeps (name, roles, unit), for a person or the system. */
export function eventAuthorColumns(actor: EventAuthor) {
  return "system" in actor
      ? { actorId: null, actorName: "系统", actorRole: actor.system, actorUnitId: null, actorUnitName: "" }
      : {
          actorId: actor.userId,
          actorName: actor.displayName,
          actorRole: actor.roleNames.join("、"),
          actorUnitId: actor.departmentId,
          actorUnitName: actor.departmentName,
        };
}

/** Appends one 流转记录 row with a snapshot of who acted (name, roles, unit) in the step's transaction, signed into its SM3 chain. */
export async function writeEvent(tx: Tx, actor: EventAuthor, event: EventInput): Promise<void> {
  await appendChained(tx, "task_events", [{
    taskId: event.taskId,
    assignmentId: event.assignmentId ?? null,
    reportId: event.reportId ?? null,
    ...eventAuthorColumns(actor),
    action: event.action,
    fromState: event.fromState ?? null,
    toState: event.toState ?? null,
    opinion: event.opinion ? event.opinion : null,
    detail: jsonbValue(event.detail),
  }]);
}

/**
 * Keeps tasks.dueOn (the date a task's light and "overdue" filter go by) equal to the earliest deadline
 * of its open assignments, or its own deadline when none is open. Call it in the transaction of every
 * step that opens, closes or extends an assignment; it takes no lock beyond the task row's update.
 */
export async function refreshTaskDueOn(tx: Tx, taskId: string): Promise<void> {
  await tx.execute(sql`
    update ${tasks} set due_on = coalesce(
      (select min(a.deadline) from ${assignments} a where a.task_id = ${taskId} and a.status not in ('completed', 'cancelled')),
      ${tasks.deadline})
    where ${tasks.id} = ${taskId}`);
}

export const TASK_FACT_COLUMNS = {
  id: tasks.id,
  taskNo: tasks.taskNo,
  title: tasks.title,
  deadline: tasks.deadline,
  status: tasks.status,
  creatorId: tasks.creatorId,
  currentReviewerId: tasks.currentReviewerId,
  feedbackMode: tasks.feedbackMode,
  version: tasks.version,
};

/**
 * Loads a task within the actor's scope (lib/scope, the same rule as every read): outside it, "not
 * found". Unit users normally never reach here (their permissions stop them first).
 */
export async function loadTask(tx: Tx, actor: Actor, taskId: string, options: { lock?: boolean } = {}) {
  const query = tx.select(TASK_FACT_COLUMNS).from(tasks).where(and(eq(tasks.id, taskId), taskInScope(actor, "act")));
  const [task] = options.lock ? await query.for("update") : await query;
  if (!task) throw notFound("督办事项");
  return task;
}

/**
 * Loads an assignment (its task's facts and its newest report) within the actor's scope (lib/scope):
 * another unit's is "not found". One round trip: every unit step starts here.
 */
export async function loadAssignment(tx: Tx, actor: Actor, assignmentId: string) {
  const scope = and(eq(assignments.id, assignmentId), assignmentInScope(actor, "act"));
  const latest = tx
    .select({ id: reports.id, revision: reports.revision, status: reports.status, kind: reports.kind })
    .from(reports)
    .where(eq(reports.assignmentId, assignments.id))
    .orderBy(desc(reports.revision))
    .limit(1)
    .as("latest_report");
  const [row] = await tx
    .select({
      id: assignments.id,
      taskId: assignments.taskId,
      departmentId: assignments.departmentId,
      role: assignments.role,
      status: assignments.status,
      handlerId: assignments.handlerId,
      currentSignerId: assignments.currentSignerId,
      version: assignments.version,
      taskStatus: tasks.status,
      taskNo: tasks.taskNo,
      taskTitle: tasks.title,
      feedbackMode: tasks.feedbackMode,
      reportId: latest.id,
      reportRevision: latest.revision,
      reportStatus: latest.status,
      reportKind: latest.kind,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .leftJoinLateral(latest, sql`true`)
    .where(scope);
  if (!row) throw notFound("承办任务");
  const { reportId, reportRevision, reportStatus, reportKind, ...assignment } = row;
  return {
    ...assignment,
    /** The newest report (every revision is its own row), if the unit wrote one. */
    latestReport: reportId && reportRevision && reportStatus && reportKind ? { id: reportId, revision: reportRevision, status: reportStatus, kind: reportKind } : undefined,
    /** Safe without a lock: every step that adds a report first wins the assignment's version guard. */
    nextRevision: (reportRevision ?? 0) + 1,
  };
}

type TaskSet = Partial<typeof tasks.$inferInsert>;
type AssignmentSet = Partial<typeof assignments.$inferInsert>;

/**
 * The race guard: the UPDATE only matches while the row still has the status and version this step
 * read. Someone who acted first has moved one of them on, so zero rows means they won.
 */
export async function updateTaskGuarded(
  tx: Tx,
  task: { id: string; status: TaskStatus; version: number },
  set: TaskSet,
  message = "该督办事项已被他人处理或修改，请刷新后查看最新状态",
) {
  const [row] = await tx
    .update(tasks)
    .set({ ...set, version: sql`${tasks.version} + 1`, updatedAt: new Date() })
    .where(and(eq(tasks.id, task.id), eq(tasks.status, task.status), eq(tasks.version, task.version)))
    .returning({ id: tasks.id, status: tasks.status, version: tasks.version, taskNo: tasks.taskNo });
  if (!row) throw conflict(message);
  return row;
}

export async function updateAssignmentGuarded(
  tx: Tx,
  assignment: { id: string; status: AssignmentStatus; version: number },
  set: AssignmentSet,
  message = "该承办任务已被他人处理或修改，请刷新后查看最新状态",
) {
  const [row] = await tx
    .update(assignments)
    .set({ ...set, version: sql`${assignments.version} + 1`, updatedAt: new Date() })
    .where(and(eq(assignments.id, assignment.id), eq(assignments.status, assignment.status), eq(assignments.version, assignment.version)))
    .returning({ id: assignments.id, status: assignments.status, version: assignments.version });
  if (!row) throw conflict(message);
  return row;
}

/**
 * An enabled user of `departmentId` holding `permission` (the leader a clerk sends to, the clerk a
 * leader delegates to). `officeOnly` requires the department to be the supervision office.
 */
export async function findColleague(
  tx: Tx,
  userId: string,
  permission: Permission,
  where: { departmentId?: string; officeOnly?: boolean },
): Promise<{ id: string; displayName: string } | undefined> {
  const [row] = await tx
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(
      and(
        eq(users.id, userId),
        eq(users.enabled, true),
        where.departmentId ? eq(users.departmentId, where.departmentId) : undefined,
        where.officeOnly ? eq(departments.kind, "office") : undefined,
        sql`exists (select 1 from ${userRoles} ur join ${rolePermissions} rp on rp.role_id = ur.role_id
                    where ur.user_id = ${users.id} and rp.permission = ${permission})`,
      ),
    );
  return row;
}

/** Moves a report on only from the status this step expects; otherwise the assignment and report disagree. */
export async function updateReportGuarded(
  tx: Tx,
  report: { id: string; status: ReportStatus },
  set: Partial<typeof reports.$inferInsert>,
) {
  const [row] = await tx
    .update(reports)
    .set(set)
    .where(and(eq(reports.id, report.id), eq(reports.status, report.status)))
    .returning({ id: reports.id, status: reports.status });
  if (!row) throw conflict("该反馈已被他人处理，请刷新后查看最新状态");
  return row;
}
