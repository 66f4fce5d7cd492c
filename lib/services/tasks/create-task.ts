import { getDb } from "@/db/client";
import { tasks, taskUnits } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { forbidden } from "@/lib/domain/errors";
import { claimAttachments } from "../attachments/claim-attachments";
import { writeEvent } from "./shared";
import { checkTaskReferences, parseTaskForm, taskColumns } from "./task-form";
import type { Actor } from "@/lib/domain/policy";

/** 督办登记 — an office clerk (task.register) creates a draft task with its lead/co-units and attachments. */
export async function createTask(actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; status: "draft"; version: number }> {
  assertCan(actor, "task.register");
  if (!actor.isOffice) throw forbidden("只有督查室人员可以登记督办事项");
  const v = parseTaskForm(input, now);
  return getDb().transaction(async (tx) => {
    await checkTaskReferences(tx, v);
    const [task] = await tx
      .insert(tasks)
      .values({ ...taskColumns(v), status: "draft", creatorId: actor.userId })
      .returning({ id: tasks.id, version: tasks.version });
    await tx.insert(taskUnits).values([
      { taskId: task!.id, departmentId: v.leadUnitId, role: "lead" as const },
      ...v.coUnitIds.map((departmentId) => ({ taskId: task!.id, departmentId, role: "co" as const })),
    ]);
    await claimAttachments(tx, actor, v.attachmentIds, { taskId: task!.id });
    await writeEvent(tx, actor, { taskId: task!.id, action: "create", fromState: null, toState: "draft" });
    return { id: task!.id, status: "draft" as const, version: task!.version };
  });
}
