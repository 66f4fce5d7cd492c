import { shownMobile } from "@/lib/domain/mobile-visibility";
import "server-only";
import { and, count, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, notifications, tasks } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUSES,
  type NotificationChannel,
  type NotificationKind,
  type NotificationStatus,
} from "@/lib/domain/messages";
import { shanghaiDayStart } from "@/lib/domain/dates";
import { dateOrEmpty, oneOf, pageNumber, param, searchText, type SearchParams } from "@/lib/data/list-params";
import { notificationInScope } from "@/lib/scope";

/**
 * 督查工作通知: every message the system wrote (SMS and in-app), newest first, within the viewer's scope
 * (lib/scope notificationInScope: the office all, a unit those sent to its own people). The page and the
 * Excel export read through the same filters, so the sheet holds exactly what the page lists.
 */

export interface NotificationFilters {
  kind: NotificationKind | "";
  channel: NotificationChannel | "";
  status: NotificationStatus | "";
  from: string;
  to: string;
  /** Recipient name or task title / number. */
  q: string;
  page: number;
}

export const NOTIFICATION_PAGE_SIZE = 30;
/** An export is a working copy, not a backup: beyond this the sheet says it was cut off. */
export const NOTIFICATION_EXPORT_CAP = 50_000;

export function parseNotificationFilters(params: SearchParams): NotificationFilters {
  return {
    kind: oneOf<NotificationKind | "">(param(params, "kind"), NOTIFICATION_KINDS, ""),
    channel: oneOf<NotificationChannel | "">(param(params, "channel"), NOTIFICATION_CHANNELS, ""),
    status: oneOf<NotificationStatus | "">(param(params, "status"), NOTIFICATION_STATUSES, ""),
    from: dateOrEmpty(param(params, "from")),
    to: dateOrEmpty(param(params, "to")),
    q: searchText(param(params, "q"), 50),
    page: pageNumber(param(params, "page")),
  };
}

/** The filters as URL parameters (pager links, the export link). */
export function notificationFilterParams(f: NotificationFilters): Record<string, string> {
  return { kind: f.kind, channel: f.channel, status: f.status, from: f.from, to: f.to, q: f.q };
}

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function whereFor(viewer: Actor, f: NotificationFilters): SQL | undefined {
  const like = f.q ? likeEscape(f.q) : null;
  return and(
    notificationInScope(viewer),
    f.kind ? eq(notifications.kind, f.kind) : undefined,
    f.channel ? eq(notifications.channel, f.channel) : undefined,
    f.status ? eq(notifications.status, f.status) : undefined,
    f.from ? gte(notifications.createdAt, shanghaiDayStart(f.from)) : undefined,
    f.to ? lt(notifications.createdAt, shanghaiDayStart(f.to, 1)) : undefined,
    // Both sides have trigram indexes (recipient_name here, title / task_no on tasks), so the OR is a bitmap OR.
    like
      ? or(
          sql`${notifications.recipientName} ilike ${like}`,
          sql`${notifications.taskId} in (select t.id from ${tasks} t where t.title ilike ${like} or t.task_no ilike ${like})`,
        )
      : undefined,
  );
}

export interface NotificationRow {
  id: string;
  createdAt: Date;
  kind: NotificationKind;
  channel: NotificationChannel;
  status: NotificationStatus;
  recipientName: string;
  unitName: string | null;
  /** As the viewer may see it (lib/domain/mobile-visibility.ts): masked unless 用户管理 within scope, or their own. */
  mobile: string | null;
  title: string;
  body: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  taskId: string | null;
  taskNo: string | null;
  taskTitle: string | null;
}

const columns = {
  id: notifications.id,
  createdAt: notifications.createdAt,
  kind: notifications.kind,
  channel: notifications.channel,
  status: notifications.status,
  recipientName: notifications.recipientName,
  unitName: departments.name,
  mobile: notifications.mobile,
  recipientId: notifications.recipientId,
  departmentId: notifications.departmentId,
  title: notifications.title,
  body: notifications.body,
  attempts: notifications.attempts,
  lastError: notifications.lastError,
  sentAt: notifications.sentAt,
  taskId: notifications.taskId,
  taskNo: tasks.taskNo,
  taskTitle: tasks.title,
};

type SelectedRow = NotificationRow & { recipientId: string | null; departmentId: string | null };

/** The number as this viewer may see it; the whole number never leaves the data layer otherwise. */
function shownRows(viewer: Actor, rows: SelectedRow[]): NotificationRow[] {
  return rows.map(({ recipientId, departmentId, ...r }) => ({ ...r, mobile: shownMobile(viewer, { userId: recipientId, departmentId }, r.mobile) }));
}

function selectRows(where: SQL | undefined) {
  return getDb()
    .select(columns)
    .from(notifications)
    .leftJoin(departments, eq(departments.id, notifications.departmentId))
    .leftJoin(tasks, eq(tasks.id, notifications.taskId))
    .where(where)
    .$dynamic();
}

/** One page of the log, newest first, and how many rows the filters match. */
export async function listNotifications(viewer: Actor, f: NotificationFilters, pageSize = NOTIFICATION_PAGE_SIZE): Promise<{ rows: NotificationRow[]; total: number }> {
  const where = whereFor(viewer, f);
  const [selected, [totalRow]] = await Promise.all([
    selectRows(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(pageSize)
      .offset((f.page - 1) * pageSize),
    getDb().select({ n: count() }).from(notifications).where(where),
  ]);
  return { rows: shownRows(viewer, selected), total: totalRow?.n ?? 0 };
}

/**
 * Every row the filters match, newest first, in batches (keyset on created_at, id) so an export of tens
 * of thousands of rows never holds them all at once. Stops after `cap` rows.
 */
export async function* notificationsForExport(viewer: Actor, f: NotificationFilters, cap = NOTIFICATION_EXPORT_CAP, batch = 2_000): AsyncGenerator<NotificationRow[]> {
  const where = whereFor(viewer, f);
  let afterId: string | null = null;
  let left = cap;
  while (left > 0) {
    // The cursor is read back from the row itself: a JavaScript Date has only milliseconds, the column microseconds.
    const cursor: SQL | undefined = afterId
      ? sql`(${notifications.createdAt}, ${notifications.id}) < (select c.created_at, c.id from ${notifications} c where c.id = ${afterId})`
      : undefined;
    const rows = await selectRows(and(where, cursor))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(Math.min(batch, left));
    if (rows.length === 0) return;
    yield shownRows(viewer, rows);
    left -= rows.length;
    afterId = rows[rows.length - 1]!.id;
    if (rows.length < batch) return;
  }
}

/** How many rows the filters match (the export states it when it had to stop at the cap). */
export async function countNotifications(viewer: Actor, f: NotificationFilters): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(notifications).where(whereFor(viewer, f));
  return row?.n ?? 0;
}
