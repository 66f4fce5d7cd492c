import { and, desc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { assignments, attachments, reports } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { getFileStore } from "@/lib/storage";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GONE = "要保留的上一稿附件已不存在，请刷新后重试";

/**
 * Carries files of an assignment's previous report (returned by the unit leader or by the office)
 * into the revision the clerk is about to send: each kept file is copied in the store to a new,
 * uncommitted upload of the actor, whose id the verb then claims like a fresh upload. A copy, not a
 * shared row, so every revision keeps its own files (第1稿 still shows what it had) and one stored
 * object still belongs to exactly one row. Runs before the verb's transaction (no file I/O inside
 * it); if the step then fails, the copies stay uncommitted and the upload cleanup removes them.
 * Only files of the newest report of an assignment of the actor's own unit can be kept.
 */
export async function carryAttachments(
  actor: { userId: string; departmentId: string },
  assignmentId: string,
  keepIds: readonly string[] | undefined,
): Promise<string[]> {
  const ids = [...new Set(keepIds ?? [])];
  if (ids.length === 0) return [];
  if (ids.some((id) => !UUID.test(id))) throw validation(GONE, { keepAttachmentIds: GONE });
  const db = getDb();
  const latest = db
    .select({ id: reports.id })
    .from(reports)
    .where(eq(reports.assignmentId, assignmentId))
    .orderBy(desc(reports.revision))
    .limit(1);
  const rows = await db
    .select({ filename: attachments.filename, mimeType: attachments.mimeType, size: attachments.size, sha256: attachments.sha256, storageKey: attachments.storageKey })
    .from(attachments)
    .innerJoin(assignments, eq(assignments.id, attachments.assignmentId))
    .where(
      and(
        inArray(attachments.id, ids),
        eq(attachments.assignmentId, assignmentId),
        eq(assignments.departmentId, actor.departmentId),
        eq(attachments.committed, true),
        inArray(attachments.reportId, latest),
      ),
    );
  if (rows.length !== ids.length) throw validation(GONE, { keepAttachmentIds: GONE });
  const store = getFileStore();
  const carried: string[] = [];
  for (const row of rows) {
    const storageKey = await store.put(await store.get(row.storageKey), { contentType: row.mimeType });
    const [copy] = await db
      .insert(attachments)
      .values({ filename: row.filename, mimeType: row.mimeType, size: row.size, sha256: row.sha256, storageKey, uploadedById: actor.userId, committed: false })
      .returning({ id: attachments.id });
    carried.push(copy!.id);
  }
  return carried;
}
