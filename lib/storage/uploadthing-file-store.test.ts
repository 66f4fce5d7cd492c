import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Readable } from "node:stream";
import { startUploadThingStandIn, type UploadThingStandIn } from "@/test/uploadthing-stand-in";
import { FileNotFoundError, FileStoreUnavailableError, InvalidStorageKeyError } from "./file-store";
import { getFileStore, requireFileStore, setFileStore } from "./index";
import {
  parseUploadThingToken,
  UploadThingFileStore,
  uploadThingOptionsFromEnv,
  UploadThingUnavailableError,
  type UploadThingStoreOptions,
} from "./uploadthing-file-store";

// The stand-in (test/uploadthing-stand-in.ts) answers for UploadThing's API, ingest and file hosts on one local
// port; the store reaches it only through the SDK's host options, exactly as it would reach the real service.
// Pages of two files, so that listing has to follow hasMore/offset with a handful of files.
const PORT = Number(process.env.UT_STAND_IN_PORT ?? 3910);
let ut: UploadThingStandIn;
let store: UploadThingFileStore;
const hosts = (): Omit<UploadThingStoreOptions, "token"> => {
  const base = `http://127.0.0.1:${ut.port}`;
  // The SDK speaks plain http to a file host only when its name contains "local"; "path" keeps the app id out
  // of the host name, which would not resolve here.
  return { apiUrl: base, ingestUrl: base, ufsHost: `localhost:${ut.port}`, ufsAppIdLocation: "path" };
};

beforeAll(async () => {
  ut = await startUploadThingStandIn({ port: PORT, maxPage: 2 });
  // The SDK prints two deprecation warnings per upload from inside uploadFiles (file.url, file.appUrl).
  vi.spyOn(console, "warn").mockImplementation(() => {});
});
afterAll(() => ut.close());
beforeEach(() => {
  ut.files.clear();
  ut.requests.length = 0;
  store = new UploadThingFileStore({ token: ut.token, ...hosts() });
});

