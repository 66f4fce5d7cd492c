// A small stand-in for the three UploadThing services the server SDK (`UTApi` from uploadthing/server, v7)
// talks to, so that UploadThingFileStore can be tested without internet access. Test-only: nothing here ships.
//
//   API     (UTApi option apiUrl,    default https://api.uploadthing.com): POST /v6/listFiles, /v6/deleteFiles
//   ingest  (option ingestUrl,       default https://<region>.<token.ingestHost>): PUT /<fileKey>?…&signature=
//   CDN/UFS (option ufsHost + ufsAppIdLocation "path"): GET /a/<appId>/<fileKey or customId>?expires=…&signature=
//
// It checks what the real services are documented to check and what the SDK relies on: the API key header,
// the HMAC-SHA256 signature and expiry of ingest and file URLs (signed with the token's apiKey over the URL
// without its `signature` parameter), one file per customId. It is written from the SDK's own requests
// (node_modules/uploadthing/server/index.js) and the public docs, not from UploadThing's server code, which is
// not published: behaviour the SDK cannot show (for example the exact reply to deleting a missing key) is an
// assumption, listed in README "UploadThing（可选，需外网）".
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface StandInFile {
  key: string;
  customId: string | null;
  name: string;
  size: number;
  type: string;
  bytes: Buffer;
  status: "Uploaded" | "Uploading" | "Failed" | "Deletion Pending";
  uploadedAt: number;
}

export interface UploadThingStandIn {
  readonly port: number;
  /** The base64 token an app would get from the UploadThing dashboard, pointing at nothing real. */
  readonly token: string;
  readonly appId: string;
  readonly files: Map<string, StandInFile>;
  /** Every request as "METHOD path", for tests that assert what was (not) sent. */
  readonly requests: string[];
  /** The next ingest PUT reads the whole body, then answers 500 and keeps a "Failed" record (a failing store). */
  failNextUpload(): void;
  /** The next file read gets no answer at all until the stand-in closes (a file host that hangs). */
  hangNextRead(): void;
  close(): Promise<void>;
}

