import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { getDb } from "@/db/client";
import { reports } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { carryAttachments } from "../attachments/carry-attachments";
import { claimAttachments } from "../attachments/claim-attachments";
import { assertVersion, idField, loadAssignment, parseInput, updateAssignmentGuarded, versionField, writeEvent } from "./shared";
import { assertKindAllowed, reportFields } from "./report-form";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ assignmentId: idField("承办任务不存在"), ...reportFields, version: versionField });

/**
 * 反馈任务 — the unit's handling clerk (assignment.handle) reports straight to the office, without the
 * unit leader's sign-off; the report is a new revision row.
 */
export async function submitFeedback(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  // Files kept from the returned version: copied before the transaction, claimed inside it.
  const carried = await carryAttachments(actor, v.assignmentId, v.keepAttachmentIds);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "feedback"))!;
    assertVersion(v.version, a.version);
    assertKindAllowed(a.feedbackMode, v.kind);
    const row = await updateAssignmentGuarded(tx, a, { status: to, handlerId: a.handlerId ?? actor.userId, lastReportedAt: now });
    const [report] = await tx
      .insert(reports)
      .values({
        assignmentId: a.id,
        taskId: a.taskId,
        kind: v.kind,
        path: "direct",
        revision: a.nextRevision,
        body: v.body,
        status: "submitted",
        authorId: actor.userId,
        submittedAt: now,
      })
      .returning({ id: reports.id, revision: reports.revision });
    await claimAttachments(tx, actor, [...v.attachmentIds, ...carried], { taskId: a.taskId, assignmentId: a.id, reportId: report!.id });
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      reportId: report!.id,
      action: "feedback",
      fromState: a.status,
      toState: to,
      detail: { kind: v.kind, revision: report!.revision },
    });
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report!.id };
  });
}
