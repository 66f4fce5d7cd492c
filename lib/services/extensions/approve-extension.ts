import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assignments } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { todayInShanghai } from "@/lib/domain/dates";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep, extensionDateProblem } from "@/lib/domain/workflow/side-step-rules";
import { OPEN_ASSIGNMENT_STATUSES } from "@/lib/domain/workflow/transitions";
import { opinionField, refreshTaskDueOn, writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput, versionField } from "@/lib/services/validation";
import { extensionFacts, loadExtension, notifyUnitOfDecision, updateExtensionGuarded, withOpinion } from "./shared";

const schema = z.object({
  id: idField("延期申请不存在"),
  approvedDeadline: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string({ error: "请填写批准的办理期限" }).min(1, "请填写批准的办理期限")),
  opinion: opinionField(1000),
  version: versionField,
});

/**
 * 批准 — an office clerk (task.manage) approves a forwarded request with a date (the one asked for or
 * another): the assignment's deadline moves, its extension count goes up, the task's due date follows
 * (refreshTaskDueOn), the history keeps old → new, and the unit is told (SMS to its 短信接收人).
 */
export async function approveExtension(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const e = await loadExtension(tx, actor, v.id);
    assertSideStep(checkSideStep(actor, "approve_extension", extensionFacts(e)));
    const problem = extensionDateProblem(v.approvedDeadline, e.deadline, todayInShanghai(now));
    if (problem) throw validation(problem, { approvedDeadline: problem });
    const row = await updateExtensionGuarded(
      tx,
      { id: e.id, status: e.status, version: v.version },
      { status: "approved", decidedById: actor.userId, decidedAt: now, decisionOpinion: v.opinion || null, approvedDeadline: v.approvedDeadline },
      now,
    );
    // Guarded on the deadline read above and on the assignment still being open: nothing else moves a
    // deadline (one open request per assignment), and a unit finished meanwhile needs no extension.
    const [moved] = await tx
      .update(assignments)
      .set({ deadline: v.approvedDeadline, extensionCount: sql`${assignments.extensionCount} + 1`, updatedAt: now })
      .where(and(eq(assignments.id, e.assignmentId), eq(assignments.deadline, e.deadline), inArray(assignments.status, [...OPEN_ASSIGNMENT_STATUSES])))
      .returning({ id: assignments.id });
    if (!moved) throw conflict("该承办任务已办结、撤销或期限已变更，请刷新后查看");
    await refreshTaskDueOn(tx, e.taskId);
    await writeEvent(tx, actor, {
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      action: "approve_extension",
      opinion: v.opinion,
      detail: { extensionId: e.id, oldDeadline: e.deadline, newDeadline: v.approvedDeadline, requestedDeadline: e.requestedDeadline },
    });
    await notifyUnitOfDecision(tx, e, v.approvedDeadline, `已批准，办理期限由 ${e.deadline} 延至 ${v.approvedDeadline}${withOpinion("。意见", v.opinion)}`, now);
    return { ...row, deadline: v.approvedDeadline };
  });
}
