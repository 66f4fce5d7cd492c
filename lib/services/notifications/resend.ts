import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { NOTIFICATION_STATUS_LABELS } from "@/lib/domain/messages";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { notificationInScope } from "@/lib/scope";
import { writeAudit } from "../audit";
import { idField, parseInput, type RequestMeta } from "../validation";

const schema = z.object({
  id: idField("请选择要重发的通知"),
  /** The attempts count the page showed (notifications have no version column; attempts moves with every try). */
  version: z.preprocess((v) => (v === "" || v === null ? undefined : v), z.coerce.number().int().min(0).optional()),
});

/** What 重新发送 accepts (the page shows the button only on these). */
export const RESENDABLE_STATUSES = ["failed", "suppressed"] as const;

/**
 * 重发 (the office, task.manage): a `failed` or `suppressed` SMS goes back to the queue, due now. Its
 * attempts are kept (the 督查工作通知 list still shows how often it was tried); it gets one more try per
 * resend, and a refusal then makes it `failed` again with the new reason. Two clicks at once: one wins.
 * Outside the viewer's 督查工作通知 scope it is "not found", like every other record.
 */
export async function resendNotification(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ id: notifications.id, channel: notifications.channel, status: notifications.status, attempts: notifications.attempts, recipientName: notifications.recipientName, lastError: notifications.lastError })
      .from(notifications)
      .where(and(eq(notifications.id, v.id), notificationInScope(actor)))
      .for("update");
    if (!row) throw notFound("通知");
    if (row.channel !== "sms") throw validation("只有短信可以重发，站内消息已送达");
    if (!(RESENDABLE_STATUSES as readonly string[]).includes(row.status)) {
      throw conflict(`该短信当前状态为“${NOTIFICATION_STATUS_LABELS[row.status]}”，只有发送失败或超出每日上限的短信可以重发`);
    }
    if (v.version !== undefined && v.version !== row.attempts) throw conflict();
    const updated = await tx
      .update(notifications)
      .set({ status: "queued", nextAttemptAt: clockNow() })
      .where(and(eq(notifications.id, row.id), inArray(notifications.status, [...RESENDABLE_STATUSES])))
      .returning({ id: notifications.id });
    if (updated.length === 0) throw conflict();
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "notification.resend",
      targetType: "notifications",
      targetId: row.id,
      detail: { before: { status: row.status, attempts: row.attempts, lastError: row.lastError }, after: { status: "queued" }, recipient: row.recipientName },
      ...meta,
    });
    return { id: row.id };
  });
}
