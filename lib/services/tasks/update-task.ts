import { now as clockNow } from "@/lib/clock";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { attachments, tasks, taskUnits } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { conflict } from "@/lib/domain/errors";
import { claimAttachments } from "../attachments/claim-attachments";
import { assertVersion, idField, versionField, idListField, loadTask, parseInput, updateTaskGuarded, writeEvent } from "./shared";
import { checkTaskReferences, parseTaskForm, taskColumns } from "./task-form";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
      id: idField("督办事项不存在"),
      version: versionField,
      removeAttachmentIds: idListField("附件不存在"),
    });

/**
 * 修改 — the clerk who registered a draft (or a returned task) saves the whole form again. `version`
 * is required: two tabs editing the same draft must not silently overwrite each other.
 * `attachmentIds` adds new uploads; `removeAttachmentIds` detaches existing ones (their files are
 * left uncommitted for the upload cleanup to delete).
 */
export async function updateTask(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.register");
  const ids = parseInput(schema, input);
  const v = parseTaskForm(input, now);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, ids.id);
    assertTransition(checkTaskTransition(actor, task, "edit"));
    assertVersion(ids.version, task.version);
    const [current] = await tx
      .select({ sourceId: tasks.sourceId, categoryId: tasks.categoryId, taskTypeId: tasks.taskTypeId, urgencyId: tasks.urgencyId })
      .from(tasks)
      .where(eq(tasks.id, task.id));
    await checkTaskReferences(tx, v, current);
    const row = await updateTaskGuarded(tx, task, taskColumns(v), "该督办事项已被他人修改或已提交，请刷新后重试");
    await tx.delete(taskUnits).where(eq(taskUnits.taskId, task.id));
    await tx.insert(taskUnits).values([
      { taskId: task.id, departmentId: v.leadUnitId, role: "lead" as const },
      ...v.coUnitIds.map((departmentId) => ({ taskId: task.id, departmentId, role: "co" as const })),
    ]);
    if (ids.removeAttachmentIds.length) {
      const removed = await tx
        .update(attachments)
        .set({ committed: false, taskId: null, assignmentId: null, reportId: null })
        .where(and(inArray(attachments.id, ids.removeAttachmentIds), eq(attachments.taskId, task.id), eq(attachments.committed, true)))
        .returning({ id: attachments.id });
      if (removed.length !== new Set(ids.removeAttachmentIds).size) throw conflict("要删除的附件已不存在，请刷新后重试");
    }
    await claimAttachments(tx, actor, v.attachmentIds, { taskId: task.id });
    await writeEvent(tx, actor, { taskId: task.id, action: "edit", fromState: task.status, toState: row.status });
    return { id: row.id, status: row.status, version: row.version };
  });
}
