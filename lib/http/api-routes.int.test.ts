import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import type { Actor } from "@/lib/domain/policy";
import { DomainError } from "@/lib/domain/errors";

// The route handlers as Next calls them, with the signed-in user replaced by `viewer`.
let viewer: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({
  getViewer: async () => viewer,
  actingViewer: async (permission?: string) => {
    if (!viewer) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
    if (permission && !viewer.permissions.has(permission as never)) throw new DomainError("FORBIDDEN", "您没有执行此操作的权限");
    return viewer;
  },
}));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const { POST: importRoute } = await import("@/app/api/admin/users/import/route");
const { GET: health } = await import("@/app/api/health/route");

let cleanup: () => Promise<void>;
const actors: Record<string, Actor> = {};
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  for (const username of ["admin", "jw_jbr"]) {
    const [row] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, username));
    actors[username] = (await loadActor(getDb(), row!.id))!;
  }
});
afterAll(() => cleanup?.());

async function sheet(rows: string[][]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("用户导入");
  ws.addRow(["用户名", "姓名", "手机号", "所属单位", "角色", "短信接收人", "初始密码"]);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
const sameOrigin = { host: "localhost", origin: "http://localhost", "sec-fetch-site": "same-origin" };
function importRequest(step: string, bytes: Uint8Array, headers: Record<string, string> = sameOrigin) {
  const form = new FormData();
  form.append("file", new File([bytes as BlobPart], "用户.xlsx"));
  form.append("defaultPassword", "Daoru#2026");
  return new Request(`http://localhost/api/admin/users/import?step=${step}`, { method: "POST", body: form, headers });
}
async function userCount() {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(users);
  return row!.n;
}

describe("POST /api/admin/users/import", () => {
  it("refuses the anonymous (401), a user without 用户管理 (403) and another site's page (403), writing nothing", async () => {
    const bytes = await sheet([["route_a", "路由甲", "", "区教委", "承办单位经办人", "", ""]]);
    const before = await userCount();
    viewer = null;
    expect((await importRoute(importRequest("import", bytes))).status).toBe(401);
    viewer = actors.jw_jbr!;
    expect((await importRoute(importRequest("import", bytes))).status).toBe(403);
    viewer = actors.admin!;
    const foreign = await importRoute(importRequest("import", bytes, { host: "localhost", origin: "https://evil.example" }));
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ ok: false, message: "请求来源不被允许，请从本系统页面操作" });
    expect(await userCount()).toBe(before);
  });

  it("refuses a body over the limit, declared or streamed, with the file's error", async () => {
    viewer = actors.admin!;
    const big = new Uint8Array(3 * 1024 * 1024);
    const declared = await importRoute(importRequest("preview", big, { ...sameOrigin, "content-length": String(big.byteLength + 400) }));
    expect(declared.status).toBe(400);
    expect(await declared.json()).toMatchObject({ ok: false, fieldErrors: { file: "文件过大，请不超过 2 MB" } });
    // Chunked: no Content-Length, so the reader must stop by itself.
    const form = await importRequest("preview", big).arrayBuffer();
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < form.byteLength; i += 64 * 1024) controller.enqueue(new Uint8Array(form.slice(i, i + 64 * 1024)));
        controller.close();
      },
    });
    const chunked = await importRoute(
      new Request("http://localhost/api/admin/users/import?step=preview", {
        method: "POST",
        body: stream,
        headers: { ...sameOrigin, "content-type": importRequest("preview", big).headers.get("content-type")! },
        duplex: "half",
      } as RequestInit),
    );
    expect(chunked.status).toBe(400);
    expect(await chunked.json()).toMatchObject({ ok: false, fieldErrors: { file: "文件过大，请不超过 2 MB" } });
  });

  it("previews (nothing written), then imports all rows", async () => {
    viewer = actors.admin!;
    const bytes = await sheet([
      ["route_a", "路由甲", "", "区教委", "承办单位经办人", "", ""],
      ["route_b", "路由乙", "", "区教委", "承办单位经办人", "", ""],
    ]);
    const before = await userCount();
    const preview = await importRoute(importRequest("preview", bytes));
    expect(preview.status).toBe(200);
    expect(await preview.json()).toMatchObject({ ok: true, data: { errorRows: 0, rows: [{ username: "route_a" }, { username: "route_b" }] } });
    expect(await userCount()).toBe(before);
    const imported = await importRoute(importRequest("import", bytes));
    expect(await imported.json()).toEqual({ ok: true, data: { created: 2 } });
    expect(await userCount()).toBe(before + 2);
  });

  it("writes nothing when one row is bad (all or nothing)", async () => {
    viewer = actors.admin!;
    const before = await userCount();
    const response = await importRoute(importRequest("import", await sheet([["route_c", "路由丙", "", "区教委", "承办单位经办人", "", ""], ["route_d", "", "", "不存在的单位", "", "", ""]])));
    expect(response.status).toBe(400);
    expect(await userCount()).toBe(before);
  });
});

describe("GET /api/health", () => {
  it("tells an anonymous caller only ok, and a signed-in admin the detail", async () => {
    viewer = null;
    expect(await (await health()).json()).toEqual({ status: "ok" });
    viewer = actors.jw_jbr!;
    expect(await (await health()).json()).toEqual({ status: "ok" });
    viewer = actors.admin!;
    expect(await (await health()).json()).toMatchObject({ status: "ok", database: "ok", driver: expect.any(String), latencyMs: expect.any(Number) });
  });
});
