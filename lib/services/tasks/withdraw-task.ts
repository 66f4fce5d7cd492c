import type { Actor } from "@/lib/domain/policy";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { assertVersion, idField, loadTask, parseInput, versionField, updateTaskGuarded, writeEvent } from "./shared";
import { displayNameOf, loadTaskHistoryFacts, withdrawReasonField } from "./pending-step";

const schema = z.object({ id: idField("督办事项不存在"), reason: withdrawReasonField, version: versionField });

/**
 * 收回 — the clerk who registered the task takes back a submission no leader has acted on (no
 * 审核转交 since it was submitted); it becomes an editable draft again, which can no longer be
 * deleted. A leader acting at the same moment moves the version on, so the guarded update refuses
 * one of the two.
 */
export async function withdrawTask(actor: Actor, input: unknown) {
  assertCan(actor, "task.register");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const facts = { ...task, ...(await loadTaskHistoryFacts(tx, task.id)) };
    const to = assertTransition(checkTaskTransition(actor, facts, "withdraw"))!;
    assertVersion(v.version, task.version);
    const row = await updateTaskGuarded(tx, task, { status: to, currentReviewerId: null });
    await writeEvent(tx, actor, {
      taskId: task.id,
      action: "withdraw",
      fromState: task.status,
      toState: to,
      opinion: v.reason,
      detail: { fromUserId: task.currentReviewerId, fromUserName: await displayNameOf(tx, task.currentReviewerId) },
    });
    return { id: row.id, status: row.status, version: row.version };
  });
}
