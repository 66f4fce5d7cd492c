import { Readable } from "node:stream";
import { actingViewer } from "@/lib/auth/viewer";
import { findDownloadableAttachment } from "@/lib/data/attachments";
import { notFound } from "@/lib/domain/errors";
import { discardAttachment } from "@/lib/services/attachments/discard-attachment";
import { FileNotFoundError, getFileStore } from "@/lib/storage";
import { fileResponse } from "@/lib/http/file-response";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { errorResponse } from "../respond";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Download, with the task's scope rules; anything the viewer may not see is 404, never 403. */
export async function GET(_request: Request, context: Context): Promise<Response> {
  try {
    const viewer = await actingViewer();
    const { id } = await context.params;
    const file = await findDownloadableAttachment(viewer, id);
    if (!file) throw notFound("附件");
    let stream: Readable;
    try {
      stream = await getFileStore().get(file.storageKey);
    } catch (error) {
      if (error instanceof FileNotFoundError) {
        console.error("[attachments] row without stored file", file.id, file.storageKey);
        throw notFound("附件");
      }
      throw error;
    }
    return fileResponse(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { filename: file.filename, contentType: file.mimeType, size: file.size });
  } catch (error) {
    return errorResponse(error);
  }
}

/** The uploader discards their own upload that no saved task or report has claimed yet. */
export async function DELETE(request: Request, context: Context): Promise<Response> {
  try {
    const viewer = await actingViewer();
    assertSameOrigin(request);
    const { id } = await context.params;
    await discardAttachment(viewer, id);
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
