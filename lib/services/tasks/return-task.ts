import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { assertVersion, idField, loadTask, parseInput, requiredOpinionField, updateTaskGuarded, versionField, writeEvent } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), opinion: requiredOpinionField("请填写退回意见"), version: versionField });

/** 退回 — the office leader the task waits on sends it back to the clerk with a required opinion. */
export async function returnTask(actor: Actor, input: unknown) {
  assertCan(actor, "task.review");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "return"))!;
    assertVersion(v.version, task.version);
    const row = await updateTaskGuarded(tx, task, { status: to, currentReviewerId: null });
    await writeEvent(tx, actor, { taskId: task.id, action: "return", fromState: task.status, toState: to, opinion: v.opinion });
    return { id: row.id, status: row.status, version: row.version };
  });
}
