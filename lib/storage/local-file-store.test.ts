import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { FileNotFoundError } from "./file-store";
import { LocalFileStore } from "./local-file-store";

let root: string;
let store: LocalFileStore;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "dcdb-store-"));
  store = new LocalFileStore(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function files() {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}
async function read(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe("LocalFileStore", () => {
  it("puts, reads back, reports and deletes an object under a random key", async () => {
    const a = await store.put(Readable.from([Buffer.from("第一份")]));
    const b = await store.put(Readable.from([Buffer.from("第二份")]));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(await read(await store.get(a))).toBe("第一份");
    expect(await store.exists(a)).toBe(true);
    await store.delete(a);
    await store.delete(a);
    expect(await store.exists(a)).toBe(false);
    await expect(store.get(a)).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it("leaves no file at all when the incoming stream fails half-way", async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.alloc(100_000));
    setTimeout(() => body.destroy(new Error("client went away")), 10);
    await expect(store.put(body)).rejects.toThrow("client went away");
    expect(await files()).toEqual([]);
  });

  it("maps only keys it generated to paths, so no key can reach outside its folder", async () => {
    for (const key of ["../../etc/passwd", "/etc/passwd", "ab/../../x", "", "A".repeat(32)]) {
      await expect(store.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
      expect(await store.exists(key)).toBe(false);
      await store.delete(key);
    }
  });

  it("lists the keys of finished writes only: no partial write, no stray file", async () => {
    const a = await store.put(Readable.from([Buffer.from("一")]));
    const b = await store.put(Readable.from([Buffer.from("二")]));
    const failing = new Readable({ read() {} });
    failing.push(Buffer.alloc(10));
    setTimeout(() => failing.destroy(new Error("gone")), 5);
    await store.put(failing).catch(() => undefined);
    await writeFile(path.join(root, "notes.txt"), "not a key");
    const listed: string[] = [];
    for await (const key of store.keys()) listed.push(key);
    expect(listed.sort()).toEqual([a, b].sort());
    expect(await listKeys(new LocalFileStore(path.join(root, "missing")))).toEqual([]);
  });
});

async function listKeys(s: LocalFileStore) {
  const out: string[] = [];
  for await (const key of s.keys()) out.push(key);
  return out;
}
