import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { assertVersion, idField, loadTask, opinionField, parseInput, updateTaskGuarded, versionField, writeEvent } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), opinion: opinionField(), version: versionField });

/**
 * 归档 — an office clerk (task.manage) closes a task whose every assignment is completed (the task is
 * `completed` exactly then); archived tasks are read-only.
 */
export async function archiveTask(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "archive"))!;
    assertVersion(v.version, task.version);
    const row = await updateTaskGuarded(tx, task, { status: to, archivedAt: now });
    await writeEvent(tx, actor, { taskId: task.id, action: "archive", fromState: task.status, toState: to, opinion: v.opinion });
    return { id: row.id, status: row.status, version: row.version };
  });
}
