import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { startUploadThingStandIn, type UploadThingStandIn } from "@/test/uploadthing-stand-in";
import { getDb } from "@/db/client";
import { attachments } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import { DomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { setFileStore } from "@/lib/storage";
import { UploadThingFileStore } from "@/lib/storage/uploadthing-file-store";

// The app's own upload and download routes with FILE_STORE=uploadthing: every server-side check still runs,
// the bytes go to (the stand-in of) UploadThing, and the browser gets the bytes from our route, never an
// UploadThing address. Port 3911: the adapter's unit test uses 3910 and may run at the same time.
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
const { GET } = await import("@/app/api/attachments/[id]/route");

let cleanupDb: () => Promise<void>;
let ut: UploadThingStandIn;

beforeAll(async () => {
  ({ cleanup: cleanupDb } = await useTestDatabase());
  ut = await startUploadThingStandIn({ port: Number(process.env.UT_STAND_IN_PORT ?? 3910) + 1 });
  const base = `http://127.0.0.1:${ut.port}`;
  setFileStore(new UploadThingFileStore({ token: ut.token, apiUrl: base, ingestUrl: base, ufsHost: `localhost:${ut.port}`, ufsAppIdLocation: "path" }));
  vi.spyOn(console, "warn").mockImplementation(() => {});
  const [row] = await getDb().query.users.findMany({ where: (u, { eq: e }) => e(u.username, "jw_jbr"), columns: { id: true } });
  viewer = (await loadActor(getDb(), row!.id))!;
});
afterAll(async () => {
  await Promise.allSettled(afterTasks);
  setFileStore(undefined);
  await ut?.close();
  await cleanupDb();
});

function uploadRequest(filename: string, bytes: Buffer) {
  const form = new FormData();
  form.append("file", new File([new Uint8Array(bytes)], filename, { type: "application/octet-stream" }));
  return new Request("http://localhost/api/attachments", { method: "POST", body: form });
}
const get = (id: string) => GET(new Request(`http://localhost/api/attachments/${id}`), { params: Promise.resolve({ id }) });
async function rowCount() {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(attachments);
  return row!.n;
}

describe("attachments with FILE_STORE=uploadthing", () => {
  it("uploads through our route to UploadThing and downloads through our route, with the Chinese name kept at home", async () => {
    const response = await POST(uploadRequest("整改报告（终稿）.pdf", samples.pdf()));
    expect(response.status).toBe(201);
    const { id } = await response.json();
    const [row] = await getDb().select().from(attachments).where(eq(attachments.id, id));
    const stored = [...ut.files.values()].find((f) => f.customId === row!.storageKey)!;
    expect(stored.bytes.equals(samples.pdf())).toBe(true);
    expect(stored.name).not.toContain("整改报告");

    const download = await get(id);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(samples.pdf())).toBe(true);
    // The browser sees our route only: no header points at UploadThing's hosts.
    expect([...download.headers.values()].join(" ")).not.toMatch(new RegExp(`${ut.port}|ufs\\.sh|utfs\\.io`));
  });

  it("still refuses an executable renamed .pdf by its content, and removes it from UploadThing again", async () => {
    const before = { rows: await rowCount(), files: ut.files.size };
    const response = await POST(uploadRequest("报告.pdf", samples.exe()));
    expect(response.status).toBe(400);
    expect((await response.json()).message).toBe("文件类型不允许：报告.pdf（文件内容与扩展名 .pdf 不符）");
    expect({ rows: await rowCount(), files: ut.files.size }).toEqual(before);
  });

  it("answers a failing UploadThing with a Chinese message, no row and no file left there", async () => {
    const before = { rows: await rowCount(), files: ut.files.size };
    ut.failNextUpload();
    vi.spyOn(console, "error").mockImplementationOnce(() => {});
    const response = await POST(uploadRequest("通知.pdf", samples.pdf()));
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect((await response.json()).message).toMatch(/[\u4e00-\u9fff]/);
    expect({ rows: await rowCount(), files: ut.files.size }).toEqual(before);
  });
});
