import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { extensionRequests } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { todayInShanghai } from "@/lib/domain/dates";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep, extensionDateProblem } from "@/lib/domain/workflow/side-step-rules";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { assertVersion, findColleague, writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput, versionField } from "@/lib/services/validation";
import { loadSideTarget, requiredText } from "../urges/side-facts";
import { extensionVars } from "./shared";

const schema = z.object({
  assignmentId: idField("承办任务不存在"),
  requestedDeadline: z.preprocess((v) => (typeof v === "string" ? v.trim() : v), z.string({ error: "请填写申请的新办理期限" }).min(1, "请填写申请的新办理期限")),
  reason: requiredText("延期理由", 1000),
  signerId: idField("请选择审核的单位领导"),
  version: versionField,
});

/**
 * 延期申请 — a clerk of the unit (assignment.handle) asks for a later deadline with a reason; the request
 * goes to a chosen leader of the unit (as 承办任务 does), who is told in-app. At most one request per
 * assignment is open: the partial unique index decides when two clerks ask at once.
 */
export async function requestExtension(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadSideTarget(tx, actor, v.assignmentId);
    assertSideStep(checkSideStep(actor, "request_extension", { taskStatus: a.taskStatus, assignment: a }));
    assertVersion(v.version, a.version);
    const problem = extensionDateProblem(v.requestedDeadline, a.deadline, todayInShanghai(now));
    if (problem) throw validation(problem, { requestedDeadline: problem });
    const signer = await findColleague(tx, v.signerId, "assignment.sign", { departmentId: a.departmentId });
    if (!signer || signer.id === actor.userId) throw validation("所选领导不是本单位的审核领导", { signerId: "所选领导不是本单位的审核领导" });
    const [row] = await tx
      .insert(extensionRequests)
      .values({
        assignmentId: a.id,
        taskId: a.taskId,
        departmentId: a.departmentId,
        reason: v.reason,
        previousDeadline: a.deadline,
        requestedDeadline: v.requestedDeadline,
        requestedById: actor.userId,
        currentSignerId: signer.id,
        createdAt: now,
        updatedAt: now,
      })
      // The index is partial (open requests only): naming its predicate lets ON CONFLICT use it.
      .onConflictDoNothing({ target: extensionRequests.assignmentId, where: sql`status in ('awaiting_unit', 'awaiting_office')` })
      .returning({ id: extensionRequests.id, version: extensionRequests.version });
    if (!row) throw conflict("该承办任务已有一份延期申请在审批中，请刷新后查看");
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      action: "request_extension",
      opinion: v.reason,
      detail: { extensionId: row.id, oldDeadline: a.deadline, newDeadline: v.requestedDeadline, toUserId: signer.id, toUserName: signer.displayName },
    });
    await enqueueNotifications(tx, {
      kind: "extension_request",
      taskId: a.taskId,
      assignmentId: a.id,
      recipients: await usersById(tx, [signer.id]),
      vars: extensionVars(a, a.deadline, `申请延期至 ${v.requestedDeadline}，理由：${v.reason}`),
      sms: "none",
      now,
    });
    return { id: row.id, version: row.version };
  });
}
