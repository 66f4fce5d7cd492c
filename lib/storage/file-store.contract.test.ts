import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { CreateMultipartUploadCommand, PutObjectCommand, UploadPartCommand } from "@aws-sdk/client-s3";
import { s3Leftovers, startTestS3, type TestS3 } from "@/test/s3";
import { FileNotFoundError, FileStoreUnavailableError, InvalidStorageKeyError, newStorageKey, type FileStore } from "./file-store";
import { LocalFileStore } from "./local-file-store";
import { S3FileStore } from "./s3-file-store";

/**
 * One contract, two stores: every case runs against LocalFileStore on a temporary folder and against
 * S3FileStore on the npm S3 stand-in (scripts/s3-stand-in.mjs) started here. `leftovers` is what a store
 * holds besides complete objects — temporary files on disk, open multipart uploads and raw objects in S3 —
 * so "nothing left behind" is checked where it could actually remain.
 */
interface Harness {
  store: FileStore;
  /** Every raw entry the store holds: files under the folder / objects and open multipart uploads under the prefix. */
  leftovers(): Promise<string[]>;
  /** A partial write as a crash would leave it. */
  makePartial(): Promise<void>;
  /** Something under the store's folder or prefix that is not one of its objects. */
  addForeignFile(): Promise<void>;
}

interface Backend {
  name: string;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
  /** A fresh, empty store for one test. */
  fresh(): Promise<Harness>;
  /** S3 only: makes the store refuse uploads (PUT) until called with false. */
  refuseWrites?(value: boolean): void;
  /** S3 only: a store whose endpoint has nothing listening. */
  unreachable?(): Promise<FileStore>;
}

const MB = 1024 * 1024;

const localBackend = (): Backend => {
  let base: string;
  let n = 0;
  return {
    name: "LocalFileStore",
    async setUp() {
      base = await mkdtemp(path.join(tmpdir(), "dcdb-store-"));
    },
    tearDown: () => rm(base, { recursive: true, force: true }),
    async fresh() {
      const root = path.join(base, String(++n));
      return {
        store: new LocalFileStore(root),
        leftovers: async () =>
          (await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []))
            .filter((e) => e.isFile())
            .map((e) => path.relative(root, path.join(e.parentPath, e.name))),
        async makePartial() {
          await mkdir(path.join(root, ".incoming"), { recursive: true });
          await writeFile(path.join(root, ".incoming", `${newStorageKey()}.part`), "half");
        },
        async addForeignFile() {
          await mkdir(path.join(root, "ab"), { recursive: true });
          await writeFile(path.join(root, "readme.txt"), "x");
          await writeFile(path.join(root, "ab", "not-a-key"), "x");
        },
      };
    },
  };
};

const s3Backend = (): Backend => {
  let s3: TestS3;
  let n = 0;
  return {
    name: "S3FileStore",
    async setUp() {
      s3 = await startTestS3();
    },
    tearDown: () => s3.stop(),
    async fresh() {
      // A prefix per test keeps the tests apart in one bucket, and exercises S3_PREFIX throughout.
      const prefix = `run-${++n}/`;
      // Two keys a page: keys() must follow continuation tokens as soon as there are three objects.
      const { config } = s3;
      const store = new S3FileStore({ ...config, prefix }, { listPageSize: 2 });
      const client = store.client;
      return {
        store,
        leftovers: () => s3Leftovers(store, config.bucket, prefix),
        async makePartial() {
          const Key = `${prefix}${newStorageKey()}`;
          const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: config.bucket, Key }));
          await client.send(new UploadPartCommand({ Bucket: config.bucket, Key, UploadId, PartNumber: 1, Body: Buffer.alloc(1024) }));
        },
        async addForeignFile() {
          await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: `${prefix}readme.txt`, Body: "x" }));
          await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: `${prefix}sub/${newStorageKey()}`, Body: "x" }));
          await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: `elsewhere/${newStorageKey()}`, Body: "x" }));
        },
      };
    },
    refuseWrites: (value) => s3.standIn.setRefusePut(value),
    async unreachable() {
      return new S3FileStore({ ...s3.config, endpoint: `http://127.0.0.1:${await freePort()}` });
    },
  };
};

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function allKeys(store: FileStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.keys()) keys.push(key);
  return keys.sort();
}

/** `size` bytes in 64 KiB chunks of unknown total length (as an upload arrives), failing after `failAfter` bytes if given. */
function body(size: number, options: { failAfter?: number; seed?: number; error?: Error } = {}): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) {
        this.destroy(options.error ?? new Error("client went away"));
        return;
      }
      if (sent >= size) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(64 * 1024, size - sent), ((options.seed ?? 1) + sent / (64 * 1024)) & 255);
      sent += chunk.length;
      // Let the consumer start before the failure, as a network stream would.
      setImmediate(() => this.push(chunk));
    },
  });
}

const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

