import { z } from "zod";
import { getDb } from "@/db/client";
import { now as clockNow } from "@/lib/clock";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep } from "@/lib/domain/workflow/side-step-rules";
import { writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput, versionField } from "@/lib/services/validation";
import { extensionFacts, loadExtension, updateExtensionGuarded } from "./shared";

const schema = z.object({ id: idField("延期申请不存在"), version: versionField });

/**
 * 撤回 — the clerk who asked (assignment.handle) takes an undecided request back, at either stage; the
 * assignment may then get a new one. Nobody is notified: the request simply leaves their queue.
 */
export async function withdrawExtension(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const e = await loadExtension(tx, actor, v.id);
    assertSideStep(checkSideStep(actor, "withdraw_extension", extensionFacts(e)));
    const row = await updateExtensionGuarded(tx, { id: e.id, status: e.status, version: v.version }, { status: "withdrawn", currentSignerId: null }, now);
    await writeEvent(tx, actor, {
      taskId: e.taskId,
      assignmentId: e.assignmentId,
      action: "withdraw_extension",
      detail: { extensionId: e.id, oldDeadline: e.previousDeadline, newDeadline: e.requestedDeadline },
    });
    return row;
  });
}
