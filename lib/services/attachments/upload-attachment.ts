import { createHash } from "node:crypto";
import { pipeline, Transform, type Readable } from "node:stream";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { getAttachmentRules } from "@/lib/data/attachments";
import { DomainError, forbidden, isDomainError, validation } from "@/lib/domain/errors";
import {
  cleanFilename,
  extensionOf,
  isSupportedExtension,
  judgeFileType,
  tooLargeMessage,
  typeNotAllowedMessage,
  type AttachmentRules,
} from "@/lib/domain/file-types";
import type { Permission } from "@/lib/domain/permissions";
import { canAny, type Actor } from "@/lib/domain/policy";
import { getFileStore } from "@/lib/storage";
import { sniffStoredFile } from "./detect-type";

/** Whoever registers tasks or handles / signs assignments may upload files for them. */
export const UPLOAD_PERMISSIONS: readonly Permission[] = ["task.register", "assignment.handle", "assignment.sign"];

/** A VALIDATION error the HTTP layer answers with 413. */
export const tooLarge = (maxMb: number) => new DomainError("VALIDATION", tooLargeMessage(maxMb), { detail: { reason: "too_large" } });

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
 * 督查室经办人 and unit clerks/leaders: stores one file (streamed, size-limited, checked by content) as
 * an uncommitted attachment of theirs, to be claimed by the task or report they save next. On any
 * failure neither a row nor a stored file remains.
 */
export async function uploadAttachment(actor: Actor, input: UploadInput, rules?: AttachmentRules): Promise<UploadedAttachment> {
  if (!canAny(actor, UPLOAD_PERMISSIONS)) throw forbidden("您没有上传附件的权限");
  const limits = rules ?? (await getAttachmentRules());

  const filename = cleanFilename(input.filename);
  if (!filename) throw validation("请选择要上传的文件");
  const ext = extensionOf(filename);
  if (!ext) throw validation(typeNotAllowedMessage(`${filename}（没有扩展名）`));
  if (!isSupportedExtension(ext) || !limits.extensions.includes(ext)) throw validation(typeNotAllowedMessage(`.${ext}`));
  if (input.declaredSize !== undefined && input.declaredSize > limits.maxBytes + MULTIPART_SLACK) throw tooLarge(limits.maxMb);

  const hash = createHash("sha256");
  let size = 0;
  const head: Buffer[] = [];
  let headLength = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      // Stop reading as soon as the limit is passed: the store discards its partial write.
      if (size > limits.maxBytes) return callback(tooLarge(limits.maxMb));
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
    if (!isDomainError(error) && sourceFailed) throw validation("上传中断或数据不完整，请重试");
    throw error;
  }
  try {
    const sniffed = ext === "txt" ? undefined : await sniffStoredFile(store, storageKey);
    const verdict = judgeFileType({ filename, sniffed, head: Buffer.concat(head), size, rules: limits });
    if (!verdict.ok) throw validation(verdict.message);
    const [row] = await getDb()
      .insert(attachments)
      .values({
        filename,
        mimeType: verdict.mimeType,
        size,
        sha256: hash.digest("hex"),
        storageKey,
        uploadedById: actor.userId,
        committed: false,
      })
      .returning({ id: attachments.id, filename: attachments.filename, size: attachments.size, mimeType: attachments.mimeType });
    return row!;
  } catch (error) {
    await store.delete(storageKey).catch((e: unknown) => console.error("[attachments] could not remove rejected upload", storageKey, e));
    throw error;
  }
}
