import { z } from "zod";
import { getDb } from "@/db/client";
import { reports } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { validation } from "@/lib/domain/errors";
import { carryAttachments } from "../attachments/carry-attachments";
import { claimAttachments } from "../attachments/claim-attachments";
import {
  assertVersion,
  findColleague,
  idField,
  loadAssignment,
  parseInput,
  updateAssignmentGuarded,
  versionField,
  writeEvent,
} from "./shared";
import { assertKindAllowed, reportFields } from "./report-form";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ assignmentId: idField("承办任务不存在"), ...reportFields, signerId: idField("请选择审签的单位领导"), version: versionField });

/**
 * 承办任务 — the unit's handling clerk (assignment.handle) writes the handling text and sends it to a
 * chosen leader of the unit for 审签. A revision after a return is a new report row.
 */
export async function handleAssignment(actor: Actor, input: unknown) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  // Files kept from the returned version: copied before the transaction, claimed inside it.
  const carried = await carryAttachments(actor, v.assignmentId, v.keepAttachmentIds);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "handle"))!;
    assertVersion(v.version, a.version);
    assertKindAllowed(a.feedbackMode, v.kind);
    const signer = await findColleague(tx, v.signerId, "assignment.sign", { departmentId: a.departmentId });
    if (!signer) throw validation("所选领导不是本单位的审签领导", { signerId: "所选领导不是本单位的审签领导" });
    const row = await updateAssignmentGuarded(tx, a, { status: to, handlerId: a.handlerId ?? actor.userId, currentSignerId: signer.id });
    const [report] = await tx
      .insert(reports)
      .values({
        assignmentId: a.id,
        taskId: a.taskId,
        kind: v.kind,
        path: "signed",
        revision: a.nextRevision,
        body: v.body,
        status: "awaiting_sign",
        authorId: actor.userId,
      })
      .returning({ id: reports.id, revision: reports.revision });
    await claimAttachments(tx, actor, [...v.attachmentIds, ...carried], { taskId: a.taskId, assignmentId: a.id, reportId: report!.id });
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      reportId: report!.id,
      action: "handle",
      fromState: a.status,
      toState: to,
      detail: { kind: v.kind, revision: report!.revision, toUserId: signer.id, toUserName: signer.displayName },
    });
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report!.id };
  });
}