async function read(stream: Readable) {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
async function all(keys: AsyncIterable<string>) {
  const out: string[] = [];
  for await (const key of keys) out.push(key);
  return out.sort();
}
const text = (s: string) => Readable.from([Buffer.from(s)]);

describe("UploadThingFileStore against the local stand-in", () => {
  it("puts, reads back, reports and deletes an object under a random key of its own", async () => {
    const a = await store.put(text("第一份"));
    const b = await store.put(text("第二份"), { contentType: "application/pdf" });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    // UploadThing holds the key as customId and name: the user's filename never leaves our database.
    const stored = [...ut.files.values()].find((f) => f.customId === a)!;
    expect(stored.name).toBe(a);
    expect(stored.bytes.toString()).toBe("第一份");
    expect([...ut.files.values()].find((f) => f.customId === b)!.type).toBe("application/pdf");

    expect(await read(await store.get(a))).toBe("第一份");
    expect(await store.exists(a)).toBe(true);
    await store.delete(a);
    await store.delete(a);
    expect(await store.exists(a)).toBe(false);
    await expect(store.get(a)).rejects.toBeInstanceOf(FileNotFoundError);
    expect(await read(await store.get(b))).toBe("第二份");
  });

  it("sends nothing to UploadThing when the incoming stream fails half-way", async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.alloc(100_000));
    setTimeout(() => body.destroy(new Error("client went away")), 10);
    await expect(store.put(body)).rejects.toThrow("client went away");
    expect(ut.files.size).toBe(0);
    expect(ut.requests).toEqual([]);
  });

  it("rejects with the service's error and leaves no record when UploadThing fails the upload", async () => {
    ut.failNextUpload();
    await expect(store.put(text("半截"))).rejects.toBeInstanceOf(UploadThingUnavailableError);
    // The stand-in kept a "Failed" record, as an ingest service may; the store removed it at once.
    expect(ut.files.size).toBe(0);
  });

  it("asks UploadThing about no key it did not generate, so nothing a caller passes reaches a URL path", async () => {
    for (const key of ["../../v6/deleteFiles", "/etc/passwd", "ab/../../x", "", "A".repeat(32), "0".repeat(31)]) {
      await expect(store.get(key)).rejects.toBeInstanceOf(FileNotFoundError);
      expect(await store.exists(key)).toBe(false);
      await store.delete(key);
    }
    expect(ut.requests).toEqual([]);
  });

  it("fails loudly, not as 'missing', when UploadThing refuses the credentials", async () => {
    const key = await store.put(text("机密"));
    const otherKey = Buffer.from(JSON.stringify({ apiKey: "sk_live_wrong", appId: ut.appId, regions: ["sea1"] })).toString("base64");
    const wrong = new UploadThingFileStore({ token: otherKey, ...hosts() });
    // A wrongly signed file URL is refused (403): reporting that as "file missing" would hide a misconfiguration.
    await expect(wrong.exists(key)).rejects.toThrow("HTTP 403");
    await expect(wrong.get(key)).rejects.toThrow("HTTP 403");
    await expect(wrong.delete(key)).rejects.toThrow(/UploadThing 存储不可用：删除（.*401/);
    await expect(wrong.put(text("x"))).rejects.toThrow(/UploadThing 存储不可用：上传/);
    await expect(all(wrong.keys())).rejects.toThrow(/UploadThing 存储不可用：列出文件/);
  });

  it("reports an unreachable UploadThing as unavailable, not as a missing file", async () => {
    const key = await store.put(text("内容"));
    const closed = `http://127.0.0.1:${ut.port + 20}`;
    const away = new UploadThingFileStore({ token: ut.token, apiUrl: closed, ingestUrl: closed, ufsHost: `localhost:${ut.port + 20}`, ufsAppIdLocation: "path" });
    for (const call of [() => away.get(key), () => away.exists(key), () => away.delete(key), () => away.put(text("x")), () => all(away.keys())]) {
      await expect(call()).rejects.toBeInstanceOf(UploadThingUnavailableError);
      // …which is the store-wide "unavailable" error the upload and download routes answer with 503.
      await expect(call()).rejects.toBeInstanceOf(FileStoreUnavailableError);
    }
    expect(await store.exists(key)).toBe(true);
  });

  it("gives up on a file host that does not answer instead of holding the request open", async () => {
    const key = await store.put(text("内容"));
    const impatient = new UploadThingFileStore({ token: ut.token, ...hosts(), fetchTimeoutMs: 300 });
    ut.hangNextRead();
    const started = Date.now();
    await expect(impatient.get(key)).rejects.toThrow(/无响应/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await read(await impatient.get(key))).toBe("内容");
  });

  it("lists every key it stored across pages, and no file that is not one of its keys", async () => {
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await store.put(text(`第${i}份`)));
    const now = Date.now();
    // Files put into the app another way (dashboard, another program) carry no key of ours.
    ut.files.set("foreign", { key: "foreign", customId: null, name: "x.pdf", size: 1, type: "", bytes: Buffer.from("x"), status: "Uploaded", uploadedAt: now });
    ut.files.set("broken", { key: "broken", customId: "f".repeat(32), name: "", size: 0, type: "", bytes: Buffer.alloc(0), status: "Failed", uploadedAt: now });
    expect(await all(store.keys())).toEqual(keys.sort());
    // Seven files in pages of two: four list requests.
    expect(ut.requests.filter((r) => r === "POST /v6/listFiles")).toHaveLength(4);
  });

  it("puts an object back under a recorded key (restore) and replaces an existing one", async () => {
    const key = "0123456789abcdef0123456789abcdef";
    await store.putAt(key, text("备份中的内容"));
    expect(await read(await store.get(key))).toBe("备份中的内容");
    await store.putAt(key, text("再次恢复"));
    expect(await read(await store.get(key))).toBe("再次恢复");
    expect([...ut.files.values()].filter((f) => f.customId === key)).toHaveLength(1);
    expect(await all(store.keys())).toEqual([key]);

    // A failing body costs nothing: the copy already there stays.
    const body = new Readable({ read() {} });
    setTimeout(() => body.destroy(new Error("backup unreadable")), 10);
    await expect(store.putAt(key, body)).rejects.toThrow("backup unreadable");
    expect(await read(await store.get(key))).toBe("再次恢复");
    await expect(store.putAt("../x", text("x"))).rejects.toBeInstanceOf(InvalidStorageKeyError);
  });

  it("purges broken-off uploads older than the cut-off and keeps finished files and recent attempts", async () => {
    const kept = await store.put(text("完整"));
    const hourAgo = Date.now() - 3_600_000;
    const stale = { customId: null, name: "", size: 0, type: "", bytes: Buffer.alloc(0), uploadedAt: hourAgo };
    ut.files.set("old-failed", { ...stale, key: "old-failed", status: "Failed" });
    ut.files.set("old-uploading", { ...stale, key: "old-uploading", status: "Uploading" });
    ut.files.set("new-uploading", { ...stale, key: "new-uploading", status: "Uploading", uploadedAt: Date.now() });
    expect(await store.purgeIncomplete(new Date(Date.now() - 60_000))).toBe(2);
    expect(ut.files.has("old-failed")).toBe(false);
    expect(ut.files.has("old-uploading")).toBe(false);
    expect(ut.files.has("new-uploading")).toBe(true);
    expect(await store.exists(kept)).toBe(true);
    expect(await store.purgeIncomplete(new Date())).toBe(1);
  });
});

