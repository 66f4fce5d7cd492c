import { randomBytes } from "node:crypto";
import type { Readable } from "node:stream";

/**
 * Where attachment bytes live. Keys are opaque, random and chosen by the store (never derived from a
 * user's filename); the database row maps a key to its filename, type and owner. Local disk is the
 * default (one intranet server); the S3-compatible store (MinIO, Ceph RGW, AWS) implements the same
 * calls so that several app servers share the files. Both use one key format, so a backup taken from
 * one kind of store restores into the other.
 */
export interface FileStore {
  /**
   * Streams `body` into the store and returns the new key. The object becomes visible only when the
   * whole body was written: if `body` errors (for instance because a size limit was exceeded) the
   * promise rejects with that error and nothing is left behind. A failing store rejects with
   * `FileStoreUnavailableError`, also leaving nothing behind as far as the store still answers.
   */
  put(body: Readable, options?: { contentType?: string }): Promise<string>;
  /**
   * Writes `body` under a key this store's format accepts (restore from a backup), replacing an object
   * of that key, with the same all-or-nothing rule as `put`. Any other key is refused with
   * `InvalidStorageKeyError` before a byte is read.
   */
  putAt(key: string, body: Readable): Promise<void>;
  /** The object's bytes. Rejects with `FileNotFoundError` when the key does not exist. */
  get(key: string): Promise<Readable>;
  /** Removes the object; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /**
   * Every stored key (complete objects only, in no particular order), read page by page so that a
   * million files never sit in memory at once: backups and the orphan-file check walk it.
   */
  keys(): AsyncIterable<string>;
  /**
   * Housekeeping: removes partial writes older than `before` left by a crash mid-upload (temporary
   * files on disk, stale multipart uploads in S3). Returns how many it removed.
   */
  purgeIncomplete(before: Date): Promise<number>;
}

/**
 * 32 lowercase hex characters (128 random bits). Nothing a caller passes in is ever turned into a path or
 * an object name unless it has this shape, so no key can reach outside the store's folder or prefix.
 */
export const STORAGE_KEY_PATTERN = /^[0-9a-f]{32}$/;

export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

export function isStorageKey(key: string): boolean {
  return STORAGE_KEY_PATTERN.test(key);
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`stored file not found: ${key}`);
    this.name = "FileNotFoundError";
  }
}

/** putAt was given something that is not a key of the store's format (a tampered or foreign backup). */
export class InvalidStorageKeyError extends Error {
  constructor(key: string) {
    super(`not a storage key: ${JSON.stringify(key.slice(0, 80))}`);
    this.name = "InvalidStorageKeyError";
  }
}

/**
 * The store itself failed (object store down or refusing, disk full or read-only): not the user's fault
 * and worth a retry later. The HTTP layer answers 503 with FILE_STORE_UNAVAILABLE_MESSAGE; `cause` has the
 * detail for the log.
 */
export class FileStoreUnavailableError extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`file store unavailable: ${detail}`, options);
    this.name = "FileStoreUnavailableError";
  }
}

export const FILE_STORE_UNAVAILABLE_MESSAGE = "文件存储暂不可用，请稍后重试";
