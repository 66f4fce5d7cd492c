import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { UTApi, UTFile } from "uploadthing/server";
import { FileNotFoundError, type FileStore, FileStoreUnavailableError, InvalidStorageKeyError } from "./file-store";

/**
 * Where the UTApi sends its requests. Every host is configurable (the SDK's own options, read here from the
 * same UPLOADTHING_* variables the SDK knows), which is what lets the tests run against a local stand-in.
 */
export interface UploadThingStoreOptions {
  /** The dashboard's UPLOADTHING_TOKEN: base64 JSON { apiKey, appId, regions, ingestHost? }. */
  token: string;
  /** API host (list, delete). Default https://api.uploadthing.com. */
  apiUrl?: string;
  /** Upload host. Default https://<first region>.<token ingestHost, else ingest.uploadthing.com>. */
  ingestUrl?: string;
  /** File host. Default ufs.sh; plain http only when the name contains "local" (the SDK's rule). */
  ufsHost?: string;
  /** "subdomain" (<appId>.<ufsHost>/f/<key>, the default) or "path" (<ufsHost>/a/<appId>/<key>). */
  ufsAppIdLocation?: "subdomain" | "path";
  /** How long a read waits for the file host's first answer (default 30 s). */
  fetchTimeoutMs?: number;
}

// Our keys, not UploadThing's: 32 random hex characters stored as the file's customId. UploadThing's own file
// keys are generated inside the SDK, so with them a backup could not put a file back under its recorded key
// (putAt); a customId can be chosen, is unique per app, and the file host serves files by it as well.
const KEY_PATTERN = /^[0-9a-f]{32}$/;
// A signed file URL lives only for the one server-side read it was made for; it never reaches a browser.
const SIGNED_URL_SECONDS = 60;
const LIST_PAGE = 500;

/**
 * Attachment bytes at UploadThing (optional backend, needs internet access; README "UploadThing（可选，需外网）").
 * Uploads and downloads still pass through this app's own scope-checked routes: the store only talks to
 * UploadThing from the server, and the browser never sees an UploadThing URL.
 */
export class UploadThingFileStore implements FileStore {
  private readonly api: UTApi;
  private readonly fetchTimeoutMs: number;

  constructor(options: UploadThingStoreOptions) {
    parseUploadThingToken(options.token);
    this.fetchTimeoutMs = options.fetchTimeoutMs ?? 30_000;
    this.api = new UTApi({
      token: options.token,
      apiUrl: options.apiUrl,
      ingestUrl: options.ingestUrl,
      ufsHost: options.ufsHost,
      ufsAppIdLocation: options.ufsAppIdLocation,
      defaultKeyType: "customId",
      // The SDK's own log lines are JSON in English; our errors below carry what an operator needs.
      logLevel: "Error",
    });
  }

  async put(body: Readable, options?: { contentType?: string }): Promise<string> {
    const key = randomBytes(16).toString("hex");
    await this.send(key, await readAll(body), options?.contentType);
    return key;
  }

  /**
   * Stores `body` under a key chosen by the caller (restoring a backup). UploadThing cannot overwrite a
   * customId, so an existing object is deleted first: only after the whole body has been read, so a failing
   * body never costs the old copy.
   */
  async putAt(key: string, body: Readable, options?: { contentType?: string }): Promise<void> {
    if (!KEY_PATTERN.test(key)) {
      body.destroy();
      throw new InvalidStorageKeyError(key);
    }
    const content = await readAll(body);
    if (await this.exists(key)) await this.remote("删除旧副本", () => this.api.deleteFiles(key));
    await this.send(key, content, options?.contentType);
  }

  async get(key: string): Promise<Readable> {
    const response = await this.fetchFile(key);
    if (!response) throw new FileNotFoundError(key);
    return Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    if (!KEY_PATTERN.test(key)) return;
    await this.remote("删除", () => this.api.deleteFiles(key));
  }

  async exists(key: string): Promise<boolean> {
    const response = await this.fetchFile(key);
    // Only the status matters: stop the transfer instead of downloading the file.
    await response?.body?.cancel();
    return response !== null;
  }

  /** Every key this store put (files uploaded to the app by other means have no such customId). */
  async *keys(): AsyncIterable<string> {
    for await (const file of this.listAll()) {
      if (file.status === "Uploaded" && file.customId && KEY_PATTERN.test(file.customId)) yield file.customId;
    }
  }

  /** Removes files UploadThing still lists as "Uploading" or "Failed" (an upload that broke off) from before `before`. */
  async purgeIncomplete(before: Date): Promise<number> {
    const stale: string[] = [];
    for await (const file of this.listAll()) {
      if ((file.status === "Uploading" || file.status === "Failed") && file.uploadedAt < before.getTime()) stale.push(file.key);
    }
    if (stale.length === 0) return 0;
    const { deletedCount } = await this.remote("清理未完成的上传", () => this.api.deleteFiles(stale, { keyType: "fileKey" }));
    return deletedCount;
  }

  /** Every file of the app, page by page; the offset advances by what came back, as the API may cap a page. */
  private async *listAll() {
    for (let offset = 0; ; ) {
      const page = await this.remote("列出文件", () => this.api.listFiles({ limit: LIST_PAGE, offset }));
      yield* page.files;
      if (!page.hasMore || page.files.length === 0) return;
      offset += page.files.length;
    }
  }