describe("UploadThing configuration", () => {
  const token = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

  it("accepts a dashboard token and refuses a malformed one with the variable named", () => {
    expect(parseUploadThingToken(token({ apiKey: "sk_live_1", appId: "app", regions: ["sea1"], ingestHost: "ingest.example" }))).toMatchObject({ appId: "app" });
    for (const bad of ["", "not base64 json", token({ apiKey: "sk", appId: "app" }), token({ apiKey: "sk", appId: "app", regions: [] }), token({ apiKey: "", appId: "a", regions: ["x"] })]) {
      expect(() => parseUploadThingToken(bad)).toThrow(/UPLOADTHING_TOKEN 无效/);
    }
  });

  it("reads the token and host overrides from the UPLOADTHING_* variables the SDK uses", () => {
    const t = token({ apiKey: "sk", appId: "app", regions: ["sea1"] });
    expect(uploadThingOptionsFromEnv({ UPLOADTHING_TOKEN: t })).toEqual({ token: t, apiUrl: undefined, ingestUrl: undefined, ufsHost: undefined, ufsAppIdLocation: undefined });
    expect(
      uploadThingOptionsFromEnv({
        UPLOADTHING_TOKEN: t,
        UPLOADTHING_API_URL: "http://ut.local:1",
        UPLOADTHING_INGEST_URL: "https://ingest.example",
        UPLOADTHING_UFS_HOST: "files.example",
        UPLOADTHING_UFS_APP_ID_LOCATION: "path",
      }),
    ).toEqual({ token: t, apiUrl: "http://ut.local:1", ingestUrl: "https://ingest.example", ufsHost: "files.example", ufsAppIdLocation: "path" });
    expect(() => uploadThingOptionsFromEnv({})).toThrow(/需要环境变量 UPLOADTHING_TOKEN/);
    expect(() => uploadThingOptionsFromEnv({ UPLOADTHING_TOKEN: t, UPLOADTHING_API_URL: "api.uploadthing.com" })).toThrow(/UPLOADTHING_API_URL 必须是 http\(s\) 地址/);
    expect(() => uploadThingOptionsFromEnv({ UPLOADTHING_TOKEN: t, UPLOADTHING_INGEST_URL: "ftp://x" })).toThrow(/UPLOADTHING_INGEST_URL/);
    expect(() => uploadThingOptionsFromEnv({ UPLOADTHING_TOKEN: t, UPLOADTHING_UFS_APP_ID_LOCATION: "query" })).toThrow(/subdomain 或 path/);
  });

  describe("FILE_STORE", () => {
    afterEach(() => {
      vi.unstubAllEnvs();
      setFileStore(undefined);
    });

    it("stays on local disk with a token alone, and uses UploadThing only when chosen", () => {
      vi.stubEnv("UPLOADTHING_TOKEN", ut.token);
      vi.stubEnv("FILE_STORE", "");
      expect(getFileStore().constructor.name).toBe("LocalFileStore");
      setFileStore(undefined);
      vi.stubEnv("FILE_STORE", "uploadthing");
      expect(getFileStore()).toBeInstanceOf(UploadThingFileStore);
    });

    it("refuses FILE_STORE=uploadthing without a token, and an unknown backend, naming the variable", () => {
      vi.stubEnv("UPLOADTHING_TOKEN", "");
      vi.stubEnv("FILE_STORE", "uploadthing");
      expect(() => getFileStore()).toThrow(/UPLOADTHING_TOKEN/);
      vi.stubEnv("FILE_STORE", "dropbox");
      expect(() => getFileStore()).toThrow(/FILE_STORE 只能是/);
    });

    it("ends the process at start with the reason logged, rather than serving errors", () => {
      const exit = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      try {
        vi.stubEnv("FILE_STORE", "uploadthing");
        vi.stubEnv("UPLOADTHING_TOKEN", "");
        requireFileStore();
        expect(exit).toHaveBeenCalledWith(1);
        expect(logged.mock.calls[0]![0]).toMatch(/UPLOADTHING_TOKEN.*服务未启动/);
        exit.mockClear();
        vi.stubEnv("UPLOADTHING_TOKEN", ut.token);
        requireFileStore();
        expect(exit).not.toHaveBeenCalled();
      } finally {
        exit.mockRestore();
        logged.mockRestore();
      }
    });
  });
});
