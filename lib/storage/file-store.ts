import type { Readable } from "node:stream";

/**
 * Where attachment bytes live. Keys are opaque, random and chosen by the store (never derived from a
 * user's filename); the database row maps a key to its filename, type and owner. Local disk is the
 * default (one intranet server); an S3-compatible store implements the same calls so that
 * several app servers can share files.
 */
export interface FileStore {
  /**
   * Streams `body` into the store and returns the new key. The object becomes visible only when the
   * whole body was written: if `body` errors (for instance because a size limit was exceeded) the
   * promise rejects with that error and nothing is left behind.
   */
  put(body: Readable, options?: { contentType?: string }): Promise<string>;
  /** The object's bytes. Rejects with `FileNotFoundError` when the key does not exist. */
  get(key: string): Promise<Readable>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every stored object's key (partial uploads excluded), in no particular order: what a backup or a check walks. */
  keys(): AsyncIterable<string>;
  /**
   * Writes `body` under a key this store handed out earlier (a restore puts files back where their rows
   * point); a key not of the store's own format is refused. Atomic like `put`, and replaces an object
   * already stored under that key.
   */
  putAt(key: string, body: Readable): Promise<void>;
  /**
   * Optional housekeeping: removes partial writes older than `before` left by a crash mid-upload
   * (an S3 store would abort stale multipart uploads here).
   */
  purgeIncomplete?(before: Date): Promise<number>;
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`stored file not found: ${key}`);
    this.name = "FileNotFoundError";
  }
}
