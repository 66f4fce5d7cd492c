import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { attachments, tasks } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { writeAudit } from "../audit";
import { loadTaskHistoryFacts } from "./pending-step";
import { assertVersion, idField, loadTask, parseInput, updateTaskGuarded, versionField } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), version: versionField });

/**
 * 删除 — the clerk who registered a draft deletes it (never a task that was ever submitted). Its
 * history goes with it, so the deletion is recorded in the audit log; its files are released to the
 * upload cleanup.
 */
export async function deleteTask(actor: Actor, input: unknown): Promise<{ id: string }> {
  assertCan(actor, "task.register");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    // A draft taken back with 收回 was submitted: its history stays, so only a never-submitted draft goes.
    assertTransition(checkTaskTransition(actor, { ...task, ...(await loadTaskHistoryFacts(tx, task.id)) }, "delete"));
    assertVersion(v.version, task.version);
    // Lock and re-check through the guarded update, so a concurrent submit and delete cannot both win.
    await updateTaskGuarded(tx, task, {}, "该督办事项已被提交或修改，不能删除");
    await tx.update(attachments).set({ committed: false, taskId: null, assignmentId: null, reportId: null }).where(eq(attachments.taskId, task.id));
    await tx.delete(tasks).where(eq(tasks.id, task.id));
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "task.delete",
      targetType: "task",
      targetId: task.id,
      detail: { title: task.title },
    });
    return { id: task.id };
  });
}
