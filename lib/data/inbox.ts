import "server-only";
import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notifications, tasks } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import type { NotificationKind } from "@/lib/domain/messages";
import { oneOf, pageNumber, param, type SearchParams } from "@/lib/data/list-params";
import { inboxMessageInScope, taskInScope } from "@/lib/scope";

/**
 * 我的消息: the viewer's own in-app messages (lib/scope `inboxMessageInScope`). Newest first, with a
 * 全部 / 未读 filter in the URL. Queued in-app rows are shown too (see INBOX_STATUSES): the row is the
 * message, the worker only stamps it sent.
 */

export const INBOX_PAGE_SIZE = 20;
export const INBOX_FILTERS = ["all", "unread"] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export interface InboxParams {
  filter: InboxFilter;
  page: number;
}

export function parseInboxParams(params: SearchParams): InboxParams {
  return { filter: oneOf(param(params, "filter"), INBOX_FILTERS, "all"), page: pageNumber(param(params, "page")) };
}

export interface InboxMessage {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  /** The task the message is about, only when the viewer may open it (else null: no dead link). */
  taskId: string | null;
  /**
   * Where opening the message leads: its own link (a 绩效申诉's page, "查看详情"), else its task when the viewer may
   * open it ("查看任务"), else nothing.
   */
  open: { href: string; label: "查看详情" | "查看任务" } | null;
}

/** Whether the viewer may open the message's task (the task page checks again on its own). */
function taskVisible(viewer: Actor) {
  return sql<boolean>`exists (${getDb()
    .select({ one: sql`1` })
    .from(tasks)
    .where(and(eq(tasks.id, notifications.taskId), taskInScope(viewer)))})`;
}

export async function listInbox(viewer: Actor, params: InboxParams, pageSize = INBOX_PAGE_SIZE): Promise<{ rows: InboxMessage[]; total: number; unread: number }> {
  if (!viewer.permissions.has("messages.view")) return { rows: [], total: 0, unread: 0 };
  // (recipient_id, created_at) serves the list; notifications_unread_index the 未读 filter and the count.
  const where = and(inboxMessageInScope(viewer), params.filter === "unread" ? isNull(notifications.readAt) : undefined);
  const [[counted], unread, rows] = await Promise.all([
    getDb().select({ total: count() }).from(notifications).where(where),
    params.filter === "unread" ? null : countUnread(viewer),
    getDb()
      .select({
        id: notifications.id,
        kind: notifications.kind,
        title: notifications.title,
        body: notifications.body,
        createdAt: notifications.createdAt,
        readAt: notifications.readAt,
        taskId: sql<string | null>`case when ${taskVisible(viewer)} then ${notifications.taskId} end`,
        link: notifications.link,
      })
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((params.page - 1) * pageSize),
  ]);
  const total = counted?.total ?? 0;
  return {
    rows: rows.map(({ link, ...m }) => ({
      ...m,
      open: link ? { href: link, label: "查看详情" as const } : m.taskId ? { href: `/tasks/${m.taskId}`, label: "查看任务" as const } : null,
    })),
    total,
    unread: unread ?? total,
  };
}

/** The unread count of the viewer's own in-app messages (我的消息, and the header badge). */
export async function countUnread(viewer: Actor): Promise<number> {
  if (!viewer.permissions.has("messages.view")) return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(notifications)
    .where(and(inboxMessageInScope(viewer), isNull(notifications.readAt)));
  return row?.n ?? 0;
}
