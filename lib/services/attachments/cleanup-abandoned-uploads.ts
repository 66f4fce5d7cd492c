import { now as clockNow } from "@/lib/clock";
import { and, eq, inArray, lt } from "drizzle-orm";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { getFileStore } from "@/lib/storage";
import { sweepOrphanFiles } from "./consistency";

export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;
const BATCH = 500;

/**
 * System housekeeping (no user): deletes uploads never attached to a saved task or report within
 * 24 hours (rows, then their files), partial writes a crash left in the store, and stored files that a crash left
 * without their row (an hour after they were first seen: see sweepOrphanFiles). Runs hourly as the job
 * `uploads.cleanup` (lib/jobs/definitions.ts), once per installation.
 */
export async function cleanupAbandonedUploads(options: { now?: Date; maxAgeMs?: number } = {}): Promise<{ removed: number; partialFiles: number; orphanFiles: number }> {
  const cutoff = new Date((options.now ?? clockNow()).getTime() - (options.maxAgeMs ?? ABANDONED_AFTER_MS));
  const db = getDb();
  const store = getFileStore();
  let removed = 0;
  for (;;) {
    const stale = db
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(eq(attachments.committed, false), lt(attachments.createdAt, cutoff)))
      .limit(BATCH);
    // committed = false is re-checked by the DELETE itself, so an upload claimed meanwhile survives.
    const rows = await db
      .delete(attachments)
      .where(and(inArray(attachments.id, stale), eq(attachments.committed, false)))
      .returning({ storageKey: attachments.storageKey });
    for (const row of rows) {
      await store.delete(row.storageKey).catch((e: unknown) => console.error("[attachments] cleanup could not remove", row.storageKey, e));
    }
    removed += rows.length;
    if (rows.length < BATCH) break;
  }
  const partialFiles = (await store.purgeIncomplete?.(cutoff)) ?? 0;
  const orphans = await sweepOrphanFiles({ now: options.now });
  return { removed, partialFiles, orphanFiles: orphans.removed };
}
