import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { validation } from "@/lib/domain/errors";
import {
  assertVersion,
  findColleague,
  idField,
  loadAssignment,
  parseInput,
  requiredOpinionField,
  updateAssignmentGuarded,
  versionField,
  writeEvent,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
      assignmentId: idField("承办任务不存在"),
      handlerId: idField("请选择承办经办人"),
      instruction: requiredOpinionField("请填写分办意见"),
      version: versionField,
    });

/**
 * 分办 — a leader of the unit (assignment.sign) names the clerk of the unit who handles the
 * assignment, with an instruction. Beyond manual §2.8.4: the leader may do so as soon as it arrives;
 * before receipt this also receives it on the unit's behalf.
 */
export async function delegateAssignment(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.sign");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "delegate"))!;
    assertVersion(v.version, a.version);
    const handler = await findColleague(tx, v.handlerId, "assignment.handle", { departmentId: a.departmentId });
    if (!handler) throw validation("所选经办人不是本单位的经办人", { handlerId: "所选经办人不是本单位的经办人" });
    const row = await updateAssignmentGuarded(tx, a, {
      status: to,
      handlerId: handler.id,
      delegatedById: actor.userId,
      delegationNote: v.instruction,
      ...(a.status === "to_receive" ? { receivedAt: now } : {}),
    });
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      action: "delegate",
      fromState: a.status,
      toState: to,
      opinion: v.instruction,
      detail: { toUserId: handler.id, toUserName: handler.displayName },
    });
    return { assignmentId: row.id, status: row.status, version: row.version };
  });
}
