import { z } from "zod";
import { getDb } from "@/db/client";
import { now as clockNow } from "@/lib/clock";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep } from "@/lib/domain/workflow/side-step-rules";
import { enqueueNotifications } from "@/lib/services/notifications/enqueue";
import { opinionField, writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput, versionField } from "@/lib/services/validation";
import { officeDeciders } from "../urges/side-facts";
import { extensionFacts, extensionVars, loadExtension, updateExtensionGuarded, withOpinion } from "./shared";

const schema = z.object({ id: idField("延期申请不存在"), opinion: opinionField(1000), version: versionField });

/**
 * 同意并报督查室 — the unit leader the request waits on (assignment.sign) agrees and passes it to the
 * office; the clerk who registered the task (or, if they cannot decide, every office member who can) is
 * told in-app.
 */
export async function forwardExtension(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.sign");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const e = await loadExtension(tx, actor, v.id);
    assertSideStep(checkSideStep(actor, "forward_extension", extensionFacts(e)));
    const row = await updateExtensionGuarded(
      tx,
      { id: e.id, status: e.status, version: v.version },
      { status: "awaiting_office", currentSignerId: null, unitSignedById: actor.userId, unitSignedAt: now, unitOpinion: v.opinion || null },
      now,
    );
    await writeEvent(tx, actor, {
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      action: "forward_extension",
      opinion: v.opinion,
      detail: { extensionId: e.id, oldDeadline: e.previousDeadline, newDeadline: e.requestedDeadline },
    });
    await enqueueNotifications(tx, {
      kind: "extension_request",
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      recipients: await officeDeciders(tx, e.creatorId),
      vars: extensionVars(e, e.deadline, `申请延期至 ${e.requestedDeadline}（单位领导已同意），理由：${e.reason}${withOpinion("。单位意见", v.opinion)}`),
      sms: "none",
      now,
    });
    return row;
  });
}
