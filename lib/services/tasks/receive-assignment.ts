import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { assertVersion, idField, loadAssignment, parseInput, updateAssignmentGuarded, versionField, writeEvent } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ assignmentId: idField("承办任务不存在"), version: versionField });

/** 接收 — a clerk of the unit (assignment.handle) acknowledges a dispatched assignment and becomes its handler. */
export async function receiveAssignment(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "receive"))!;
    assertVersion(v.version, a.version);
    const row = await updateAssignmentGuarded(tx, a, { status: to, receivedAt: now, handlerId: a.handlerId ?? actor.userId }, "该承办任务已被接收，请刷新后查看");
    await writeEvent(tx, actor, { taskId: a.taskId, assignmentId: a.id, action: "receive", fromState: a.status, toState: to });
    return { assignmentId: row.id, status: row.status, version: row.version };
  });
}
