import "server-only";
import { and, asc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { attachments, systemSettings, users } from "@/db/schema";
import { resolveAttachmentRules, type AttachmentRules } from "@/lib/domain/file-types";
import type { Actor } from "@/lib/domain/policy";
import { fileInScope } from "@/lib/scope";
import { isUuid } from "@/lib/domain/ids";
import { shanghaiDayStart, todayInShanghai } from "@/lib/domain/dates";
import { now as clockNow } from "@/lib/clock";

/** One row of an attachment list, as components/attachments/attachment-list.tsx shows it. */
export interface AttachmentListItem {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  uploadedByName: string;
  createdAt: Date;
}

/**
 * Size limit and allowed types in force: 系统参数 `attachmentMaxMb` / `attachmentTypes` first, then
 * ATTACHMENT_MAX_MB / ATTACHMENT_TYPES, then 50 MB and every supported type; 系统参数 `uploadQuotaMb` (每人每日上传总量,
 * default 500 MB, 0 = unlimited).
 */
export async function getAttachmentRules(db: DbOrTx = getDb()): Promise<AttachmentRules> {
  const rows = await db
    .select({ key: systemSettings.key, value: systemSettings.value })
    .from(systemSettings)
    .where(inArray(systemSettings.key, ["attachmentMaxMb", "attachmentTypes", "uploadQuotaMb"]));
  const setting = (key: string) => rows.find((r) => r.key === key)?.value;
  return resolveAttachmentRules(
    {
      settingMaxMb: setting("attachmentMaxMb"),
      settingTypes: setting("attachmentTypes"),
      settingQuotaMb: setting("uploadQuotaMb"),
      envMaxMb: process.env.ATTACHMENT_MAX_MB,
      envTypes: process.env.ATTACHMENT_TYPES,
    },
    (message) => console.warn(`[attachments] ${message}`),
  );
}

/**
 * Bytes `userId` has uploaded since midnight (Asia/Shanghai), pending and attached alike, for 每人每日上传总量.
 * A discarded or abandoned upload's row is gone and no longer counts. Index attachments(uploaded_by_id, created_at).
 */
export async function uploadedTodayBytes(userId: string, db: DbOrTx = getDb(), at: Date = clockNow()): Promise<number> {
  const [row] = await db
    .select({ bytes: sql<string>`coalesce(sum(${attachments.size}), 0)` })
    .from(attachments)
    .where(and(eq(attachments.uploadedById, userId), gte(attachments.createdAt, shanghaiDayStart(todayInShanghai(at)))));
  return Number(row?.bytes ?? 0);
}

/**
 * The attachment if the viewer may download it (lib/scope's file rule), else null (the route answers 404 either way, so an
 * out-of-scope file is indistinguishable from a missing one). An upload not yet attached to a saved
 * task or report is visible to its uploader only.
 */
export async function findDownloadableAttachment(viewer: Actor, id: string) {
  if (!isUuid(id)) return null;
  const [row] = await getDb()
    .select({
      id: attachments.id,
      filename: attachments.filename,
      mimeType: attachments.mimeType,
      size: attachments.size,
      storageKey: attachments.storageKey,
    })
    .from(attachments)
    .where(
and(eq(attachments.id, id), fileInScope(viewer)),
    );
  return row ?? null;
}

const listColumns = {
  id: attachments.id,
  filename: attachments.filename,
  mimeType: attachments.mimeType,
  size: attachments.size,
  uploadedByName: users.displayName,
  createdAt: attachments.createdAt,
};

/** The task's own attachments (the notice's files, not those of unit reports), oldest first. */
export async function listTaskAttachments(viewer: Actor, taskId: string): Promise<AttachmentListItem[]> {
  if (!isUuid(taskId)) return [];
  return getDb()
    .select(listColumns)
    .from(attachments)
    .innerJoin(users, eq(users.id, attachments.uploadedById))
    .where(
      and(
        eq(attachments.taskId, taskId),
        eq(attachments.committed, true),
        isNull(attachments.reportId),
        isNull(attachments.assignmentId),
        fileInScope(viewer),
      ),
    )
    .orderBy(asc(attachments.createdAt), asc(attachments.filename));
}

/** Attachments of the given reports that the viewer may see, keyed by report id (missing key = none). */
export async function listReportAttachments(viewer: Actor, reportIds: readonly string[]): Promise<Record<string, AttachmentListItem[]>> {
  const ids = reportIds.filter((id) => isUuid(id));
  if (!ids.length) return {};
  const rows = await getDb()
    .select({ ...listColumns, reportId: attachments.reportId })
    .from(attachments)
    .innerJoin(users, eq(users.id, attachments.uploadedById))
    .where(and(inArray(attachments.reportId, ids), eq(attachments.committed, true), fileInScope(viewer)))
    .orderBy(asc(attachments.createdAt), asc(attachments.filename));
  const byReport: Record<string, AttachmentListItem[]> = {};
  for (const { reportId, ...item } of rows) (byReport[reportId!] ??= []).push(item);
  return byReport;
}
