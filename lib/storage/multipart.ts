import Busboy from "busboy";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { validation } from "@/lib/domain/errors";

export interface IncomingFile {
  /** As the browser sent it (decoded as UTF-8, so Chinese names survive). */
  filename: string;
  /** The file's bytes, streamed as they arrive; errors if the request breaks off. */
  stream: Readable;
}

export interface MultipartUpload {
  file: Promise<IncomingFile>;
  /** Stops reading the request (after a failure), so the rest of the body is not parsed. */
  abort(): void;
}

/**
 * Reads a multipart/form-data request carrying one file in the field `file`, without buffering it:
 * the returned stream yields the bytes as they arrive. Other fields and further files are ignored.
 * `maxBytes` makes the parser itself stop one byte past the limit.
 */
export function readMultipartFile(request: Request, options: { maxBytes: number; field?: string }): MultipartUpload {
  const field = options.field ?? "file";
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data/i.test(contentType) || !request.body) {
    return { file: Promise.reject(validation("上传格式不正确，请使用附件上传控件")), abort: () => {} };
  }
  let busboy: Busboy.Busboy;
  try {
    busboy = Busboy({
      headers: { "content-type": contentType },
      // Browsers send the raw UTF-8 bytes of the filename; busboy would read them as latin1.
      defParamCharset: "utf8",
      limits: { files: 1, fileSize: options.maxBytes + 1, fields: 20, parts: 21, fieldSize: 8 * 1024 },
    });
  } catch {
    return { file: Promise.reject(validation("上传格式不正确，请使用附件上传控件")), abort: () => {} };
  }
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  let current: Readable | undefined;
  const file = new Promise<IncomingFile>((resolve, reject) => {
    let found = false;
    busboy.on("file", (name, stream, info) => {
      if (found || name !== field) {
        stream.resume();
        return;
      }
      found = true;
      current = stream;
      // Past the limit busboy would go on reading (and discarding) the rest of the body: stop the request instead.
      stream.once("limit", () => {
        source.unpipe(busboy);
        source.destroy();
      });
      resolve({ filename: info.filename ?? "", stream });
    });
    busboy.on("error", (error) => {
      const broken = validation("上传数据不完整，请重试");
      if (current) current.destroy(broken);
      reject(broken);
      console.warn("[attachments] multipart parse failed", error);
    });
    busboy.on("close", () => {
      if (!found) reject(validation("请选择要上传的文件"));
    });
  });
  source.on("error", (error) => {
    // The client went away mid-upload: whoever reads the file stream sees the failure.
    current?.destroy(validation("上传中断，请重试"));
    busboy.destroy(error);
  });
  source.pipe(busboy);
  return {
    file,
    abort: () => {
      source.unpipe(busboy);
      source.destroy();
    },
  };
}
