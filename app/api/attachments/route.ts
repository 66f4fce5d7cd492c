import { actingViewer } from "@/lib/auth/viewer";
import { getAttachmentRules } from "@/lib/data/attachments";
import { admitUpload, uploadAttachment } from "@/lib/services/attachments/upload-attachment";
import { readMultipartFile, type MultipartUpload } from "@/lib/storage/multipart";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { errorResponse } from "./respond";

export const dynamic = "force-dynamic";

/**
 * Upload one file (multipart field `file`) as an uncommitted attachment of the signed-in user.
 * Answers 201 {id, filename, size, mimeType}, or an error status with {code, message} in Chinese.
 */
export async function POST(request: Request): Promise<Response> {
  let upload: MultipartUpload | undefined;
  try {
    const viewer = await actingViewer();
    // A valid cookie is not enough: another site's page could post with it (server actions check this too).
    assertSameOrigin(request);
    const rules = await getAttachmentRules();
    const header = Number(request.headers.get("content-length"));
    const declaredSize = Number.isFinite(header) && header > 0 ? header : undefined;
    // Permission, announced size and 每人每日上传总量 before a byte of the body is read (413 at once).
    await admitUpload(viewer, declaredSize, rules);
    upload = readMultipartFile(request, { maxBytes: rules.maxBytes });
    const file = await upload.file;
    const result = await uploadAttachment(viewer, { filename: file.filename, body: file.stream, declaredSize }, rules);
    return Response.json(result, { status: 201, headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    upload?.abort();
    return errorResponse(error);
  }
}
