import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { validation } from "@/lib/domain/errors";
import { assertVersion, findColleague, idField, loadTask, opinionField, parseInput, updateTaskGuarded, versionField, writeEvent } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), reviewerId: idField("请选择审签领导"), opinion: opinionField(), version: versionField });

/** 提交 (送审) — the clerk who registered a draft or returned task sends it to a chosen office leader. */
export async function submitTask(actor: Actor, input: unknown) {
  assertCan(actor, "task.register");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "submit"))!;
    assertVersion(v.version, task.version);
    const reviewer = await findColleague(tx, v.reviewerId, "task.review", { officeOnly: true });
    if (!reviewer) throw validation("所选审签领导不存在或不能审签", { reviewerId: "所选审签领导不存在或不能审签" });
    const row = await updateTaskGuarded(tx, task, { status: to, currentReviewerId: reviewer.id });
    await writeEvent(tx, actor, {
      taskId: task.id,
      action: "submit",
      fromState: task.status,
      toState: to,
      opinion: v.opinion,
      detail: { toUserId: reviewer.id, toUserName: reviewer.displayName },
    });
    return { id: row.id, status: row.status, version: row.version };
  });
}
