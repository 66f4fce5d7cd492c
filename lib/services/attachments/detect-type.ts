import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { fileTypeFromStream } from "file-type";
import type { FileStore } from "@/lib/storage";

/**
 * What the magic bytes of a stored file say it is (`file-type` extension such as "pdf", "cfb",
 * "docx"), or undefined when it has no known signature. Reads only as much as the detector needs.
 */
export async function sniffStoredFile(store: FileStore, key: string): Promise<string | undefined> {
  const stream = await store.get(key);
  try {
    // A web stream works with both of the package's entry points (node and default conditions).
    const result = await fileTypeFromStream(Readable.toWeb(stream) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>);
    return result?.ext;
  } finally {
    stream.destroy();
  }
}
