import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileNotFoundError, type FileStore } from "./file-store";

// 32 hex characters; the first two name a sub-folder so that no folder grows past a few thousand files.
const KEY_PATTERN = /^([0-9a-f]{2})([0-9a-f]{30})$/;
const TEMP_DIR = ".incoming";

/**
 * Files on the local disk under `root` (keep it outside any publicly served folder). Writes go to a
 * temporary file in the same file system and are renamed into place once complete, so a reader never
 * sees a half-written file and a failed upload leaves nothing under a real key.
 */
export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  async put(body: Readable): Promise<string> {
    const key = randomBytes(16).toString("hex");
    await this.writeAtomically(key, body);
    return key;
  }

  async putAt(key: string, body: Readable): Promise<void> {
    if (!KEY_PATTERN.test(key)) {
      body.destroy();
      throw new Error(`存储键格式不正确：${JSON.stringify(key.slice(0, 80))}`);
    }
    await this.writeAtomically(key, body);
  }

  async *keys(): AsyncIterable<string> {
    let folders: string[];
    try {
      folders = await readdir(this.root);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const folder of folders.sort()) {
      // Only the two-hex-digit shards hold objects; `.incoming` holds partial writes, which are not objects.
      if (!/^[0-9a-f]{2}$/.test(folder)) continue;
      const entries = await readdir(path.join(this.root, folder), { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.isFile() && KEY_PATTERN.test(entry.name) && entry.name.startsWith(folder)) yield entry.name;
      }
    }
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
    if (!KEY_PATTERN.test(key)) return;
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    if (!KEY_PATTERN.test(key)) return false;
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
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

  /** Streams into a temporary file beside the store, then renames it into place: all or nothing. */
  private async writeAtomically(key: string, body: Readable): Promise<void> {
    const tempDir = path.join(this.root, TEMP_DIR);
    await mkdir(tempDir, { recursive: true });
    // A random suffix: two writes of one key (a restore run twice at once) never share a temporary file.
    const temp = path.join(tempDir, `${key}.${randomBytes(4).toString("hex")}.part`);
    try {
      await pipeline(body, createWriteStream(temp, { flags: "wx", mode: 0o640 }));
      const target = this.pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      body.destroy();
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** Only keys this store generated map to a path: nothing a caller passes can escape `root`. */
  private pathOf(key: string): string {
    const match = KEY_PATTERN.exec(key);
    if (!match) throw new FileNotFoundError(key);
    return path.join(this.root, match[1]!, key);
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}
