import { createHash } from "node:crypto";
import { pipeline, Transform, type Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { getAttachmentRules, uploadedTodayBytes } from "@/lib/data/attachments";
import { DomainError, forbidden, isDomainError, validation } from "@/lib/domain/errors";
import {
  cleanFilename,
  extensionOf,
  isSupportedExtension,
  judgeFileType,
  quotaMessage,
  tooLargeMessage,
  typeNotAllowedMessage,
  type AttachmentRules,
} from "@/lib/domain/file-types";
import { canAny, type Actor } from "@/lib/domain/policy";
import { FileStoreUnavailableError, getFileStore } from "@/lib/storage";
import { UPLOAD_PERMISSIONS } from "@/lib/domain/file-types";
import { sniffStoredFile } from "./detect-type";


/** A VALIDATION error the HTTP layer answers with 413. */
export const tooLarge = (maxMb: number) => new DomainError("VALIDATION", tooLargeMessage(maxMb), { detail: { reason: "too_large" } });
/** 每人每日上传总量 reached: also 413, with the limit and today's total in the message. */
export const overQuota = (rules: AttachmentRules, usedBytes: number) =>
  new DomainError("VALIDATION", quotaMessage(rules.quotaMb, usedBytes), { detail: { reason: "too_large" } });

/** The disk (or the volume's quota) is full: 507, nothing was kept. */
export const storageFull = () => new DomainError("UNAVAILABLE", "服务器存储空间已满，文件未保存。请联系系统管理员清理或扩容后重试", { detail: { reason: "storage_full" } });

/** ENOSPC/EDQUOT, thrown by the disk itself or wrapped by the store as FileStoreUnavailableError (its cause). */
function isStorageFull(error: unknown): boolean {
  const codeOf = (e: unknown) => (e as { code?: unknown } | undefined)?.code;
  const code = codeOf(error) ?? codeOf((error as { cause?: unknown } | undefined)?.cause);
  return code === "ENOSPC" || code === "EDQUOT";
}

/**
 * The checks that need no byte of the body: the permission, the announced size against the per-file limit,
 * and today's total against 每人每日上传总量. The route calls it before it starts reading the request, so an
 * oversize or over-quota upload is refused at once. Returns how many more bytes the user may upload today
 * (Infinity without a quota).
 */
export async function admitUpload(actor: Actor, declaredSize: number | undefined, rules: AttachmentRules): Promise<number> {
  if (!canAny(actor, UPLOAD_PERMISSIONS)) throw forbidden("您没有上传附件的权限");
  if (declaredSize !== undefined && declaredSize > rules.maxBytes + MULTIPART_SLACK) throw tooLarge(rules.maxMb);
  if (rules.quotaBytes <= 0) return Infinity;
  const used = await uploadedTodayBytes(actor.userId);
  const remaining = rules.quotaBytes - used;
  if (remaining <= 0 || (declaredSize !== undefined && declaredSize > remaining + MULTIPART_SLACK)) throw overQuota(rules, used);
  return remaining;
}

export interface UploadInput {
  filename: string;
  body: Readable;
  /** Size announced by the client (Content-Length); lets an obviously too large upload fail before any byte is read. */
  declaredSize?: number;
}

export interface UploadedAttachment {
  id: string;
  filename: string;
  size: number;
  mimeType: string;
}

// Plain text is recognised from its first bytes; this much is kept while streaming for that check.
const HEAD_BYTES = 64 * 1024;
// A multipart body carries a few hundred bytes of headers around the file.
const MULTIPART_SLACK = 64 * 1024;

/**
 * 督查室经办人 and unit clerks/leaders: stores one file (streamed, size- and quota-limited, checked by content) as
 * an uncommitted attachment of theirs, to be claimed by the task or report they save next. On any
 * failure neither a row nor a stored file remains.
 */
export async function uploadAttachment(actor: Actor, input: UploadInput, rules?: AttachmentRules): Promise<UploadedAttachment> {
  const limits = rules ?? (await getAttachmentRules());
  const remaining = await admitUpload(actor, input.declaredSize, limits);

  const filename = cleanFilename(input.filename);
  if (!filename) throw validation("请选择要上传的文件");
  const ext = extensionOf(filename);
  if (!ext) throw validation(typeNotAllowedMessage(`${filename}（没有扩展名）`));
  if (!isSupportedExtension(ext) || !limits.extensions.includes(ext)) throw validation(typeNotAllowedMessage(`.${ext}`));

  const hash = createHash("sha256");
  let size = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      // Stop reading as soon as the limit is passed: the store discards its partial write.
      if (size > limits.maxBytes) return callback(tooLarge(limits.maxMb));
      if (size > remaining) return callback(overQuota(limits, limits.quotaBytes - remaining));
      hash.update(chunk);
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      callback(null, chunk);
    },
  });
  // Errors of the source (client went away, malformed multipart) reach the store through the meter.
  let sourceFailed = false;
  input.body.once("error", () => (sourceFailed = true));
  const metered = pipeline(input.body, meter, () => {});

  const store = getFileStore();
  let storageKey: string;
  try {
    storageKey = await store.put(metered);
  } catch (error) {
    // First: a full disk also ends the source (the pipeline destroys it), which is not the client's doing. The store
    // removed its partial write (FileStore.put); the user learns why, the administrator what to do.
    if (isStorageFull(error)) throw storageFull();
    // A failing store ends the request stream too; that is the store's fault, not a broken upload.
    if (!isDomainError(error) && !(error instanceof FileStoreUnavailableError) && sourceFailed) throw validation("上传中断或数据不完整，请重试");
    throw error;
  }
  try {
    const sniffed = ext === "txt" ? undefined : await sniffStoredFile(store, storageKey);
    const verdict = judgeFileType({ filename, sniffed, head: Buffer.concat(head), size, rules: limits });
    if (!verdict.ok) throw validation(verdict.message);
    const sha256 = hash.digest("hex");
    return await getDb().transaction(async (tx) => {
      if (limits.quotaBytes > 0) {
        // Two uploads of one user finishing at once: the second waits, then sees the first in the total.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`upload_quota:${actor.userId}`}))`);
        const used = await uploadedTodayBytes(actor.userId, tx);
        if (used + size > limits.quotaBytes) throw overQuota(limits, used);
      }
      const [row] = await tx
        .insert(attachments)
        .values({ filename, mimeType: verdict.mimeType, size, sha256, storageKey, uploadedById: actor.userId, committed: false })
        .returning({ id: attachments.id, filename: attachments.filename, size: attachments.size, mimeType: attachments.mimeType });
      return row!;
    });
  } catch (error) {
    await store.delete(storageKey).catch((e: unknown) => console.error("[attachments] could not remove rejected upload", storageKey, e));
    throw error;
  }
}