describe.each([localBackend(), s3Backend()])("FileStore contract: $name", (backend) => {
  let h: Harness;
  beforeAll(() => backend.setUp());
  afterAll(() => backend.tearDown());
  beforeEach(async () => {
    h = await backend.fresh();
  });

  it("puts, reads back, reports and deletes an object under a random key", async () => {
    const a = await h.store.put(Readable.from([Buffer.from("第一份")]), { contentType: "text/plain" });
    const b = await h.store.put(Readable.from([Buffer.from("第二份")]));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect((await read(await h.store.get(a))).toString()).toBe("第一份");
    expect(await h.store.exists(a)).toBe(true);
    await h.store.delete(a);
    await h.store.delete(a);
    expect(await h.store.exists(a)).toBe(false);
    await expect(h.store.get(a)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await allKeys(h.store)).toEqual([b]);
  });

  it("streams a body of unknown length larger than one upload part intact", async () => {
    const expected = await read(body(11 * MB, { seed: 7 }));
    const key = await h.store.put(body(11 * MB, { seed: 7 }));
    expect(sha(await read(await h.store.get(key)))).toBe(sha(expected));
    expect(await h.leftovers()).toHaveLength(1);
  });

  it("answers a missing or malformed key with FileNotFoundError / false, so no key reaches outside the store", async () => {
    for (const key of [newStorageKey(), "../../etc/passwd", "/etc/passwd", "ab/../../x", "", "A".repeat(32), `${newStorageKey()}/x`]) {
      await expect(h.store.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
      expect(await h.store.exists(key)).toBe(false);
      await h.store.delete(key);
    }
  });

  it.each([
    ["before the first part is complete", 200 * 1024],
    ["after a multipart upload has begun", 6 * MB],
  ])("leaves nothing behind when the body fails %s", async (_when, failAfter) => {
    await expect(h.store.put(body(12 * MB, { failAfter }))).rejects.toThrow("client went away");
    expect(await allKeys(h.store)).toEqual([]);
    expect(await h.leftovers()).toEqual([]);
  });

  it("passes the body's own error through (a size limit), not a store error", async () => {
    const tooLarge = new Error("文件超过 1 MB 限制");
    await expect(h.store.put(body(3 * MB, { failAfter: 1 * MB, error: tooLarge }))).rejects.toBe(tooLarge);
    expect(await h.leftovers()).toEqual([]);
  });

  it("putAt writes at a key of the store's format, replacing what was there", async () => {
    const key = newStorageKey();
    await h.store.putAt(key, Readable.from([Buffer.from("旧")]));
    await h.store.putAt(key, body(6 * MB, { seed: 3 }));
    expect(sha(await read(await h.store.get(key)))).toBe(sha(await read(body(6 * MB, { seed: 3 }))));
    expect(await allKeys(h.store)).toEqual([key]);
  });

  it("putAt refuses anything but a key of the store's format, storing nothing and reading nothing", async () => {
    for (const key of ["../../etc/passwd", "ab/cd", "", "A".repeat(32), `${newStorageKey()}0`, `x${newStorageKey()}`, ".incoming/x"]) {
      const source = Readable.from([Buffer.from("x")]);
      await expect(h.store.putAt(key, source)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      expect(source.destroyed).toBe(true);
    }
    expect(await h.leftovers()).toEqual([]);
  });

  it("putAt leaves nothing behind when its body fails", async () => {
    await expect(h.store.putAt(newStorageKey(), body(8 * MB, { failAfter: 6 * MB }))).rejects.toThrow("client went away");
    expect(await h.leftovers()).toEqual([]);
  });

  it("keys() lists every stored object, over several pages, and nothing else", async () => {
    const stored: string[] = [];
    for (let i = 0; i < 7; i++) stored.push(await h.store.put(Readable.from([Buffer.from(`第${i}份`)])));
    await h.addForeignFile();
    await h.makePartial();
    expect(await allKeys(h.store)).toEqual(stored.sort());
  });

  it("purgeIncomplete removes partial writes older than the cut-off and keeps complete objects", async () => {
    const kept = await h.store.put(Readable.from([Buffer.from("完整")]));
    await h.makePartial();
    expect(await h.store.purgeIncomplete(new Date(Date.now() - 60_000))).toBe(0);
    expect(await h.leftovers()).toHaveLength(2);
    expect(await h.store.purgeIncomplete(new Date(Date.now() + 60_000))).toBe(1);
    expect(await h.leftovers()).toHaveLength(1);
    expect(await allKeys(h.store)).toEqual([kept]);
  });

  // Registered only for stores that can be made to fail this way (S3), rather than reported as skipped for the others.
  if (backend.refuseWrites) it("a store refusing uploads half-way fails with FileStoreUnavailableError and keeps no parts", async () => {
    backend.refuseWrites!(true);
    try {
      for (const size of [100 * 1024, 12 * MB]) {
        const source = body(size);
        await expect(h.store.put(source)).rejects.toBeInstanceOf(FileStoreUnavailableError);
        expect(source.destroyed).toBe(true);
      }
    } finally {
      backend.refuseWrites!(false);
    }
    expect(await h.leftovers()).toEqual([]);
  });

  if (backend.unreachable) it("an unreachable store fails every call with FileStoreUnavailableError, never FileNotFoundError", async () => {
    const store = await backend.unreachable!();
    const started = Date.now();
    await expect(store.put(body(100 * 1024))).rejects.toBeInstanceOf(FileStoreUnavailableError);
    await expect(store.get(newStorageKey())).rejects.toBeInstanceOf(FileStoreUnavailableError);
    await expect(store.exists(newStorageKey())).rejects.toBeInstanceOf(FileStoreUnavailableError);
    await expect(allKeys(store)).rejects.toBeInstanceOf(FileStoreUnavailableError);
    // Refused connections are retried briefly, not for minutes: the user gets an answer at once.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
