import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import { DomainError } from "@/lib/domain/errors";
import { LocalFileStore, setFileStore } from "@/lib/storage";
import type { Actor } from "@/lib/domain/policy";

// The route handlers are exercised as Next calls them, with the signed-in user replaced by `viewer`.
let viewer: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({
  getViewer: async () => viewer,
  actingViewer: async () => {
    if (!viewer) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
    return viewer;
  },
}));
const afterTasks: Promise<unknown>[] = [];
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => afterTasks.push(task()),
}));

const { POST } = await import("@/app/api/attachments/route");
const { GET, DELETE } = await import("@/app/api/attachments/[id]/route");

let cleanupDb: () => Promise<void>;
let storeRoot: string;
const actors: Record<string, Actor> = {};

beforeAll(async () => {
  ({ cleanup: cleanupDb } = await useTestDatabase());
  storeRoot = await mkdtemp(path.join(tmpdir(), "dcdb-routes-"));
  setFileStore(new LocalFileStore(storeRoot));
  for (const username of ["dcs_jbr", "jw_jbr", "jw_jbr2", "qld"]) {
    const [row] = await getDb().query.users.findMany({ where: (u, { eq: e }) => e(u.username, username), columns: { id: true } });
    actors[username] = (await loadActor(getDb(), row!.id))!;
  }
});
afterAll(async () => {
  await Promise.allSettled(afterTasks);
  setFileStore(undefined);
  await rm(storeRoot, { recursive: true, force: true });
  await cleanupDb();
});

function uploadRequest(filename: string, bytes: Buffer, type = "application/octet-stream", headers: Record<string, string> = {}) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], filename, { type }));
  return new Request("http://localhost/api/attachments", { method: "POST", body: form, headers });
}
const foreign = { host: "localhost", origin: "https://evil.example", "sec-fetch-site": "cross-site" };
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const get = (id: string) => GET(new Request(`http://localhost/api/attachments/${id}`), params(id));

async function storedFiles() {
  const entries = await readdir(storeRoot, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).length;
}
async function rowCount() {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(attachments);
  return row!.n;
}

describe("POST /api/attachments", () => {
  it("answers 401 JSON in Chinese to an anonymous request", async () => {
    viewer = null;
    const response = await POST(uploadRequest("a.pdf", samples.pdf()));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ code: "UNAUTHENTICATED", message: "登录已失效，请重新登录" });
  });

  it("answers 403 to a signed-in user who may not upload", async () => {
    viewer = actors.qld!;
    const response = await POST(uploadRequest("a.pdf", samples.pdf()));
    expect(response.status).toBe(403);
  });

  it("refuses a post from another site's page even with a valid session (403), storing nothing", async () => {
    viewer = actors.jw_jbr!;
    const before = { rows: await rowCount(), files: await storedFiles() };
    for (const headers of <Record<string, string>[]>[foreign, { host: "localhost", origin: "https://evil.example" }, { host: "localhost", "sec-fetch-site": "cross-site" }]) {
      const response = await POST(uploadRequest("a.pdf", samples.pdf(), "application/pdf", headers));
      expect(response.status).toBe(403);
      expect((await response.json()).message).toBe("请求来源不被允许，请从本系统页面操作");
    }
    expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
    const same = await POST(uploadRequest("a.pdf", samples.pdf(), "application/pdf", { host: "localhost", origin: "http://localhost", "sec-fetch-site": "same-origin" }));
    expect(same.status).toBe(201);
  });

  it("stores a multipart upload with its Chinese filename and returns its id", async () => {
    viewer = actors.jw_jbr!;
    const response = await POST(uploadRequest("教委关于督办事项的整改报告（第2版）.docx", samples.docx()));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toEqual({
      id: expect.any(String),
      filename: "教委关于督办事项的整改报告（第2版）.docx",
      size: samples.docx().length,
      mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    });
    const [row] = await getDb().select().from(attachments).where(eq(attachments.id, body.id));
    expect(row).toMatchObject({ committed: false, uploadedById: actors.jw_jbr!.userId });
  });

  it.each([
    ["an executable renamed .pdf", "报告.pdf", samples.exe(), 400, "文件类型不允许：报告.pdf（文件内容与扩展名 .pdf 不符）"],
    ["a disallowed extension", "脚本.js", Buffer.from("alert(1)"), 400, "文件类型不允许：.js"],
  ])("refuses %s with a Chinese message, leaving nothing", async (_what, filename, bytes, status, message) => {
    viewer = actors.jw_jbr!;
    const before = { rows: await rowCount(), files: await storedFiles() };
    const response = await POST(uploadRequest(filename, bytes));
    expect(response.status).toBe(status);
    expect((await response.json()).message).toBe(message);
    expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
  });

  it("refuses a file over the limit with 413, leaving nothing", async () => {
    viewer = actors.jw_jbr!;
    process.env.ATTACHMENT_MAX_MB = "1";
    try {
      const before = { rows: await rowCount(), files: await storedFiles() };
      const response = await POST(uploadRequest("超大.pdf", Buffer.concat([samples.pdf(), Buffer.alloc(1024 * 1024)])));
      expect(response.status).toBe(413);
      expect((await response.json()).message).toBe("文件超过 1 MB 限制");
      expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
    } finally {
      delete process.env.ATTACHMENT_MAX_MB;
    }
  });

  it("answers 400 with a Chinese message to a body cut off mid-file (never 500), leaving nothing", async () => {
    viewer = actors.jw_jbr!;
    const before = { rows: await rowCount(), files: await storedFiles() };
    const full = Buffer.from(await uploadRequest("截断.pdf", Buffer.concat([samples.pdf(), Buffer.alloc(200_000, 0x20)])).arrayBuffer());
    const boundary = /^--(\S+)/.exec(full.toString("latin1"))![1]!;
    const response = await POST(
      new Request("http://localhost/api/attachments", {
        method: "POST",
        body: new Uint8Array(full.subarray(0, 100_000)),
        headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
      }),
    );
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe("上传中断或数据不完整，请重试");
    expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
  });

  it("refuses a request without a file", async () => {
    viewer = actors.jw_jbr!;
    const form = new FormData();
    form.append("note", "x");
    const response = await POST(new Request("http://localhost/api/attachments", { method: "POST", body: form }));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe("请选择要上传的文件");
    const raw = await POST(new Request("http://localhost/api/attachments", { method: "POST", body: "hello", headers: { "content-type": "text/plain" } }));
    expect(raw.status).toBe(400);
  });
});

