import { and, asc, eq, gt, inArray, lt, notExists, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { attachments, orphanFileSightings } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { getFileStore } from "@/lib/storage";

/**
 * Files and their rows agree: every attachment row has its stored file, and every stored file has a row.
 * An upload stores the file first and writes the row after (lib/services/attachments/upload-attachment.ts), so a
 * process killed between the two leaves a file without a row; nothing the app does leaves a row without a file.
 */

/** A file found without a row is removed when it is still without one this long after it was first seen. */
export const ORPHAN_GRACE_MS = 60 * 60 * 1000;
const BATCH = 500;

export interface FileConsistencyReport {
  rows: number;
  files: number;
  /** Attachment rows whose stored file is missing (a download would answer 404). */
  rowsWithoutFile: { id: string; storageKey: string }[];
  /** Stored files no row names (left by a crash mid-upload until the cleanup removes them). */
  filesWithoutRow: string[];
}

/** System check (no user; `npm run files:check`): compares the whole store with the whole table. */
export async function checkFileConsistency(): Promise<FileConsistencyReport> {
  const db = getDb();
  const store = getFileStore();
  const unmatched = new Set<string>();
  for await (const key of store.keys()) unmatched.add(key);
  const files = unmatched.size;
  const rowsWithoutFile: FileConsistencyReport["rowsWithoutFile"] = [];
  let rows = 0;
  // Keyset pages over the primary key: a million rows never sit in memory at once.
  for (let after = "00000000-0000-0000-0000-000000000000"; ; ) {
    const page = await db
      .select({ id: attachments.id, storageKey: attachments.storageKey })
      .from(attachments)
      .where(gt(attachments.id, after))
      .orderBy(asc(attachments.id))
      .limit(BATCH);
    for (const row of page) {
      if (!unmatched.delete(row.storageKey)) rowsWithoutFile.push(row);
    }
    rows += page.length;
    if (page.length < BATCH) break;
    after = page[page.length - 1]!.id;
  }
  return { rows, files, rowsWithoutFile, filesWithoutRow: [...unmatched].sort() };
}

/**
 * Part of the hourly `uploads.cleanup` (no user): notes each stored file without a row, and removes the files still
 * without a row `graceMs` after they were first noted. An upload in flight has its file stored a moment before its
 * row is written; the grace makes sure such a file is never taken for an orphan, on any number of servers.
 */
export async function sweepOrphanFiles(options: { now?: Date; graceMs?: number } = {}): Promise<{ noted: number; removed: number }> {
  const now = options.now ?? clockNow();
  const cutoff = new Date(now.getTime() - (options.graceMs ?? ORPHAN_GRACE_MS));
  const db = getDb();
  const store = getFileStore();
  let noted = 0;
  let batch: string[] = [];
  const note = async () => {
    if (batch.length === 0) return;
    const named = await db.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.storageKey, batch));
    const known = new Set(named.map((r) => r.key));
    const orphans = batch.filter((key) => !known.has(key));
    batch = [];
    if (orphans.length === 0) return;
    const inserted = await db
      .insert(orphanFileSightings)
      .values(orphans.map((storageKey) => ({ storageKey, firstSeenAt: now })))
      .onConflictDoNothing()
      .returning({ key: orphanFileSightings.storageKey });
    noted += inserted.length;
  };
  for await (const key of store.keys()) {
    batch.push(key);
    if (batch.length >= BATCH) await note();
  }
  await note();

  // A sighting whose file got its row after all (the upload finished) is dropped, not acted on.
  const named = db.select({ one: sql`1` }).from(attachments).where(eq(attachments.storageKey, orphanFileSightings.storageKey));
  await db.delete(orphanFileSightings).where(sql`exists (${named})`);
  let removed = 0;
  for (;;) {
    const due = await db
      .select({ key: orphanFileSightings.storageKey })
      .from(orphanFileSightings)
      .where(and(lt(orphanFileSightings.firstSeenAt, cutoff), notExists(named)))
      .limit(BATCH);
    if (due.length === 0) break;
    for (const { key } of due) {
      // The file first, then its sighting: a failed delete is tried again at the next run.
      await store.delete(key);
      await db.delete(orphanFileSightings).where(eq(orphanFileSightings.storageKey, key));
      removed++;
    }
    if (due.length < BATCH) break;
  }
  return { noted, removed };
}
