import { DomainError } from "@/lib/domain/errors";

const tooLarge = (message: string) => new DomainError("VALIDATION", message, { fieldErrors: { file: message }, detail: { reason: "too_large" } });

/**
 * The request's multipart/form-data body, read into memory only up to `maxBytes` (a declared length
 * over it is refused before reading; a chunked body is cut off as soon as it passes it). For route
 * handlers whose body is small enough to buffer (the Excel user import) but must not be unbounded.
 */
export async function readLimitedFormData(request: Request, maxBytes: number, message: string): Promise<FormData> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(message);
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) throw new DomainError("VALIDATION", "上传格式不正确，请重新选择文件");
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(message);
    }
    chunks.push(value);
  }
  try {
    return await new Response(new Blob(chunks as BlobPart[]), { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new DomainError("VALIDATION", "上传数据不完整，请重试");
  }
}
