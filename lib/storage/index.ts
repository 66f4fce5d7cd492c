import { fileStoreConfig, localStorageDir } from "./config";
import type { FileStore } from "./file-store";
import { LocalFileStore } from "./local-file-store";
import { S3FileStore } from "./s3-file-store";
import { UploadThingFileStore } from "./uploadthing-file-store";
import { requireConfig } from "@/lib/startup/require-config";

export {
  FileNotFoundError,
  FileStoreUnavailableError,
  FILE_STORE_UNAVAILABLE_MESSAGE,
  InvalidStorageKeyError,
  isStorageKey,
  type FileStore,
} from "./file-store";
export { LocalFileStore } from "./local-file-store";
export { S3FileStore } from "./s3-file-store";
export { fileStoreConfig, parseFileStoreConfig, type FileStoreConfig } from "./config";

/**
 * Attachment storage folder of the local store: STORAGE_DIR, or "files" inside DATA_DIR (./data/files by
 * default). It is never under public/, and files are only ever served by the scope-checked download route.
 */
export function storageDir(): string {
  return localStorageDir();
}

// One store per process, on globalThis because Next evaluates modules more than once (route layers).
const globalForStore = globalThis as unknown as { __dcdbFileStore?: FileStore };

/** The store FILE_STORE names (local disk by default, or an S3-compatible bucket). */
export function getFileStore(): FileStore {
  if (!globalForStore.__dcdbFileStore) {
    const config = fileStoreConfig();
    globalForStore.__dcdbFileStore =
      config.kind === "s3" ? new S3FileStore(config) : config.kind === "uploadthing" ? new UploadThingFileStore(config) : new LocalFileStore(config.dir);
  }
  return globalForStore.__dcdbFileStore;
}

/**
 * At start (instrumentation.ts): a FILE_STORE configuration that cannot work (a variable missing or malformed)
 * ends the process with the reason in the log. Throwing would not: Next logs a failing register(), still
 * listens and answers every request with 500 (seen with next 16.4 behind server.mjs).
 */
export function requireFileStore(): void {
  requireConfig("storage", getFileStore);
}

/** Lets tests install another store (undefined: back to the configured one). */
export function setFileStore(store: FileStore | undefined): void {
  globalForStore.__dcdbFileStore = store;
}
