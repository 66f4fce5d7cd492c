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
  updateAssignmentGuarded,
  updateReportGuarded,
  versionField,
  writeEvent,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ assignmentId: idField("承办任务不存在"), version: versionField });

/** 上报 — the unit's handling clerk (assignment.handle) sends the text its leader signed to the office. */
export async function reportUp(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "assignment.handle");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    const to = assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "report_up"))!;
    assertVersion(v.version, a.version);
    const report = a.latestReport;
    if (!report || report.status !== "signed") throw conflict("没有已审签待上报的承办内容，请刷新后查看");
    const row = await updateAssignmentGuarded(tx, a, { status: to, lastReportedAt: now }, "该承办内容已上报，请刷新后查看");
    await updateReportGuarded(tx, report, { status: "submitted", submittedAt: now });
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      reportId: report.id,
      action: "report_up",
      fromState: a.status,
      toState: to,
      detail: { kind: report.kind, revision: report.revision },
    });
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report.id };
  });
}
