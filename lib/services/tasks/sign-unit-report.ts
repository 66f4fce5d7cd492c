import { now as clockNow } from "@/lib/clock";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { conflict, validation } from "@/lib/domain/errors";
import {
  assertVersion,
  findColleague,
  idField,
  loadAssignment,
  opinionField,
  optionalIdField,
  parseInput,
  updateAssignmentGuarded,
  updateReportGuarded,
  versionField,
  writeEvent,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
      assignmentId: idField("承办任务不存在"),
      opinion: opinionField(),
      forwardToId: optionalIdField("请选择转交的领导"),
      version: versionField,
    });

/**
 * 任务审签 — the unit leader the handling text waits on (assignment.sign) signs it, after which the
 * clerk reports it up; or, with `forwardToId`, passes it to another leader of the unit to sign.
 */
export async function signUnitReport(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.sign");
  const v = parseInput(schema, input);
  if (v.forwardToId === actor.userId) throw validation("不能转交给自己", { forwardToId: "不能转交给自己" });
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const action = v.forwardToId ? "unit_forward" : "unit_sign";
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, action))!;
    assertVersion(v.version, a.version);
    const report = a.latestReport;
    if (!report || report.status !== "awaiting_sign") throw conflict("没有待审签的承办内容，请刷新后查看");

    if (v.forwardToId) {
      const next = await findColleague(tx, v.forwardToId, "assignment.sign", { departmentId: a.departmentId });
      if (!next) throw validation("所选领导不是本单位的审签领导", { forwardToId: "所选领导不是本单位的审签领导" });
      const row = await updateAssignmentGuarded(tx, a, { status: to, currentSignerId: next.id });
      await writeEvent(tx, actor, {
        taskId: a.taskId,
        assignmentId: a.id,
        reportId: report.id,
        action: "unit_forward",
        fromState: a.status,
        toState: to,
        opinion: v.opinion,
        detail: { toUserId: next.id, toUserName: next.displayName },
      });
      return { assignmentId: row.id, status: row.status, version: row.version, reportId: report.id };
    }

    const row = await updateAssignmentGuarded(tx, a, { status: to, currentSignerId: null });
    await updateReportGuarded(tx, report, { status: "signed", unitSignerId: actor.userId, unitSignedAt: now, unitOpinion: v.opinion || null });
    await writeEvent(tx, actor, { taskId: a.taskId, assignmentId: a.id, reportId: report.id, action: "unit_sign", fromState: a.status, toState: to, opinion: v.opinion });
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report.id };
  });
}
