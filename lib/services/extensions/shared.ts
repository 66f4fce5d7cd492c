import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { assignments, departments, extensionRequests, tasks } from "@/db/schema";
import { conflict, notFound } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import type { SideFacts } from "@/lib/domain/workflow/side-step-rules";
import type { ExtensionStatus } from "@/lib/domain/workflow/side-steps";
import { extensionInScope } from "@/lib/scope";
import { enqueueNotifications, unitMembers } from "@/lib/services/notifications/enqueue";

/** Helpers shared by the 延期申请 verbs (not a verb itself). */

/** One 延期申请 with its assignment and task, within the actor's scope ("act"): another unit's is "not found". */
export async function loadExtension(tx: Tx, actor: Actor, id: string) {
  const [row] = await tx
    .select({
      id: extensionRequests.id,
      status: extensionRequests.status,
      version: extensionRequests.version,
      reason: extensionRequests.reason,
      previousDeadline: extensionRequests.previousDeadline,
      requestedDeadline: extensionRequests.requestedDeadline,
      requestedById: extensionRequests.requestedById,
      currentSignerId: extensionRequests.currentSignerId,
      assignmentId: extensionRequests.assignmentId,
      taskId: extensionRequests.taskId,
      departmentId: extensionRequests.departmentId,
      departmentName: departments.name,
      assignmentStatus: assignments.status,
      deadline: assignments.deadline,
      taskStatus: tasks.status,
      taskNo: tasks.taskNo,
      taskTitle: tasks.title,
      creatorId: tasks.creatorId,
    })
    .from(extensionRequests)
    .innerJoin(assignments, eq(assignments.id, extensionRequests.assignmentId))
    .innerJoin(tasks, eq(tasks.id, extensionRequests.taskId))
    .innerJoin(departments, eq(departments.id, extensionRequests.departmentId))
    .where(and(eq(extensionRequests.id, id), extensionInScope(actor, "act")));
  if (!row) throw notFound("延期申请");
  return row;
}

export type LoadedExtension = Awaited<ReturnType<typeof loadExtension>>;

/** The facts checkSideStep reads, from a loaded request. */
export function extensionFacts(e: LoadedExtension): SideFacts {
  return {
    taskStatus: e.taskStatus,
    assignment: { departmentId: e.departmentId, status: e.assignmentStatus },
    extension: { status: e.status, currentSignerId: e.currentSignerId, requestedById: e.requestedById },
  };
}

/**
 * The race guard of every decision: the UPDATE only matches while the request still has the status and
 * version the decider saw, so of two leaders or clerks deciding at once exactly one wins.
 */
export async function updateExtensionGuarded(
  tx: Tx,
  e: { id: string; status: ExtensionStatus; version: number },
  set: Partial<typeof extensionRequests.$inferInsert>,
  now: Date,
) {
  const [row] = await tx
    .update(extensionRequests)
    .set({ ...set, version: sql`${extensionRequests.version} + 1`, updatedAt: now })
    .where(and(eq(extensionRequests.id, e.id), eq(extensionRequests.status, e.status), eq(extensionRequests.version, e.version)))
    .returning({ id: extensionRequests.id, status: extensionRequests.status, version: extensionRequests.version });
  if (!row) throw conflict("该延期申请已被他人处理，请刷新后查看最新状态");
  return row;
}

/** Template values of an extension message; 单位 is the requesting unit even for office recipients. */
export function extensionVars(e: Pick<LoadedExtension, "taskNo" | "taskTitle" | "departmentName">, deadline: string, text: string) {
  return { 任务编号: e.taskNo ?? "", 任务标题: e.taskTitle, 单位: e.departmentName, 截止日期: deadline, 内容: text };
}

/** The office's decision reaches the whole unit in-app, and its 短信接收人 by SMS (like 交办). */
export async function notifyUnitOfDecision(tx: Tx, e: LoadedExtension, deadline: string, text: string, now: Date) {
  await enqueueNotifications(tx, {
    kind: "extension_decision",
    taskId: e.taskId,
    assignmentId: e.assignmentId,
    recipients: await unitMembers(tx, [e.departmentId]),
    vars: extensionVars(e, deadline, text),
    sms: "sms_recipients",
    now,
  });
}

/** "。意见：…" when there is one. */
export const withOpinion = (label: string, opinion: string | null | undefined) => (opinion ? `${label}：${opinion}` : "");