/** `maxPage` caps listFiles pages (as a real API caps its page size), so that paging is exercised with few files. */
export async function startUploadThingStandIn(options: { port?: number; maxPage?: number } = {}): Promise<UploadThingStandIn> {
  const maxPage = options.maxPage ?? 500;
  const apiKey = `sk_test_${randomUUID().replaceAll("-", "")}`;
  const appId = "standinapp";
  const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["sea1"] })).toString("base64");
  const files = new Map<string, StandInFile>();
  const requests: string[] = [];
  let failUpload = false;
  let hangRead = false;

  const byKeyOrCustomId = (id: string) => files.get(id) ?? [...files.values()].find((f) => f.customId === id);

  function signedUrlValid(req: IncomingMessage): boolean {
    const full = `http://${req.headers.host}${req.url}`;
    const at = full.lastIndexOf("&signature=");
    if (at < 0) return false;
    const payload = full.slice(0, at);
    const given = decodeURIComponent(full.slice(at + "&signature=".length));
    const expected = `hmac-sha256=${createHmac("sha256", apiKey).update(payload).digest("hex")}`;
    const expires = Number(new URL(full).searchParams.get("expires"));
    return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected)) && expires > Date.now();
  }

  async function body(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  function json(res: ServerResponse, status: number, value: unknown) {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.headers["x-uploadthing-api-key"] !== apiKey) return json(res, 401, { error: "Invalid API key" });
    const input = JSON.parse((await body(req)).toString("utf8") || "{}") as Record<string, unknown>;
    if (path === "/v6/listFiles") {
      const limit = Math.min(typeof input.limit === "number" ? input.limit : maxPage, maxPage);
      const offset = typeof input.offset === "number" ? input.offset : 0;
      const all = [...files.values()].sort((a, b) => a.uploadedAt - b.uploadedAt);
      return json(res, 200, {
        hasMore: offset + limit < all.length,
        files: all.slice(offset, offset + limit).map(({ key, customId, name, size, status, uploadedAt }) => ({ id: key, key, customId, name, size, status, uploadedAt })),
      });
    }
    if (path === "/v6/deleteFiles") {
      const ids = (input.fileKeys ?? input.customIds) as string[] | undefined;
      if (!Array.isArray(ids)) return json(res, 400, { error: "fileKeys or customIds required" });
      let deletedCount = 0;
      for (const id of ids) {
        const file = input.fileKeys ? files.get(id) : [...files.values()].find((f) => f.customId === id);
        if (file && files.delete(file.key)) deletedCount++;
      }
      return json(res, 200, { success: true, deletedCount });
    }
    json(res, 404, { error: `not in the stand-in: ${path}` });
  }

  async function ingest(req: IncomingMessage, res: ServerResponse, key: string) {
    if (!signedUrlValid(req)) return json(res, 403, { error: "Invalid signature" });
    const params = new URL(req.url!, "http://x").searchParams;
    if (decodeURIComponent(params.get("x-ut-identifier") ?? "") !== appId) return json(res, 403, { error: "Wrong app" });
    // The SDK sends the file as multipart form data in one field named "file".
    const form = await new Request("http://x", { method: "PUT", headers: { "content-type": req.headers["content-type"] ?? "" }, body: new Uint8Array(await body(req)) }).formData();
    const file = form.get("file");
    if (!(file instanceof Blob)) return json(res, 400, { error: "file field missing" });
    const customId = params.get("x-ut-custom-id") ? decodeURIComponent(params.get("x-ut-custom-id")!) : null;
    if (customId && [...files.values()].some((f) => f.customId === customId)) return json(res, 409, { error: "customId already exists" });
    const record: StandInFile = {
      key,
      customId,
      name: decodeURIComponent(params.get("x-ut-file-name") ?? ""),
      size: file.size,
      type: decodeURIComponent(params.get("x-ut-file-type") ?? ""),
      bytes: Buffer.from(await file.arrayBuffer()),
      status: "Uploaded",
      uploadedAt: Date.now(),
    };
    if (failUpload) {
      failUpload = false;
      files.set(key, { ...record, status: "Failed" });
      return json(res, 500, { error: "storage backend failed" });
    }
    files.set(key, record);
    const ufsUrl = `http://${req.headers.host}/a/${appId}/${key}`;
    json(res, 200, { url: ufsUrl, appUrl: ufsUrl, ufsUrl, fileHash: createHash("md5").update(record.bytes).digest("hex") });
  }

  function serve(req: IncomingMessage, res: ServerResponse, id: string) {
    if (hangRead) {
      hangRead = false;
      return;
    }
    if (!signedUrlValid(req)) return json(res, 403, { error: "Invalid signature" });
    const file = byKeyOrCustomId(id);
    if (!file || file.status !== "Uploaded") return json(res, 404, { error: "Not found" });
    res.writeHead(200, { "content-type": file.type || "application/octet-stream", "content-length": file.size });
    res.end(req.method === "HEAD" ? undefined : file.bytes);
  }

  const server: Server = createServer((req, res) => {
    const path = new URL(req.url!, "http://x").pathname;
    requests.push(`${req.method} ${path}`);
    const handle = async () => {
      if (req.method === "POST" && path.startsWith("/v6/")) return api(req, res, path);
      const served = /^\/a\/([^/]+)\/([^/]+)$/.exec(path);
      if ((req.method === "GET" || req.method === "HEAD") && served && served[1] === appId) return serve(req, res, decodeURIComponent(served[2]!));
      const ingested = /^\/([^/]+)$/.exec(path);
      if (req.method === "PUT" && ingested) return ingest(req, res, ingested[1]!);
      json(res, 404, { error: "Not found" });
    };
    handle().catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(options.port ?? 0, "127.0.0.1", resolve));

  return {
    port: (server.address() as AddressInfo).port,
    token,
    appId,
    files,
    requests,
    failNextUpload: () => void (failUpload = true),
    hangNextRead: () => void (hangRead = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
