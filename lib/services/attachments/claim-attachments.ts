import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { attachments } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { isUuid } from "@/lib/domain/ids";


export interface AttachmentTarget {
  taskId: string;
  assignmentId?: string | null;
  reportId?: string | null;
}

/**
 * Attaches files the same actor uploaded earlier (uncommitted rows from the upload route) to a task,
 * assignment and/or report, inside the caller's transaction. A file uploaded by someone else, already
 * attached, or unknown fails the whole step, so one upload can never end up on two records.
 */
export async function claimAttachments(
  tx: DbOrTx,
  actor: Actor,
  attachmentIds: readonly string[] | undefined,
  target: AttachmentTarget,
): Promise<number> {
  const ids = [...new Set(attachmentIds ?? [])];
  if (ids.length === 0) return 0;
  if (ids.some((id) => !isUuid(id))) throw validation("附件不存在或已被使用", { attachmentIds: "附件不存在或已被使用" });
  const claimed = await tx
    .update(attachments)
    .set({ committed: true, taskId: target.taskId, assignmentId: target.assignmentId ?? null, reportId: target.reportId ?? null })
    .where(and(inArray(attachments.id, ids), eq(attachments.uploadedById, actor.userId), eq(attachments.committed, false)))
    .returning({ id: attachments.id });
  if (claimed.length !== ids.length) throw validation("附件不存在或已被使用", { attachmentIds: "附件不存在或已被使用" });
  return claimed.length;
}
