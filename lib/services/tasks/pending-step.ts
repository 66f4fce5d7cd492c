import type { Actor } from "@/lib/domain/policy";
import { asc, eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { taskEvents, users } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assignmentHistoryFacts, taskHistoryFacts } from "@/lib/domain/workflow/history-facts";
import { awaitedUserId, type AssignmentAction } from "@/lib/domain/workflow/transitions";
import type { AssignmentStatus } from "@/lib/domain/workflow/states";
import { findColleague, requiredOpinionField, updateAssignmentGuarded, writeEvent } from "./shared";

/** Helpers of the 改派 / 收回 verbs (not a verb itself). */

export const rerouteReasonField = requiredOpinionField("请填写改派原因", 1000);
export const withdrawReasonField = requiredOpinionField("请填写收回原因", 1000);

/** Facts only the history knows (see lib/domain/workflow/history-facts.ts), read inside the step's transaction. */
export async function loadTaskHistoryFacts(tx: Tx, taskId: string) {
  return taskHistoryFacts(await eventActions(tx, taskId));
}

export async function loadAssignmentHistoryFacts(tx: Tx, taskId: string, assignmentId: string) {
  return assignmentHistoryFacts(await eventActions(tx, taskId), assignmentId);
}

async function eventActions(tx: Tx, taskId: string) {
  return tx.select({ action: taskEvents.action, assignmentId: taskEvents.assignmentId }).from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id));
}

export async function displayNameOf(tx: Tx, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.displayName ?? null;
}

/** Refused before any read: 改派 to oneself is never a re-route (the awaited person forwards instead). */
export function assertNotSelf(actor: Actor, toUserId: string): void {
  if (toUserId === actor.userId) throw validation("不能改派给自己", { toUserId: "不能改派给自己" });
}

interface LoadedAssignment {
  id: string;
  taskId: string;
  departmentId: string;
  status: AssignmentStatus;
  version: number;
  handlerId: string | null;
  currentSignerId: string | null;
  latestReport?: { id: string } | undefined;
}

/**
 * The body of both assignment 改派 verbs, after the transition and version checks: moves the step
 * from the person it waits on (awaitedUserId) to an enabled person of the same unit who may take it —
 * a leader holding assignment.sign for the signature, a clerk holding assignment.handle otherwise.
 */
export async function rerouteAssignmentStep(
  tx: Tx,
  actor: Actor,
  a: LoadedAssignment,
  action: Extract<AssignmentAction, "reroute" | "unit_reroute">,
  input: { toUserId: string; reason: string },
) {
  const awaited = awaitedUserId(a);
  const signer = a.status === "awaiting_sign";
  if (input.toUserId === awaited) {
    throw validation("该环节已由所选人员办理，请选择其他人员", { toUserId: "该环节已由所选人员办理，请选择其他人员" });
  }
  const target = await findColleague(tx, input.toUserId, signer ? "assignment.sign" : "assignment.handle", { departmentId: a.departmentId });
  if (!target) {
    const message = signer ? "所选人员不是该单位在岗的审签领导" : "所选人员不是该单位在岗的经办人";
    throw validation(message, { toUserId: message });
  }
  // A new handler is not the clerk a leader's 分办 named: the card must not say so (the 分办 stays in the history).
  const set = signer ? { currentSignerId: target.id } : { handlerId: target.id, delegatedById: null, delegationNote: null };
  const row = await updateAssignmentGuarded(tx, a, { status: a.status, ...set });
  await writeEvent(tx, actor, {
    taskId: a.taskId,
    assignmentId: a.id,
    reportId: signer ? (a.latestReport?.id ?? null) : null,
    action,
    fromState: a.status,
    toState: a.status,
    opinion: input.reason,
    detail: { role: signer ? "signer" : "handler", fromUserId: awaited, fromUserName: await displayNameOf(tx, awaited), toUserId: target.id, toUserName: target.displayName },
  });
  return { assignmentId: row.id, status: row.status, version: row.version };
}