  private async send(key: string, content: Blob, contentType = "application/octet-stream"): Promise<void> {
    // The SDK uploads a Blob in one request, so the body is read whole first (an attachment is at most the
    // configured per-file limit, 50 MB by default). A body that fails never reaches UploadThing at all.
    // The file's name at UploadThing is the key: users' filenames stay in our database only.
    const file = new UTFile([content], key, { customId: key, type: contentType });
    // uploadFiles reports a refused upload in its result; a network failure still throws.
    const result = await this.remote("上传", () => this.api.uploadFiles(file, { contentDisposition: "attachment" }));
    if (result.error) {
      // The ingest service may have kept a record of the broken upload: remove it now (purgeIncomplete
      // catches it later if this fails too).
      await this.api.deleteFiles(key).catch(() => undefined);
      throw new UploadThingUnavailableError(`上传（${result.error.code}）：${result.error.message}`);
    }
  }

  /** The file's bytes from the file host through a short-lived signed URL, or null when it does not exist. */
  private async fetchFile(key: string): Promise<Response | null> {
    if (!KEY_PATTERN.test(key)) return null;
    const { ufsUrl } = await this.api.generateSignedURL(key, { expiresIn: SIGNED_URL_SECONDS });
    // A file host that does not answer must not hold a download or an upload check open: give up on the
    // headers after fetchTimeoutMs, but never cut off a long download once it has started.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`UploadThing 文件服务 ${this.fetchTimeoutMs / 1000} 秒内无响应`)), this.fetchTimeoutMs);
    let response: Response;
    try {
      response = await this.remote("读取文件", () => fetch(ufsUrl, { redirect: "follow", signal: abort.signal }));
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new UploadThingUnavailableError(`读取文件：HTTP ${response.status}`);
    }
    return response;
  }

  /** Every failure of the service itself (refused, unreachable, malformed answer) as one error type. */
  private async remote<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new UploadThingUnavailableError(what, error);
    }
  }
}

/**
 * UploadThing failed or could not be reached: not the user's fault, worth a retry later. The detail (and the
 * SDK's error as `cause`) is for the log. It is a FileStoreUnavailableError, so the upload and download routes
 * answer 503 with the same Chinese message as for the other stores, not a 500.
 */
export class UploadThingUnavailableError extends FileStoreUnavailableError {
  constructor(detail: string, cause?: unknown) {
    super(`UploadThing 存储不可用：${detail}${cause instanceof Error ? `（${cause.message}）` : ""}`, { cause });
    this.name = "UploadThingUnavailableError";
  }
}

/**
 * FILE_STORE=uploadthing: the options from the environment, under the names the SDK itself reads
 * (UPLOADTHING_TOKEN, UPLOADTHING_API_URL, UPLOADTHING_INGEST_URL, UPLOADTHING_UFS_HOST,
 * UPLOADTHING_UFS_APP_ID_LOCATION). A missing or malformed value stops the start with the variable named.
 */
export function uploadThingOptionsFromEnv(source: Record<string, string | undefined> = process.env): UploadThingStoreOptions {
  const token = source.UPLOADTHING_TOKEN;
  if (!token) throw new Error("FILE_STORE=uploadthing 需要环境变量 UPLOADTHING_TOKEN（UploadThing 控制台“API Keys”页的令牌），当前未设置");
  const url = (name: string) => {
    const value = source[name];
    if (!value) return undefined;
    if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new Error(`环境变量 ${name} 必须是 http(s) 地址，当前为 "${value}"`);
    return value;
  };
  const location = source.UPLOADTHING_UFS_APP_ID_LOCATION || undefined;
  if (location !== undefined && location !== "subdomain" && location !== "path") {
    throw new Error(`环境变量 UPLOADTHING_UFS_APP_ID_LOCATION 只能是 subdomain 或 path，当前为 "${location}"`);
  }
  return {
    token,
    apiUrl: url("UPLOADTHING_API_URL"),
    ingestUrl: url("UPLOADTHING_INGEST_URL"),
    ufsHost: source.UPLOADTHING_UFS_HOST || undefined,
    ufsAppIdLocation: location,
  };
}

/**
 * Checks the token's shape before anything is sent, so a pasted half-token stops the start with a clear
 * message instead of failing on the first upload. The SDK itself only checks when it first needs the token.
 */
export function parseUploadThingToken(token: string): { apiKey: string; appId: string; regions: string[]; ingestHost?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const t = parsed as { apiKey?: unknown; appId?: unknown; regions?: unknown; ingestHost?: unknown } | undefined;
  const valid =
    typeof t?.apiKey === "string" &&
    t.apiKey !== "" &&
    typeof t.appId === "string" &&
    t.appId !== "" &&
    Array.isArray(t.regions) &&
    t.regions.length > 0 &&
    t.regions.every((r) => typeof r === "string") &&
    (t.ingestHost === undefined || typeof t.ingestHost === "string");
  if (!valid) {
    throw new Error("环境变量 UPLOADTHING_TOKEN 无效：应为 UploadThing 控制台“API Keys”页给出的令牌（Base64 编码的 JSON，含 apiKey、appId、regions）");
  }
  return t as { apiKey: string; appId: string; regions: string[]; ingestHost?: string };
}

/** The whole body as a Blob (the chunks themselves, not a second copy); rejects if the body fails. */
async function readAll(body: Readable): Promise<Blob> {
  // Stream chunks are Buffers over plain ArrayBuffers; TypeScript types them as possibly shared ones.
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  try {
    for await (const chunk of body) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array<ArrayBuffer>));
  } catch (error) {
    body.destroy();
    throw error;
  }
  return new Blob(chunks);
}
