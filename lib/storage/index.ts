import path from "node:path";
import { env } from "@/lib/env";
import type { FileStore } from "./file-store";
import { LocalFileStore } from "./local-file-store";
import { UploadThingFileStore, uploadThingOptionsFromEnv } from "./uploadthing-file-store";

export { FileNotFoundError, type FileStore } from "./file-store";
export { LocalFileStore } from "./local-file-store";

/**
 * Attachment storage folder: STORAGE_DIR, or "files" inside DATA_DIR (./data/files by default). It is
 * never under public/, and files are only ever served by the scope-checked download route.
 */
export function storageDir(): string {
  const configured = process.env.STORAGE_DIR;
  return configured ? path.resolve(/* turbopackIgnore: true */ process.cwd(), configured) : path.join(env.dataDir, "files");
}

// One store per process, on globalThis because Next evaluates modules more than once (route layers).
const globalForStore = globalThis as unknown as { __dcdbFileStore?: FileStore };

export function getFileStore(): FileStore {
  globalForStore.__dcdbFileStore ??= createFileStore();
  return globalForStore.__dcdbFileStore;
}

/**
 * At start (instrumentation.ts): FILE_STORE=uploadthing without a valid UPLOADTHING_TOKEN, or an unknown
 * FILE_STORE, ends the process with the reason in the log. Throwing would not: Next logs a failing register(),
 * still listens and answers every request with 500 (seen with next 16.4 behind server.mjs).
 */
export function requireFileStore(): void {
  try {
    getFileStore();
  } catch (error) {
    console.error(`[storage] ${error instanceof Error ? error.message : String(error)}。服务未启动。`);
    process.exit(1);
  }
}

/**
 * FILE_STORE picks the backend: local disk unless told otherwise. UploadThing needs internet access, so it is
 * never chosen by a token alone, only by FILE_STORE=uploadthing (README "UploadThing（可选，需外网）").
 */
function createFileStore(): FileStore {
  const kind = process.env.FILE_STORE || "local";
  if (kind === "local") return new LocalFileStore(storageDir());
  if (kind === "uploadthing") return new UploadThingFileStore(uploadThingOptionsFromEnv());
  throw new Error(`环境变量 FILE_STORE 只能是 local 或 uploadthing，当前为 "${kind}"`);
}

/** Lets tests (and later an S3 configuration) install another store. */
export function setFileStore(store: FileStore | undefined): void {
  globalForStore.__dcdbFileStore = store;
}
