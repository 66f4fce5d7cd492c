import type { Actor } from "@/lib/domain/policy";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { conflict } from "@/lib/domain/errors";
import { assertVersion, idField, loadAssignment, parseInput, versionField, updateAssignmentGuarded, updateReportGuarded, writeEvent } from "./shared";
import { displayNameOf, loadAssignmentHistoryFacts, withdrawReasonField } from "./pending-step";

const schema = z.object({ assignmentId: idField("承办任务不存在"), reason: withdrawReasonField, version: versionField });

/**
 * 收回 — the handling clerk takes back handling text that no unit leader has acted on yet (no 审签,
 * 退回 or 转其他领导审签): the assignment is 办理中 again and that version is kept, marked 已收回; the
 * next 承办任务 writes a new version. A leader signing at the same moment moves the version on, so
 * only one of the two steps succeeds.
 */
export async function withdrawHandling(actor: Actor, input: unknown) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const facts = { ...a, ...(await loadAssignmentHistoryFacts(tx, a.taskId, a.id)) };
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, facts, "withdraw"))!;
    assertVersion(v.version, a.version);
    const report = a.latestReport;
    if (!report || report.status !== "awaiting_sign") throw conflict("没有待审签的承办内容，请刷新后查看");
    const row = await updateAssignmentGuarded(tx, a, { status: to, currentSignerId: null });
    await updateReportGuarded(tx, report, { status: "withdrawn" });
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      reportId: report.id,
      action: "withdraw",
      fromState: a.status,
      toState: to,
      opinion: v.reason,
      detail: { fromUserId: a.currentSignerId, fromUserName: await displayNameOf(tx, a.currentSignerId) },
    });
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report.id };
  });
}
