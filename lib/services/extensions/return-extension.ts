import { z } from "zod";
import { getDb } from "@/db/client";
import { now as clockNow } from "@/lib/clock";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep } from "@/lib/domain/workflow/side-step-rules";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { requiredOpinionField, writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput, versionField } from "@/lib/services/validation";
import { extensionFacts, extensionVars, loadExtension, updateExtensionGuarded } from "./shared";

const schema = z.object({ id: idField("延期申请不存在"), opinion: requiredOpinionField("请填写退回意见", 1000), version: versionField });

/**
 * 退回 — the unit leader the request waits on declines to forward it, with an opinion; the request is
 * closed (returned) and the clerk, told in-app, may file a new one.
 */
export async function returnExtension(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.sign");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const e = await loadExtension(tx, actor, v.id);
    assertSideStep(checkSideStep(actor, "return_extension", extensionFacts(e)));
    const row = await updateExtensionGuarded(
      tx,
      { id: e.id, status: e.status, version: v.version },
      { status: "returned", currentSignerId: null, unitSignedById: actor.userId, unitSignedAt: now, unitOpinion: v.opinion },
      now,
    );
    await writeEvent(tx, actor, {
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      action: "return_extension",
      opinion: v.opinion,
      detail: { extensionId: e.id, oldDeadline: e.previousDeadline, newDeadline: e.requestedDeadline },
    });
    await enqueueNotifications(tx, {
      kind: "extension_decision",
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      recipients: await usersById(tx, [e.requestedById]),
      vars: extensionVars(e, e.deadline, `（申请延期至 ${e.requestedDeadline}）被单位领导退回。意见：${v.opinion}`),
      sms: "none",
      now,
    });
    return row;
  });
}
