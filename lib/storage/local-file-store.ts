import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, opendir, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  FileNotFoundError,
  FileStoreUnavailableError,
  InvalidStorageKeyError,
  isStorageKey,
  newStorageKey,
  type FileStore,
} from "./file-store";

const TEMP_DIR = ".incoming";
// The disk itself failed (full, read-only, I/O error, permissions changed under the app): a fault of the
// store, not of the upload, so the user is told to retry later instead of seeing "系统繁忙".
const STORE_FAULTS = new Set(["ENOSPC", "EDQUOT", "EROFS", "EIO", "EACCES", "EPERM", "EMFILE", "ENFILE"]);

/**
 * Files on the local disk under `root` (keep it outside any publicly served folder). Writes go to a
 * temporary file in the same file system and are renamed into place once complete, so a reader never
 * sees a half-written file and a failed upload leaves nothing under a real key. The first two characters
 * of a key name a sub-folder so that no folder grows past a few thousand files.
 */
export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  async put(body: Readable): Promise<string> {
    const key = newStorageKey();
    await this.write(key, body);
    return key;
  }

  async putAt(key: string, body: Readable): Promise<void> {
    if (!isStorageKey(key)) {
      body.destroy();
      throw new InvalidStorageKeyError(key);
    }
    await this.write(key, body);
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    try {
      await stat(file);
    } catch (error) {
      if (isMissing(error)) throw new FileNotFoundError(key);
      throw error;
    }
    return createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    if (!isStorageKey(key)) return;
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    if (!isStorageKey(key)) return false;
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async *keys(): AsyncIterable<string> {
    let top;
    try {
      top = await opendir(this.root);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // opendir reads the folder in batches: a million files are never listed into one array.
    for await (const folder of top) {
      if (!folder.isDirectory() || !/^[0-9a-f]{2}$/.test(folder.name)) continue;
      for await (const entry of await opendir(path.join(this.root, folder.name))) {
        if (entry.isFile() && isStorageKey(entry.name) && entry.name.startsWith(folder.name)) yield entry.name;
      }
    }
  }

  async purgeIncomplete(before: Date): Promise<number> {
    const tempDir = path.join(this.root, TEMP_DIR);
    let names: string[];
    try {
      names = await readdir(tempDir);
    } catch (error) {
      if (isMissing(error)) return 0;
      throw error;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(tempDir, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtime < before) {
        await rm(file, { force: true });
        removed++;
      }
    }
    return removed;
  }

  /** Streams into a temporary file, then renames it to the key's path (replacing an older file of that key). */
  private async write(key: string, body: Readable): Promise<void> {
    // pipeline() destroys the body with the disk's error too: an error counts as the body's own only when the
    // file being written did not fail first.
    let bodyError: unknown;
    let diskError: unknown;
    body.once("error", (error) => (bodyError ??= error));
    const tempDir = path.join(this.root, TEMP_DIR);
    // A unique temporary name, so two restores of one key cannot write into the same file.
    const temp = path.join(tempDir, `${key}.${newStorageKey().slice(0, 8)}.part`);
    try {
      await mkdir(tempDir, { recursive: true });
      const file = createWriteStream(temp, { flags: "wx", mode: 0o640 });
      file.once("error", (error) => (diskError ??= error));
      await pipeline(body, file);
      const target = this.pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      body.destroy();
      await rm(temp, { force: true }).catch(() => {});
      if (bodyError !== undefined && bodyError !== diskError) throw bodyError;
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code && STORE_FAULTS.has(code)) throw new FileStoreUnavailableError(`${code} writing ${this.root}`, { cause: error });
      throw error;
    }
  }

  /** Only keys of the store's format map to a path: nothing a caller passes can escape `root`. */
  private pathOf(key: string): string {
    if (!isStorageKey(key)) throw new FileNotFoundError(key);
    return path.join(this.root, key.slice(0, 2), key);
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}
