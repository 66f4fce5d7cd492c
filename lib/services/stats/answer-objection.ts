import { eq } from "drizzle-orm";
import { z } from "zod";
import { scoreAdjustments, scoreObjections } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { now as clockNow } from "@/lib/clock";
import { formatScore } from "@/lib/domain/stats/scoring";
import { auditedChange, guardedUpdate } from "../audited-change";
import { idField, parseInput, versionField, type RequestMeta } from "../validation";
import { pointsField, reasonField } from "./score-input";
import { enqueueNotifications, usersById } from "../notifications/enqueue";
import { isPublished, monthOf } from "./shared";

const schema = z.object({
  objectionId: idField("申诉不存在"),
  decision: z.enum(["accept", "reject"], { error: "请选择采纳或不采纳" }),
  answer: reasonField("答复意见"),
  /** Accepting says what follows: the correction's points (e.g. +0.5 to undo a −0.5 item). */
  points: z.preprocess((v) => (v === "" || v === null ? undefined : v), pointsField.optional()),
  version: versionField,
});

/**
 * 答复申诉 (stats.manage): accept — with the correction it makes (points, entered as a 人工更正 when the month
 * is published, else as a 人工加减分 of today, tied to the item's task) — or reject with a reason. A pending
 * objection only (guarded on status and version: two answers at once, one wins). Audited.
 */
export async function answerObjection(actor: Actor, input: unknown, meta: RequestMeta = {}, now = clockNow()) {
  assertCan(actor, "stats.manage");
  const v = parseInput(schema, input);
  if (v.decision === "accept" && v.points === undefined)
    throw validation("采纳申诉须填写更正分值", { points: "采纳申诉须填写更正分值" });
  return auditedChange({
    actor,
    meta,
    version: v.version,
    load: async (tx) => {
      const [row] = await tx.select().from(scoreObjections).where(eq(scoreObjections.id, v.objectionId)).for("update");
      if (!row) throw notFound("申诉");
      return row;
    },
    check: (_tx, row) => {
      if (row.status !== "pending") throw conflict("该申诉已答复，请刷新后查看");
    },
    snapshot: async (tx, row, phase) => {
      if (phase === "before") return { status: row.status };
      const [after] = await tx.select().from(scoreObjections).where(eq(scoreObjections.id, row.id));
      return { status: after?.status, answer: after?.answer, adjustmentId: after?.adjustmentId };
    },
    apply: async (tx, row) => {
      let adjustmentId: string | null = null;
      if (v.decision === "accept") {
        const correction = await isPublished(tx, row.month);
        const [adj] = await tx
          .insert(scoreAdjustments)
          .values({
            departmentId: row.departmentId,
            taskId: row.taskId,
            points: v.points!,
            reason: `申诉采纳：${v.answer}`,
            month: correction ? row.month : monthOf(now),
            isCorrection: correction,
            createdById: actor.userId,
            createdByName: actor.displayName,
            createdAt: now,
          })
          .returning({ id: scoreAdjustments.id });
        adjustmentId = adj!.id;
      }
      await guardedUpdate(tx, scoreObjections, { id: row.id, version: row.version }, {
        status: v.decision === "accept" ? "accepted" : "rejected",
        answer: v.answer,
        adjustmentId,
        answeredById: actor.userId,
        answeredByName: actor.displayName,
        answeredAt: now,
      });
      // The user who raised it learns the answer in 我的消息 (in this transaction: no answer without its message).
      const outcome = v.decision === "accept" ? `已采纳，更正 ${formatScore(v.points!)} 分` : "未采纳";
      await enqueueNotifications(tx, {
        kind: "objection_answered",
        taskId: row.taskId,
        link: `/stats/scores/${row.departmentId}?period=month&month=${row.month}`,
        recipients: await usersById(tx, [row.raisedById]),
        vars: { 内容: `计分项：${row.itemLabel}。${outcome}。答复意见：${v.answer}` },
        sms: "none",
        now,
      });
      return { id: row.id, status: v.decision === "accept" ? ("accepted" as const) : ("rejected" as const), adjustmentId };
    },
    audit: { action: "stats.objection.answer", targetType: "score_objection", targetId: (row) => row.id },
  });
}
