import type { Actor } from "@/lib/domain/policy";
import { and, eq, inArray, isNotNull, isNull, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { assignmentFacts, assignmentMonthCounts, assignments, attachments, extensionRequests, memberChangeRequests, notifications, reports, taskEvents, tasks, urges } from "@/db/schema";
import { INBOX_STATUSES } from "@/lib/domain/messages";
import { taskReach, UNIT_VISIBLE_TASK_EVENTS_FROM_ACTION, type ScopePurpose, type TaskReach } from "@/lib/domain/scope";

/**
 * The one scope rule (lib/domain/scope.ts) as SQL, one predicate per record kind, each over that kind's
 * own table. Every read (lib/data: lists, task detail, downloads) and every service loader
 * (lib/services/tasks/shared.ts) filters with these, so they cannot drift apart; statistics, messages and
 * exports are to do the same. Deliberately not `server-only`: services and scripts import it.
 *
 * Reads call them with the default purpose "read"; service loaders pass "act" (see taskReach).
 * `undefined` means "no restriction" (drizzle's `and()` skips it). Records outside the scope are then
 * "not found" to the caller, never "forbidden", so their existence is not disclosed.
 */

const NOTHING = sql`false`;

/** The task a record belongs to is one the viewer sees at all (only the 区领导 rule needs this). */
function taskStatusVisible(reach: Extract<TaskReach, { kind: "all_except" }>, taskId: SQL | typeof tasks.id | typeof assignments.taskId): SQL {
  return sql`exists (select 1 from ${tasks} st where st.id = ${taskId} and st.status not in (${sql.join(
    reach.hiddenStatuses.map((s) => sql`${s}`),
    sql`, `,
  )}))`;
}

/** Over `tasks`. */
export function taskInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  const reach = taskReach(viewer, purpose);
  switch (reach.kind) {
    case "none":
      return NOTHING;
    case "all":
      return undefined;
    case "all_except":
      return notInArray(tasks.status, [...reach.hiddenStatuses]);
    case "unit":
      // A unit sees a task only through its own unit's assignment.
      return sql`exists (select 1 from ${assignments} sa where sa.task_id = ${tasks.id} and sa.department_id = ${reach.departmentId})`;
  }
}

/** Over `assignments`: the unit's own; all-units viewers every one of a task they see. */
export function assignmentInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  const reach = taskReach(viewer, purpose);
  switch (reach.kind) {
    case "none":
      return NOTHING;
    case "all":
      return undefined;
    case "all_except":
      return taskStatusVisible(reach, assignments.taskId);
    case "unit":
      return eq(assignments.departmentId, reach.departmentId);
  }
}

/**
 * Over 绩效统计's copies of assignments (`assignment_facts`, and `assignment_month_counts` summed from them): the
 * same rule as assignmentInScope, read from the copied unit and task-state columns so a statistic needs no join
 * to assignments or tasks.
 */
function statisticsCopyInScope(columns: { departmentId: AnyPgColumn; taskStatus: AnyPgColumn }) {
  return (viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined => {
    const reach = taskReach(viewer, purpose);
    switch (reach.kind) {
      case "none":
        return NOTHING;
      case "all":
        return undefined;
      case "all_except":
        return notInArray(columns.taskStatus, [...reach.hiddenStatuses]);
      case "unit":
        return eq(columns.departmentId, reach.departmentId);
    }
  };
}

export const assignmentFactInScope = statisticsCopyInScope(assignmentFacts);
export const assignmentMonthCountInScope = statisticsCopyInScope(assignmentMonthCounts);

/** Over `reports`: every version, following its assignment. */
export function reportInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  const reach = taskReach(viewer, purpose);
  switch (reach.kind) {
    case "none":
      return NOTHING;
    case "all":
      return undefined;
    case "all_except":
      return taskStatusVisible(reach, sql`${reports.taskId}`);
    case "unit":
      return sql`exists (select 1 from ${assignments} sa where sa.id = ${reports.assignmentId} and sa.department_id = ${reach.departmentId})`;
  }
}

/**
 * Over `task_events`: a unit sees its own assignment's steps and the task-level steps from 交办 on (交办,
 * 撤销, 归档), not the office's internal sign-off nor another unit's steps. "From 交办 on" compares the
 * event's database time with the 交办 event's database time: no application-server clock is involved,
 * so a server whose clock runs ahead cannot hide the 交办 step from the unit.
 */
export function eventInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  const reach = taskReach(viewer, purpose);
  switch (reach.kind) {
    case "none":
      return NOTHING;
    case "all":
      return undefined;
    case "all_except":
      return taskStatusVisible(reach, sql`${taskEvents.taskId}`);
    case "unit":
      return or(
        sql`exists (select 1 from ${assignments} sa where sa.id = ${taskEvents.assignmentId} and sa.department_id = ${reach.departmentId})`,
        and(
          isNull(taskEvents.assignmentId),
          sql`exists (select 1 from ${assignments} sa where sa.task_id = ${taskEvents.taskId} and sa.department_id = ${reach.departmentId})`,
          sql`${taskEvents.at} >= (select min(de.at) from ${taskEvents} de where de.task_id = ${taskEvents.taskId} and de.assignment_id is null and de.action = ${UNIT_VISIBLE_TASK_EVENTS_FROM_ACTION})`,
        ),
      );
  }
}

