import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { s3Leftovers, startTestS3, type TestS3 } from "@/test/s3";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import { DomainError } from "@/lib/domain/errors";
import { S3FileStore, setFileStore } from "@/lib/storage";
import type { Actor } from "@/lib/domain/policy";

// The upload and download route handlers as Next calls them, on an S3 file store (the npm stand-in started
// here), with the signed-in user replaced by `viewer`.
let viewer: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({
  getViewer: async () => viewer,
  actingViewer: async () => {
    if (!viewer) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
    return viewer;
  },
}));

const { POST } = await import("@/app/api/attachments/route");
const { GET } = await import("@/app/api/attachments/[id]/route");

const PREFIX = "attachments/";
let cleanupDb: () => Promise<void>;
let s3: TestS3;
let store: S3FileStore;

beforeAll(async () => {
  ({ cleanup: cleanupDb } = await useTestDatabase());
  s3 = await startTestS3();
  store = new S3FileStore({ ...s3.config, prefix: PREFIX });
  setFileStore(store);
  const [row] = await getDb().query.users.findMany({ where: (u, { eq: e }) => e(u.username, "jw_jbr"), columns: { id: true } });
  viewer = (await loadActor(getDb(), row!.id))!;
});
afterAll(async () => {
  setFileStore(undefined);
  await s3.stop();
  await cleanupDb();
});

function uploadRequest(filename: string, bytes: Buffer) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], filename, { type: "application/octet-stream" }));
  return new Request("http://localhost/api/attachments", { method: "POST", body: form });
}
const download = (id: string) => GET(new Request(`http://localhost/api/attachments/${id}`), { params: Promise.resolve({ id }) });
async function rowCount() {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(attachments);
  return row!.n;
}
const leftovers = () => s3Leftovers(store, s3.config.bucket, PREFIX);
// Larger than one 5 MiB upload part: goes to S3 as a multipart upload.
const bigPdf = () => Buffer.concat([samples.pdf(), Buffer.alloc(7 * 1024 * 1024, 0x20)]);

describe("uploads on an S3 file store", () => {
  let uploadedId: string;

  it("stores small and multipart uploads as objects under the prefix and serves them back", async () => {
    for (const [name, bytes] of [["整改报告.docx", samples.docx()], ["扫描件.pdf", bigPdf()]] as const) {
      const response = await POST(uploadRequest(name, bytes));
      expect(response.status).toBe(201);
      const { id } = await response.json();
      const [row] = await getDb().select().from(attachments).where(eq(attachments.id, id));
      expect(await store.exists(row!.storageKey)).toBe(true);
      const served = await download(id);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
      uploadedId = id;
    }
    expect((await leftovers()).every((key) => key.startsWith(PREFIX) && !key.startsWith("upload:"))).toBe(true);
  });

  it("answers 503 in Chinese when the store refuses the upload, keeping no row, no object and no parts", async () => {
    const before = { rows: await rowCount(), stored: (await leftovers()).sort() };
    s3.standIn.setRefusePut(true);
    try {
      for (const [name, bytes] of [["通知.pdf", samples.pdf()], ["扫描件.pdf", bigPdf()]] as const) {
        const response = await POST(uploadRequest(name, bytes));
        expect(response.status).toBe(503);
        expect(await response.json()).toEqual({ code: "STORE_UNAVAILABLE", message: "文件存储暂不可用，请稍后重试" });
        expect(response.headers.get("retry-after")).toBe("30");
      }
    } finally {
      s3.standIn.setRefusePut(false);
    }
    expect({ rows: await rowCount(), stored: (await leftovers()).sort() }).toEqual(before);
  });

  it("answers 503 (not 404, not 500) to uploads and downloads while the store is down, keeping no row", async () => {
    const rows = await rowCount();
    await s3.standIn.close();
    const started = Date.now();
    const response = await POST(uploadRequest("通知.pdf", samples.pdf()));
    expect(response.status).toBe(503);
    expect((await response.json()).message).toBe("文件存储暂不可用，请稍后重试");
    const served = await download(uploadedId);
    expect(served.status).toBe(503);
    expect((await served.json()).message).toBe("文件存储暂不可用，请稍后重试");
    // Refused connections are retried briefly: the user waits seconds, not minutes.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await rowCount()).toBe(rows);
  });
});
