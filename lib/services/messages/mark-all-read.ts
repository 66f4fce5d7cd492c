import { and, isNull, lte } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { now } from "@/lib/clock";
import { inboxMessageInScope } from "@/lib/scope";
import { parseInput } from "../validation";

const schema = z.object({
  /** When the page the user clicked on was rendered: a message arriving after it stays unread. */
  upTo: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.date({ error: "时间格式不正确" }).optional()),
});

/**
 * 我的消息 (messages.view): "全部标为已读" — one UPDATE over the actor's own unread in-app messages
 * (the unread partial index), never anyone else's. Returns how many it marked.
 */
export async function markAllRead(actor: Actor, input: unknown = {}): Promise<number> {
  assertCan(actor, "messages.view");
  const { upTo } = parseInput(schema, input);
  const rows = await getDb()
    .update(notifications)
    .set({ readAt: now() })
    .where(and(inboxMessageInScope(actor), isNull(notifications.readAt), upTo ? lte(notifications.createdAt, upTo) : undefined))
    .returning({ id: notifications.id });
  return rows.length;
}
