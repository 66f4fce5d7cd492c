import { now as clockNow } from "@/lib/clock";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { tasks, taskUnits } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { conflict, forbidden } from "@/lib/domain/errors";
import type { TaskStatus } from "@/lib/domain/workflow/states";
import { claimAttachments } from "../attachments/claim-attachments";
import { idField, parseInput, writeEvent } from "./shared";
import { checkTaskReferences, parseTaskForm, taskColumns } from "./task-form";
import type { Actor } from "@/lib/domain/policy";

const requestSchema = z.object({ requestId: idField("表单已失效，请刷新页面后重新填写") });

/**
 * 督办登记 — an office clerk (task.register) creates a draft task with its lead/co-units and attachments.
 * Idempotent per form: `requestId` is made when the form is rendered, so a second POST of the same
 * form (double click, retry after a lost response) returns the draft the first one made.
 */
export async function createTask(actor: Actor, input: unknown, now = clockNow()): Promise<{ id: string; status: TaskStatus; version: number }> {
  assertCan(actor, "task.register");
  if (!actor.isOffice) throw forbidden("只有督查室人员可以登记督办事项");
  const { requestId } = parseInput(requestSchema, input);
  const v = parseTaskForm(input, now);
  return getDb().transaction(async (tx) => {
    const sameForm = and(eq(tasks.creatorId, actor.userId), eq(tasks.requestId, requestId));
    const [earlier] = await tx.select({ id: tasks.id, status: tasks.status, version: tasks.version }).from(tasks).where(sameForm);
    if (earlier) return earlier;
    await checkTaskReferences(tx, v);
    // Two POSTs at once both miss the read above: the unique index makes the later insert wait for
    // the first and then do nothing, and it returns the first one's draft.
    const [task] = await tx
      .insert(tasks)
      .values({ ...taskColumns(v), status: "draft", creatorId: actor.userId, requestId })
      .onConflictDoNothing({ target: [tasks.creatorId, tasks.requestId] })
      .returning({ id: tasks.id, version: tasks.version });
    if (!task) {
      const [first] = await tx.select({ id: tasks.id, status: tasks.status, version: tasks.version }).from(tasks).where(sameForm);
      if (!first) throw conflict("该表单正在保存，请刷新后查看草稿箱");
      return first;
    }
    await tx.insert(taskUnits).values([
      { taskId: task.id, departmentId: v.leadUnitId, role: "lead" as const },
      ...v.coUnitIds.map((departmentId) => ({ taskId: task.id, departmentId, role: "co" as const })),
    ]);
    await claimAttachments(tx, actor, v.attachmentIds, { taskId: task.id });
    await writeEvent(tx, actor, { taskId: task.id, action: "create", fromState: null, toState: "draft" });
    return { id: task.id, status: "draft" as const, version: task.version };
  });
}
