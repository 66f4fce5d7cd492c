import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { validation } from "@/lib/domain/errors";
import { assertVersion, findColleague, idField, loadTask, opinionField, parseInput, updateTaskGuarded, versionField, writeEvent } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), reviewerId: idField("请选择转交的领导"), opinion: opinionField(), version: versionField });

/** 审核转交 — the office leader the task waits on approves it and passes it to another leader (multi-level sign-off). */
export async function forwardTask(actor: Actor, input: unknown) {
  assertCan(actor, "task.review");
  const v = parseInput(schema, input);
  if (v.reviewerId === actor.userId) throw validation("不能转交给自己", { reviewerId: "不能转交给自己" });
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "forward"))!;
    assertVersion(v.version, task.version);
    const reviewer = await findColleague(tx, v.reviewerId, "task.review", { officeOnly: true });
    if (!reviewer) throw validation("所选领导不存在或不能审签", { reviewerId: "所选领导不存在或不能审签" });
    const row = await updateTaskGuarded(tx, task, { status: to, currentReviewerId: reviewer.id });
    await writeEvent(tx, actor, {
      taskId: task.id,
      action: "forward",
      fromState: task.status,
      toState: to,
      opinion: v.opinion,
      detail: { toUserId: reviewer.id, toUserName: reviewer.displayName },
    });
    return { id: row.id, status: row.status, version: row.version };
  });
}
