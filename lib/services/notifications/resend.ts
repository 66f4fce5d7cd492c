import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { conflict, notFound } from "@/lib/domain/errors";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { NOTIFICATION_STATUS_LABELS, type NotificationStatus } from "@/lib/domain/messages";
import { notificationInScope } from "@/lib/scope";
import { now as clockNow } from "@/lib/clock";
import { writeAudit } from "../audit";
import { idField, parseInput, type RequestMeta } from "../validation";

/** Only an SMS that did not go out may be sent again: failed after its retries, or held back by the daily cap. */
export const RESENDABLE_STATUSES = ["failed", "suppressed"] as const satisfies readonly NotificationStatus[];

const schema = z.object({ id: idField("该通知不存在") });

/**
 * 重新发送 — the office (task.manage) puts a failed or suppressed SMS back in the worker's queue. The
 * status is the version: the UPDATE only matches while the row is still failed/suppressed, so two clicks
 * (or two people) queue it exactly once and the second is told it was already handled. Its retry count
 * starts again (the worker gives up after a fixed number of attempts); the previous count and reason are
 * kept in the audit log.
 */
export async function resendNotification(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ id: notifications.id, channel: notifications.channel, status: notifications.status, attempts: notifications.attempts, lastError: notifications.lastError, recipientName: notifications.recipientName })
      .from(notifications)
      .where(and(eq(notifications.id, v.id), notificationInScope(actor)));
    if (!row) throw notFound("该通知");
    if (row.channel !== "sms") throw conflict("站内消息无需重新发送");
    if (!(RESENDABLE_STATUSES as readonly string[]).includes(row.status)) {
      throw conflict(`该短信当前状态为“${NOTIFICATION_STATUS_LABELS[row.status]}”，只有发送失败或超出每日上限未发的短信可以重新发送`);
    }
    const at = clockNow();
    const updated = await tx
      .update(notifications)
      .set({ status: "queued", attempts: 0, lastError: null, nextAttemptAt: at })
      .where(and(eq(notifications.id, row.id), inArray(notifications.status, [...RESENDABLE_STATUSES])))
      .returning({ id: notifications.id });
    if (updated.length === 0) throw conflict("该短信已被他人重新发送，请刷新后查看");
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "notification.resend",
      targetType: "notification",
      targetId: row.id,
      detail: { recipient: row.recipientName, before: { status: row.status, attempts: row.attempts, lastError: row.lastError }, after: { status: "queued", attempts: 0 } },
      ...meta,
    });
    return { id: row.id };
  });
}
