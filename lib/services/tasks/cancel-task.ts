import { now as clockNow } from "@/lib/clock";
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assignments } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition, OPEN_ASSIGNMENT_STATUSES } from "@/lib/domain/workflow/transitions";
import {
  assertVersion,
  idField,
  loadTask,
  parseInput,
  requiredOpinionField,
  updateTaskGuarded,
  versionField,
  writeEvent,
  refreshTaskDueOn,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";
import { enqueueNotifications, unitMembers } from "@/lib/services/notifications/enqueue";

const schema = z.object({ id: idField("督办事项不存在"), reason: requiredOpinionField("请填写撤销原因", 1000), version: versionField });

/**
 * 撤销 — an office clerk (task.manage) withdraws a dispatched task with a reason; every assignment
 * not yet completed is cancelled and the units are told.
 */
export async function cancelTask(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "cancel"))!;
    assertVersion(v.version, task.version);
    const row = await updateTaskGuarded(tx, task, { status: to, cancelledAt: now, cancelReason: v.reason });
    const cancelled = await tx
      .update(assignments)
      .set({ status: "cancelled", currentSignerId: null, version: sql`${assignments.version} + 1`, updatedAt: now })
      .where(and(eq(assignments.taskId, task.id), inArray(assignments.status, [...OPEN_ASSIGNMENT_STATUSES])))
      .returning({ id: assignments.id, departmentId: assignments.departmentId });
    await refreshTaskDueOn(tx, task.id);
    await enqueueNotifications(tx, {
      kind: "cancel",
      taskId: task.id,
      recipients: await unitMembers(tx, cancelled.map((a) => a.departmentId)),
      vars: { 任务编号: task.taskNo ?? "", 任务标题: task.title, 截止日期: task.deadline, 内容: v.reason },
      sms: "sms_recipients",
      now,
    });
    await writeEvent(tx, actor, {
      taskId: task.id,
      action: "cancel",
      fromState: task.status,
      toState: to,
      opinion: v.reason,
      detail: { cancelledAssignments: cancelled.length },
    });
    return { id: row.id, status: row.status, version: row.version };
  });
}
