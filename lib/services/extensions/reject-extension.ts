import { z } from "zod";
import { getDb } from "@/db/client";
import { now as clockNow } from "@/lib/clock";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep } from "@/lib/domain/workflow/side-step-rules";
import { requiredOpinionField, writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput, versionField } from "@/lib/services/validation";
import { extensionFacts, loadExtension, notifyUnitOfDecision, updateExtensionGuarded } from "./shared";

const schema = z.object({ id: idField("延期申请不存在"), opinion: requiredOpinionField("请填写不批准的理由", 1000), version: versionField });

/** 不批准 — an office clerk (task.manage) declines a forwarded request with a reason; the deadline stays and the unit is told. */
export async function rejectExtension(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const e = await loadExtension(tx, actor, v.id);
    assertSideStep(checkSideStep(actor, "reject_extension", extensionFacts(e)));
    const row = await updateExtensionGuarded(
      tx,
      { id: e.id, status: e.status, version: v.version },
      { status: "rejected", decidedById: actor.userId, decidedAt: now, decisionOpinion: v.opinion },
      now,
    );
    await writeEvent(tx, actor, {
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      action: "reject_extension",
      opinion: v.opinion,
      detail: { extensionId: e.id, oldDeadline: e.deadline, newDeadline: e.requestedDeadline },
    });
    await notifyUnitOfDecision(tx, e, e.deadline, `（申请延期至 ${e.requestedDeadline}）未获批准，办理期限仍为 ${e.deadline}。理由：${v.opinion}`, now);
    return row;
  });
}
