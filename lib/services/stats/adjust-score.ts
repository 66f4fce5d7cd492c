import { z } from "zod";
import { getDb } from "@/db/client";
import { scoreAdjustments } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { validation } from "@/lib/domain/errors";
import { now as clockNow } from "@/lib/clock";
import { idField, optionalIdField, parseInput, type RequestMeta } from "../validation";
import { writeAudit } from "../audit";
import { monthField, pointsField, reasonField } from "./score-input";
import { assertUnitTask, isPublished, loadRankedUnit, monthOf, unitTaskByNo } from "./shared";

const schema = z.object({
  departmentId: idField("请选择单位"),
  points: pointsField,
  reason: reasonField("理由"),
  taskId: optionalIdField("事项不存在"),
  /** The form names the task by its 督办编号 (what the office has in hand); resolved among the unit's own tasks. */
  taskNo: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string({ error: "督办编号无效" }).trim().max(60, "督办编号无效").optional()),
  /** Set to correct a published month (人工更正); blank = an adjustment of today's month. */
  correctsMonth: z.preprocess((v) => (v === "" || v === null ? undefined : v), monthField.optional()),
});

/**
 * 人工加减分 (stats.manage): the office adds ± points with a reason to one unit, optionally about one of its
 * tasks (by id, or by 督办编号 from the form). It counts on the day it is entered. With `correctsMonth` (a published month) it is a 人工更正: shown in
 * that month's 更正 column beside the frozen figures, never changing the published rank. Audited.
 */
export async function adjustScore(actor: Actor, input: unknown, meta: RequestMeta = {}, now = clockNow()) {
  assertCan(actor, "stats.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const unit = await loadRankedUnit(tx, v.departmentId);
    if (v.taskId) await assertUnitTask(tx, unit.id, v.taskId);
    const taskId = v.taskId ?? (v.taskNo ? await unitTaskByNo(tx, unit, v.taskNo) : undefined);
    const correction = v.correctsMonth !== undefined;
    if (correction && !(await isPublished(tx, v.correctsMonth!)))
      throw validation("该月尚未发布，无需更正：请直接录入加减分", { correctsMonth: "该月尚未发布，无需更正：请直接录入加减分" });
    const [row] = await tx
      .insert(scoreAdjustments)
      .values({
        departmentId: unit.id,
        taskId: taskId ?? null,
        points: v.points,
        reason: v.reason,
        month: correction ? v.correctsMonth! : monthOf(now),
        isCorrection: correction,
        createdById: actor.userId,
        createdByName: actor.displayName,
        createdAt: now,
      })
      .returning();
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: correction ? "stats.score.correct" : "stats.score.adjust",
      targetType: "score_adjustment",
      targetId: row!.id,
      ...meta,
      detail: { before: null, after: { unit: unit.name, points: v.points, reason: v.reason, taskId: taskId ?? null, month: row!.month, isCorrection: correction } },
    });
    return { id: row!.id, month: row!.month, isCorrection: correction };
  });
}
