import type { Actor } from "@/lib/domain/policy";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { validation } from "@/lib/domain/errors";
import { assertVersion, findColleague, idField, loadTask, parseInput, versionField, updateTaskGuarded, writeEvent } from "./shared";
import { assertNotSelf, displayNameOf, rerouteReasonField } from "./pending-step";

const schema = z.object({ id: idField("督办事项不存在"), toUserId: idField("请选择改派给的领导"), reason: rerouteReasonField, version: versionField });

/**
 * 改派 — the office (task.reroute: 督查室领导, 系统管理员) moves a review waiting on another leader
 * (disabled, on leave, gone) to an enabled office leader. Races with that leader's own step and with
 * a second 改派 are settled by the task's version guard: one wins, the other gets a conflict.
 */
export async function rerouteTask(actor: Actor, input: unknown) {
  assertCan(actor, "task.reroute");
  const v = parseInput(schema, input);
  assertNotSelf(actor, v.toUserId);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "reroute"))!;
    assertVersion(v.version, task.version);
    if (v.toUserId === task.currentReviewerId) throw validation("该事项已在所选领导处审签，请选择其他领导", { toUserId: "该事项已在所选领导处审签，请选择其他领导" });
    const reviewer = await findColleague(tx, v.toUserId, "task.review", { officeOnly: true });
    if (!reviewer) throw validation("所选人员不是在岗的督查室审签领导", { toUserId: "所选人员不是在岗的督查室审签领导" });
    const row = await updateTaskGuarded(tx, task, { status: to, currentReviewerId: reviewer.id });
    await writeEvent(tx, actor, {
      taskId: task.id,
      action: "reroute",
      fromState: task.status,
      toState: to,
      opinion: v.reason,
      detail: { fromUserId: task.currentReviewerId, fromUserName: await displayNameOf(tx, task.currentReviewerId), toUserId: reviewer.id, toUserName: reviewer.displayName },
    });
    return { id: row.id, status: row.status, version: row.version };
  });
}
