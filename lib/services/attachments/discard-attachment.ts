import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { notFound } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { getFileStore } from "@/lib/storage";
import { isUuid } from "@/lib/domain/ids";


/**
 * The uploader: removes their own upload that no task or report has claimed yet (row and file).
 * Anyone else's upload, or a committed one, is "not found".
 */
export async function discardAttachment(actor: Actor, attachmentId: string): Promise<void> {
  if (!isUuid(attachmentId)) throw notFound("附件");
  // The committed = false guard races safely with claimAttachments: whichever statement runs second
  // finds no matching row.
  const [row] = await getDb()
    .delete(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.uploadedById, actor.userId), eq(attachments.committed, false)))
    .returning({ storageKey: attachments.storageKey });
  if (!row) throw notFound("附件");
  await getFileStore()
    .delete(row.storageKey)
    .catch((e: unknown) => console.error("[attachments] could not remove discarded file", row.storageKey, e));
}
