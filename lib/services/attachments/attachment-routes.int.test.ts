import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, inArray, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { getDb } from "@/db/client";
import { attachments, systemSettings } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import { uploadedTodayBytes } from "@/lib/data/attachments";
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

/**
 * 等保 2.0 (issue 11), uploads: content against the allow-list and the extension together, names neutralised,
 * oversize refused before it is buffered, 每人每日上传总量.
 */
describe("upload hardening", () => {
  const expectRefused = async (response: Response, status: number, message: string | RegExp) => {
    expect(response.status).toBe(status);
    const body = await response.json();
    expect(body.code).toBe("VALIDATION");
    if (typeof message === "string") expect(body.message).toBe(message);
    else expect(body.message).toMatch(message);
  };

  it.each([
    ["an ELF executable renamed .pdf", "年度总结.pdf", samples.elf(), "文件类型不允许：年度总结.pdf（文件内容与扩展名 .pdf 不符）"],
    ["a PE executable renamed .docx", "通知.docx", samples.exe(), "文件类型不允许：通知.docx（文件内容与扩展名 .docx 不符）"],
    ["a PE executable renamed .jpg", "照片.jpg", samples.exe(), "文件类型不允许：照片.jpg（文件内容与扩展名 .jpg 不符）"],
    ["an MSI installer renamed .pdf", "安装说明.pdf", samples.msi(), "文件类型不允许：安装说明.pdf（文件内容与扩展名 .pdf 不符）"],
    ["a shell script renamed .pdf", "脚本.pdf", samples.shellScript(), "文件类型不允许：脚本.pdf（文件内容与扩展名 .pdf 不符）"],
    ["an HTML page renamed .pdf", "页面.pdf", samples.html(), "文件类型不允许：页面.pdf（文件内容与扩展名 .pdf 不符）"],
    ["a PNG named .zip", "包.zip", samples.png(), "文件类型不允许：包.zip（文件内容与扩展名 .zip 不符）"],
    ["an executable by its own name", "setup.exe", samples.exe(), "文件类型不允许：.exe"],
    ["an installer by its own name", "setup.msi", samples.msi(), "文件类型不允许：.msi"],
    ["a shell script by its own name", "run.sh", samples.shellScript(), "文件类型不允许：.sh"],
    ["a web page", "page.html", samples.html(), "文件类型不允许：.html"],
    ["an SVG image (it can carry script)", "logo.svg", samples.svg(), "文件类型不允许：.svg"],
    ["an executable behind an RTL override (shows as …exe.jpg)", "invoice\u202Egpj.exe", samples.exe(), "文件类型不允许：.exe"],
    ["a double extension ending in .exe", "报告.pdf.exe", samples.exe(), "文件类型不允许：.exe"],
  ])("refuses %s, storing nothing", async (_what, filename, bytes, message) => {
    viewer = actors.jw_jbr!;
    const before = { rows: await rowCount(), files: await storedFiles() };
    await expectRefused(await POST(uploadRequest(filename, bytes)), 400, message);
    expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
  });

  it("a page or SVG named .txt is kept as plain text and only ever served as an inert attachment", async () => {
    viewer = actors.jw_jbr!;
    for (const bytes of [samples.html(), samples.svg()]) {
      const uploaded = await (await POST(uploadRequest("说明.txt", bytes, "text/html"))).json();
      expect(uploaded.mimeType).toBe("text/plain; charset=utf-8");
      const response = await get(uploaded.id);
      expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
    }
  });

  it.each([
    ["../../etc/passwd.pdf", "passwd.pdf"],
    ["..\\..\\windows\\win.ini.pdf", "win.ini.pdf"],
    ["/var/lib/postgresql/data/pg_hba.pdf", "pg_hba.pdf"],
    ["C:\\fakepath\\督查通知.pdf", "督查通知.pdf"],
    ["发票\u202Efdp.pdf", "发票fdp.pdf"],
    ["报\u200b告\u200d\ufeff.pdf", "报告.pdf"],
    ["CON.pdf", "_CON.pdf"],
    ["a<b>:|?*.pdf", "a_b_____.pdf"],
    [`${"很长的文件名".repeat(30)}.pdf`, `${"很长的文件名".repeat(13)}.pdf`],
  ])("stores %j under the display name %j and a random key", async (raw, shown) => {
    viewer = actors.jw_jbr!;
    const response = await POST(uploadRequest(raw, samples.pdf()));
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.filename).toBe(shown);
    const [row] = await getDb().select().from(attachments).where(eq(attachments.id, body.id));
    expect(row!.filename).toBe(shown);
    expect(new TextEncoder().encode(row!.filename).length).toBeLessThanOrEqual(240);
    // The storage key is 32 random hex digits, whatever the name said; every stored file sits inside the store.
    expect(row!.storageKey).toMatch(/^[0-9a-f]{32}$/);
    const entries = await readdir(storeRoot, { recursive: true });
    expect(entries.every((e) => /^(\.incoming|[0-9a-f]{2}|[0-9a-f]{2}[\\/][0-9a-f]{32})$/.test(String(e)))).toBe(true);
    expect((await get(body.id)).headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent(shown).replace(/[()'*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`);
  });

  it.each([["..."], [". . ."], ["\u202E\u200b"], ["../.."], ["C:\\"]])("refuses the name %j (nothing left once neutralised)", async (raw) => {
    viewer = actors.jw_jbr!;
    await expectRefused(await POST(uploadRequest(raw, samples.pdf())), 400, "请选择要上传的文件");
  });

  /** A multipart body that streams `total` bytes of file content (or forever), counting what the handler pulls. */
  function countingUpload(total: number, headers: Record<string, string> = {}) {
    const boundary = "----dcdbBoundary7MA4YWxkTrZu0gW";
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n${samples.pdf().toString("latin1")}`, "latin1");
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`, "latin1");
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const counter = { pulled: 0 };
    let sent = 0;
    let headSent = false;
    const body = new ReadableStream<Uint8Array>(
      {
        // Each chunk arrives on a later turn of the event loop, as from the network.
        async pull(controller) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!headSent) {
            headSent = true;
            counter.pulled += head.length;
            controller.enqueue(new Uint8Array(head));
            return;
          }
          if (sent >= total) {
            controller.enqueue(new Uint8Array(tail));
            controller.close();
            return;
          }
          sent += chunk.length;
          counter.pulled += chunk.length;
          controller.enqueue(new Uint8Array(chunk));
        },
      },
      { highWaterMark: 0 },
    );
    const request = new Request("http://localhost/api/attachments", {
      method: "POST",
      body,
      duplex: "half",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...headers },
    } as RequestInit);
    return { request, counter };
  }

  it("an announced Content-Length over the limit is refused with 413 before a byte of the body is read", async () => {
    viewer = actors.jw_jbr!;
    process.env.ATTACHMENT_MAX_MB = "1";
    try {
      const { request, counter } = countingUpload(Infinity, { "content-length": String(5 * 1024 * 1024) });
      await expectRefused(await POST(request), 413, "文件超过 1 MB 限制");
      expect(counter.pulled).toBe(0);
    } finally {
      delete process.env.ATTACHMENT_MAX_MB;
    }
  });

  it("a body without Content-Length is cut off at the limit: the handler stops pulling, 413, nothing kept", async () => {
    viewer = actors.jw_jbr!;
    process.env.ATTACHMENT_MAX_MB = "1";
    try {
      const before = { rows: await rowCount(), files: await storedFiles() };
      const { request, counter } = countingUpload(Infinity);
      await expectRefused(await POST(request), 413, "文件超过 1 MB 限制");
      // One MB plus what is in flight in the stream buffers — never the endless rest, and nothing after the answer.
      expect(counter.pulled).toBeGreaterThan(1024 * 1024);
      expect(counter.pulled).toBeLessThan(1024 * 1024 + 512 * 1024);
      const atAnswer = counter.pulled;
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(counter.pulled).toBe(atAnswer);
      expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
    } finally {
      delete process.env.ATTACHMENT_MAX_MB;
    }
  });

  describe("每人每日上传总量 (系统参数 uploadQuotaMb)", () => {
    const setQuota = async (mb: number | null) => {
      await getDb().delete(systemSettings).where(inArray(systemSettings.key, ["uploadQuotaMb"]));
      if (mb !== null) await getDb().insert(systemSettings).values({ key: "uploadQuotaMb", value: mb });
    };
    const pdfOf = (kb: number) => Buffer.concat([samples.pdf(), Buffer.alloc(kb * 1024, 0x20)]);
    const todayTotal = (userId: string) => uploadedTodayBytes(userId);

    it("refuses the upload that would pass the day's total, with the limit in Chinese, and leaves other users alone", async () => {
      viewer = actors.jw_jbr2!;
      const used = await todayTotal(actors.jw_jbr2!.userId);
      // Room for exactly one more 600 KB upload today.
      const quotaMb = Math.ceil((used + 700 * 1024) / 1024 / 1024);
      const room = quotaMb * 1024 * 1024 - used;
      await setQuota(quotaMb);
      try {
        expect((await POST(uploadRequest("第一份.pdf", pdfOf(Math.min(600, Math.floor(room / 1024) - 50))))).status).toBe(201);
        const before = { rows: await rowCount(), files: await storedFiles() };
        const refused = await POST(uploadRequest("第二份.pdf", pdfOf(600)));
        await expectRefused(refused, 413, new RegExp(`^超过每人每日上传总量 ${quotaMb} MB 的限制（今天已上传 [0-9.]+ MB），请明天再上传或联系系统管理员$`));
        expect({ rows: await rowCount(), files: await storedFiles() }).toEqual(before);
        // Announced over what is left: refused before reading.
        const { request, counter } = countingUpload(Infinity, { "content-length": String(2 * 1024 * 1024) });
        await expectRefused(await POST(request), 413, /^超过每人每日上传总量/);
        expect(counter.pulled).toBe(0);
        // Another clerk has their own allowance.
        viewer = actors.jw_jbr!;
        expect((await POST(uploadRequest("别人的.pdf", pdfOf(600)))).status).toBe(201);
        // 0 = unlimited.
        viewer = actors.jw_jbr2!;
        await setQuota(0);
        expect((await POST(uploadRequest("不限.pdf", pdfOf(600)))).status).toBe(201);
      } finally {
        await setQuota(null);
      }
    });

    it("counts only today's uploads (Asia/Shanghai) and frees the allowance of a discarded one", async () => {
      viewer = actors.jw_jbr2!;
      await setQuota(1);
      try {
        await getDb().update(attachments).set({ createdAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(attachments.uploadedById, actors.jw_jbr2!.userId));
        const first = await (await POST(uploadRequest("今天.pdf", pdfOf(700)))).json();
        expect(first.id).toEqual(expect.any(String));
        expect((await POST(uploadRequest("再一份.pdf", pdfOf(700)))).status).toBe(413);
        expect((await DELETE(new Request("http://localhost"), params(first.id))).status).toBe(204);
        expect((await POST(uploadRequest("再一份.pdf", pdfOf(700)))).status).toBe(201);
      } finally {
        await setQuota(null);
      }
    });

    it("two uploads finishing at once cannot both slip under the limit", async () => {
      viewer = actors.dcs_jbr!;
      await getDb().update(attachments).set({ createdAt: new Date(Date.now() - 2 * 86_400_000) }).where(eq(attachments.uploadedById, actors.dcs_jbr!.userId));
      await setQuota(1);
      try {
        const results = await Promise.all([POST(uploadRequest("并发一.pdf", pdfOf(600))), POST(uploadRequest("并发二.pdf", pdfOf(600)))]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 413]);
        expect(await todayTotal(actors.dcs_jbr!.userId)).toBeLessThanOrEqual(1024 * 1024);
      } finally {
        await setQuota(null);
      }
    });
  });
});