describe("GET /api/attachments/[id]", () => {
  it("streams the file with a UTF-8 filename, an ASCII fallback, the stored type and nosniff", async () => {
    viewer = actors.jw_jbr!;
    const uploaded = await (await POST(uploadRequest("督查 通知(终稿).pdf", samples.pdf(), "text/html"))).json();
    const response = await get(uploaded.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-length")).toBe(String(samples.pdf().length));
    expect(response.headers.get("content-disposition")).toBe(
      "attachment; filename=\"attachment.pdf\"; filename*=UTF-8''%E7%9D%A3%E6%9F%A5%20%E9%80%9A%E7%9F%A5%28%E7%BB%88%E7%A8%BF%29.pdf",
    );
    expect(Buffer.from(await response.arrayBuffer()).equals(samples.pdf())).toBe(true);
  });

  it("answers 404 (not 403) to anyone outside the scope, and 401 to the anonymous", async () => {
    viewer = actors.jw_jbr!;
    const uploaded = await (await POST(uploadRequest("未提交.pdf", samples.pdf()))).json();
    viewer = actors.jw_jbr2!;
    const other = await get(uploaded.id);
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ code: "NOT_FOUND", message: "附件不存在或您无权查看" });
    viewer = actors.dcs_jbr!;
    expect((await get(uploaded.id)).status).toBe(404);
    expect((await get("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    viewer = null;
    expect((await get(uploaded.id)).status).toBe(401);
  });
});

describe("DELETE /api/attachments/[id]", () => {
  it("lets the uploader discard a pending upload; others get 404", async () => {
    viewer = actors.jw_jbr!;
    const uploaded = await (await POST(uploadRequest("撤回.pdf", samples.pdf()))).json();
    viewer = actors.jw_jbr2!;
    expect((await DELETE(new Request("http://localhost"), params(uploaded.id))).status).toBe(404);
    viewer = actors.jw_jbr!;
    expect((await DELETE(new Request("http://localhost", { method: "DELETE", headers: foreign }), params(uploaded.id))).status).toBe(403);
    expect((await DELETE(new Request("http://localhost"), params(uploaded.id))).status).toBe(204);
    expect((await get(uploaded.id)).status).toBe(404);
  });
});
