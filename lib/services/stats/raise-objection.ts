import { z } from "zod";
import { getDb } from "@/db/client";
import { scoreObjections } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { conflict, isUniqueViolation, notFound } from "@/lib/domain/errors";
import { todayInShanghai } from "@/lib/domain/dates";
import { describeQuantity, formatScore } from "@/lib/domain/stats/scoring";
import { now as clockNow } from "@/lib/clock";
import { findUnitItem } from "@/lib/data/stats/scores-sql";
import { parseInput, type RequestMeta } from "../validation";
import { writeAudit } from "../audit";
import { monthField, reasonField } from "./score-input";
import { enqueueNotifications, permissionHolders } from "../notifications/enqueue";
import { monthRange } from "./shared";

const schema = z.object({
  month: monthField,
  itemKey: z.string({ error: "计分项不存在" }).trim().min(1, "计分项不存在").max(300, "计分项不存在"),
  reason: reasonField("申诉理由"),
});

/**
 * 申诉 (stats.view): a unit user objects to one item of their own unit's ledger for a month, with a reason.
 * The item is looked up in the actor's own unit only, so another unit's item is "not found". One open
 * objection per item (a partial unique index). Audited; the holders of stats.manage get a 我的消息 (objection_raised).
 */
export async function raiseObjection(actor: Actor, input: unknown, meta: RequestMeta = {}, now = clockNow()) {
  assertCan(actor, "stats.view");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const item = await findUnitItem(tx, actor.departmentId, { ...monthRange(v.month), today: todayInShanghai(now) }, v.itemKey);
    if (!item) throw notFound("计分项");
    const label = `${item.day} ${item.ruleName}（${describeQuantity(item.trigger, item.quantity, item.unitPoints)}，${formatScore(item.points)} 分）${item.taskNo ? ` ${item.taskNo}` : ""}${item.taskTitle ? ` ${item.taskTitle}` : ""}`;
    let id: string;
    try {
      const [row] = await tx
        .insert(scoreObjections)
        .values({
          departmentId: actor.departmentId,
          month: v.month,
          itemKey: item.key,
          itemLabel: label,
          itemPoints: item.points,
          taskId: item.taskId,
          reason: v.reason,
          raisedById: actor.userId,
          raisedByName: actor.displayName,
          raisedAt: now,
        })
        .returning({ id: scoreObjections.id });
      id = row!.id;
    } catch (error) {
      if (isUniqueViolation(error, "score_objections_open_item_unique")) throw conflict("该计分项已有待答复的申诉");
      throw error;
    }
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "stats.objection.raise",
      targetType: "score_objection",
      targetId: id,
      ...meta,
      detail: { before: null, after: { month: v.month, item: label, reason: v.reason } },
    });
    // Whoever may answer it (stats.manage) learns of it in 我的消息, in the objection's own transaction.
    await enqueueNotifications(tx, {
      kind: "objection_raised",
      taskId: item.taskId,
      link: `/stats/scores?period=month&month=${v.month}`,
      recipients: await permissionHolders(tx, ["stats.manage"]),
      vars: { 单位: actor.departmentName, 任务编号: item.taskNo ?? "", 任务标题: item.taskTitle ?? "", 内容: `计分项：${label}。申诉理由：${v.reason}` },
      sms: "none",
      now,
    });
    return { id };
  });
}
