import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtemp, readdir, rm } from "node:fs/promises";
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

  it("lists every stored object but no partial upload, and puts a file back under its old key", async () => {
    const a = await store.put(Readable.from([Buffer.from("甲")]));
    const b = await store.put(Readable.from([Buffer.from("乙")]));
    const stalled = new Readable({ read() {} });
    stalled.push(Buffer.from("半截"));
    const pending = store.put(stalled);
    const listed: string[] = [];
    for await (const key of store.keys()) listed.push(key);
    expect(listed.sort()).toEqual([a, b].sort());
    stalled.destroy(new Error("gone"));
    await expect(pending).rejects.toThrow("gone");

    const other = new LocalFileStore(path.join(root, "restored"));
    await other.putAt(a, Readable.from([Buffer.from("甲")]));
    await other.putAt(a, Readable.from([Buffer.from("甲，覆盖")]));
    expect(await read(await other.get(a))).toBe("甲，覆盖");
    const restored: string[] = [];
    for await (const key of other.keys()) restored.push(key);
    expect(restored).toEqual([a]);
  });

  it("refuses to put a file under a key it could not have made", async () => {
    for (const key of ["../../etc/passwd", "A".repeat(32), "abc", ""]) {
      await expect(store.putAt(key, Readable.from([Buffer.from("x")]))).rejects.toThrow("存储键格式不正确");
    }
    expect(await files()).toEqual([]);
  });
});
