import { now as clockNow } from "@/lib/clock";
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assignments } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { conflict, validation } from "@/lib/domain/errors";
import {
  assertVersion,
  idField,
  loadAssignment,
  loadTask,
  opinionField,
  optionalIdField,
  parseInput,
  updateAssignmentGuarded,
  updateReportGuarded,
  updateTaskGuarded,
  versionField,
  writeEvent,
  refreshTaskDueOn,
} from "./shared";
import { enqueueNotifications, unitMembers } from "@/lib/services/notifications/enqueue";
import type { Actor } from "@/lib/domain/policy";
import { RATINGS, RATING_LABELS } from "@/lib/domain/stats/scoring";

const DECISIONS = ["accept_progress", "accept_final", "return"] as const;
const CLOSE_ON_PROGRESS_REASON = "以阶段反馈办结须填写理由";

const schema = z.object({
      assignmentId: idField("承办任务不存在"),
      reportId: optionalIdField("反馈不存在"),
      decision: z.enum(DECISIONS, { error: "请选择审核结果" }),
      opinion: opinionField(),
      // 反馈质量评价 (绩效规则 rating_*): optional, only with 办结通过; "" = not rated.
      rating: z.preprocess((r) => (r === "" || r === null ? undefined : r), z.enum(RATINGS, { error: "请选择有效的评价等级" }).optional()),
      version: versionField,
    });

/**
 * 审核反馈 — the office (report.review) decides on a unit's report: accept as progress (the unit goes
 * on; only on tasks with 定期阶段反馈), accept as final (that unit's assignment is completed; the task
 * completes with its last assignment; on a 阶段反馈 only with a reason), or 退回重办 with a required
 * opinion.
 */
export async function reviewReport(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "report.review");
  const v = parseInput(schema, input);
  if (v.decision === "return" && !v.opinion) throw validation("请填写退回重办的意见", { opinion: "请填写退回重办的意见" });
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    // Lock the task first: reviews of its units are serialised, so the last completion always sees
    // every other unit's completion and the task cannot stay in progress by a race.
    const task = await loadTask(tx, actor, a.taskId, { lock: true });
    const action = v.decision === "return" ? "return_rework" : v.decision;
    const to = assertTransition(checkAssignmentTransition(actor, { status: task.status }, a, action))!;
    assertVersion(v.version, a.version);
    const report = a.latestReport;
    if (!report || report.status !== "submitted") throw conflict("该反馈已被审核，请刷新后查看");
    if (v.reportId && v.reportId !== report.id) throw conflict("单位已提交了新的反馈，请刷新后查看");
    // Closing on a 阶段反馈 (no 办结反馈 was sent) is the office's call, but only with a stated reason:
    // it is kept on the report (scoring counts these) and in the history row.
    const closedOnProgress = action === "accept_final" && report.kind === "progress";
    if (closedOnProgress && !v.opinion) throw validation(CLOSE_ON_PROGRESS_REASON, { opinion: CLOSE_ON_PROGRESS_REASON });
    const rating = v.rating || null;
    if (rating && action !== "accept_final") throw validation("只有办结通过时才能评价反馈质量", { rating: "只有办结通过时才能评价反馈质量" });

    const row = await updateAssignmentGuarded(tx, a, { status: to, ...(to === "completed" ? { completedAt: now } : {}), ...(rating ? { rating, ratedAt: now, ratedById: actor.userId } : {}) }, "该反馈已被他人审核，请刷新后查看");
    await updateReportGuarded(tx, report, {
      status: v.decision === "return" ? "returned" : "accepted",
      reviewedById: actor.userId,
      reviewedAt: now,
      officeOpinion: v.opinion || null,
      closedOnProgressReason: closedOnProgress ? v.opinion : null,
    });
    await writeEvent(tx, actor, {
      taskId: a.taskId,
      assignmentId: a.id,
      reportId: report.id,
      action,
      fromState: a.status,
      toState: to,
      opinion: v.opinion,
      ...(closedOnProgress || rating
        ? {
            detail: {
              ...(closedOnProgress ? { closedOnProgress: true, reportKind: report.kind, reason: v.opinion } : {}),
              ...(rating ? { rating, ratingLabel: RATING_LABELS[rating] } : {}),
            },
          }
        : {}),
    });

    if (v.decision === "return") {
      await enqueueNotifications(tx, {
        kind: "rework",
        taskId: a.taskId,
        assignmentId: a.id,
        recipients: await unitMembers(tx, [a.departmentId]),
        vars: { 任务编号: a.taskNo ?? "", 任务标题: a.taskTitle, 内容: v.opinion || "请按要求重新办理" },
        sms: "sms_recipients",
        now,
      });
    }

    let taskStatus = task.status;
    if (to === "completed") {
      await refreshTaskDueOn(tx, task.id);
      const [open] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(assignments)
        .where(and(eq(assignments.taskId, task.id), ne(assignments.status, "completed"), ne(assignments.status, "cancelled")));
      if ((open?.n ?? 0) === 0) {
        const done = await updateTaskGuarded(tx, task, { status: "completed", completedAt: now });
        taskStatus = done.status;
        await writeEvent(tx, actor, { taskId: task.id, action: "complete", fromState: task.status, toState: "completed" });
      }
    }
    return { assignmentId: row.id, status: row.status, version: row.version, reportId: report.id, taskStatus };
  });
}