/** Over `attachments`, committed ones only: a file follows its report, else its assignment, else its task. */
function committedFileInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  const reach = taskReach(viewer, purpose);
  switch (reach.kind) {
    case "none":
      return NOTHING;
    case "all":
      return undefined;
    case "all_except":
      return taskStatusVisible(reach, sql`${attachments.taskId}`);
    case "unit":
      return or(
        and(
          isNotNull(attachments.reportId),
          sql`exists (select 1 from ${reports} sr join ${assignments} sa on sa.id = sr.assignment_id where sr.id = ${attachments.reportId} and sa.department_id = ${reach.departmentId})`,
        ),
        and(
          isNull(attachments.reportId),
          isNotNull(attachments.assignmentId),
          sql`exists (select 1 from ${assignments} sa where sa.id = ${attachments.assignmentId} and sa.department_id = ${reach.departmentId})`,
        ),
        and(
          isNull(attachments.reportId),
          isNull(attachments.assignmentId),
          sql`exists (select 1 from ${assignments} sa where sa.task_id = ${attachments.taskId} and sa.department_id = ${reach.departmentId})`,
        ),
      );
  }
}

/**
 * Over `attachments`: committed files as their record; an upload no task or report has claimed yet is
 * its uploader's alone.
 */
export function fileInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL {
  const committed = committedFileInScope(viewer, purpose);
  return or(
    and(eq(attachments.committed, false), eq(attachments.uploadedById, viewer.userId)),
    and(eq(attachments.committed, true), committed),
  )!;
}

/** Over a side-step table (催办 `urges`, 延期申请 `extension_requests`): each row belongs to one unit's assignment. */
function unitRecordInScope(table: typeof urges | typeof extensionRequests, viewer: Actor, purpose: ScopePurpose): SQL | undefined {
  const reach = taskReach(viewer, purpose);
  switch (reach.kind) {
    case "none":
      return NOTHING;
    case "all":
      return undefined;
    case "all_except":
      return taskStatusVisible(reach, sql`${table.taskId}`);
    case "unit":
      // The row carries its unit (the assignment's), so no join is needed.
      return eq(table.departmentId, reach.departmentId);
  }
}

/** Over `urges`: a unit sees the urges it received; all-units viewers those of every task they see. */
export function urgeInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  return unitRecordInScope(urges, viewer, purpose);
}

/** Over `extension_requests`: a unit sees its own requests; all-units viewers those of every task they see. */
export function extensionInScope(viewer: Actor, purpose: ScopePurpose = "read"): SQL | undefined {
  return unitRecordInScope(extensionRequests, viewer, purpose);
}

/**
 * Over `notifications`: 我的消息 — one's own in-app messages, nobody else's (not even the office's or the
 * admin's: 督查工作通知 is the log of what was sent, this is a personal inbox). An SMS row is a delivery
 * record, not a message in the inbox. Reading and marking read reach the same rows (no purpose).
 */
export function inboxMessageInScope(viewer: Pick<Actor, "userId">): SQL {
  return and(eq(notifications.recipientId, viewer.userId), eq(notifications.channel, "in_app"), inArray(notifications.status, [...INBOX_STATUSES]))!;
}

/**
 * Over `member_change_requests` (单位用户信息 变更申请): 用户管理 (admin.users) sees every unit's within
 * its data scope; a unit member with 单位用户信息 sees only their own unit's; anyone else none.
 */
export function memberChangeInScope(viewer: Pick<Actor, "departmentId" | "dataScope" | "permissions">): SQL | undefined {
  if (viewer.permissions.has("admin.users")) return viewer.dataScope === "all_units" ? undefined : eq(memberChangeRequests.departmentId, viewer.departmentId);
  if (viewer.permissions.has("unit.members.view")) return eq(memberChangeRequests.departmentId, viewer.departmentId);
  return NOTHING;
}

/**
 * Over `notifications` (督查工作通知): a message follows its recipient's unit at the time it was written
 * (`department_id`), not the task: a unit reads the SMS and in-app messages sent to its own people, the
 * office (all-units scope) every one. Reading needs 消息中心 (messages.view).
 */
export function notificationInScope(viewer: Pick<Actor, "departmentId" | "dataScope" | "permissions">): SQL | undefined {
  if (!viewer.permissions.has("messages.view")) return NOTHING;
  if (viewer.dataScope === "all_units") return undefined;
  return eq(notifications.departmentId, viewer.departmentId);
}

/**
 * Every record kind with its table and predicate. A new kind (a message, an export) is added here and
 * in the matrix test (lib/scope/scope-matrix.int.test.ts), which checks every read path against it.
 */
export const RECORD_SCOPES = {
  task: { table: tasks, id: tasks.id, inScope: taskInScope },
  assignment: { table: assignments, id: assignments.id, inScope: assignmentInScope },
  assignmentFact: { table: assignmentFacts, id: assignmentFacts.assignmentId, inScope: assignmentFactInScope },
  report: { table: reports, id: reports.id, inScope: reportInScope },
  event: { table: taskEvents, id: taskEvents.id, inScope: eventInScope },
  file: { table: attachments, id: attachments.id, inScope: fileInScope },
  message: { table: notifications, id: notifications.id, inScope: inboxMessageInScope },
  memberChange: { table: memberChangeRequests, id: memberChangeRequests.id, inScope: memberChangeInScope },
  notification: { table: notifications, id: notifications.id, inScope: (viewer: Actor) => notificationInScope(viewer) },
  urge: { table: urges, id: urges.id, inScope: urgeInScope },
  extension: { table: extensionRequests, id: extensionRequests.id, inScope: extensionInScope },
} as const;

export type RecordKind = keyof typeof RECORD_SCOPES;

/** Whether the viewer may see this one record (false for an unknown id as well). */
export async function isInScope(db: DbOrTx, viewer: Actor, kind: RecordKind, id: string | number, purpose: ScopePurpose = "read"): Promise<boolean> {
  const { table, id: idColumn, inScope } = RECORD_SCOPES[kind];
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(table)
    .where(and(sql`${idColumn} = ${id}`, inScope(viewer, purpose)))
    .limit(1);
  return rows.length > 0;
}
