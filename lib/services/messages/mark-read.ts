import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { notFound } from "@/lib/domain/errors";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { now } from "@/lib/clock";
import { inboxMessageInScope } from "@/lib/scope";
import { idField, parseInput } from "../validation";

const schema = z.object({ id: idField("请选择消息") });

/**
 * 我的消息 (messages.view): marks one of the actor's own in-app messages read and returns its task id.
 * Anyone else's message is "not found". Reading is idempotent and the row has no version: the
 * `read_at is null` guard keeps the first read time, and a second click (or a second tab) changes nothing.
 */
export async function markRead(actor: Actor, input: unknown): Promise<{ taskId: string | null; readAt: Date }> {
  assertCan(actor, "messages.view");
  const { id } = parseInput(schema, input);
  const mine = and(eq(notifications.id, id), inboxMessageInScope(actor));
  const [updated] = await getDb()
    .update(notifications)
    .set({ readAt: now() })
    .where(and(mine, isNull(notifications.readAt)))
    .returning({ taskId: notifications.taskId, readAt: notifications.readAt });
  if (updated) return { taskId: updated.taskId, readAt: updated.readAt! };
  const [already] = await getDb().select({ taskId: notifications.taskId, readAt: notifications.readAt }).from(notifications).where(mine);
  if (!already) throw notFound("消息");
  return { taskId: already.taskId, readAt: already.readAt! };
}
