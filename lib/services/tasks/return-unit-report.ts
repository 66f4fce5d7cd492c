import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { conflict } from "@/lib/domain/errors";
import {
  assertVersion,
  idField,
  loadAssignment,
  parseInput,
  requiredOpinionField,
  updateAssignmentGuarded,
  updateReportGuarded,
  versionField,
  writeEvent,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ assignmentId: idField("承办任务不存在"), opinion: requiredOpinionField("请填写退回意见"), version: versionField });

/** 退回 — the unit leader the handling text waits on returns it to the clerk with a required opinion. */
export async function returnUnitReport(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.sign");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "unit_return"))!;
    assertVersion(v.version, a.version);
    const report = a.latestReport;
    if (!report || report.status !== "awaiting_sign") throw conflict("没有待审签的承办内容，请刷新后查看");
    const row = await updateAssignmentGuarded(tx, a, { status: to, currentSignerId: null });
    await updateReportGuarded(tx, report, { status: "unit_returned", unitSignerId: actor.userId, unitSignedAt: now, unitOpinion: v.opinion });
    await writeEvent(tx, actor, { taskId: a.taskId, assignmentId: a.id, reportId: report.id, action: "unit_return", fromState: a.status, toState: to, opinion: v.opinion });
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report.id };
  });
}
