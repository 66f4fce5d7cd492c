import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { eq, inArray, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { getDb } from "@/db/client";
import { assignments, attachments, reports, systemSettings, tasks, urgencyLevels } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import { findDownloadableAttachment, getAttachmentRules, listReportAttachments, listTaskAttachments } from "@/lib/data/attachments";
import { DomainError } from "@/lib/domain/errors";
import { resolveAttachmentRules } from "@/lib/domain/file-types";
import { LocalFileStore, setFileStore } from "@/lib/storage";
import { claimAttachments } from "./claim-attachments";
import { cleanupAbandonedUploads } from "./cleanup-abandoned-uploads";
import { checkFileConsistency, ORPHAN_GRACE_MS } from "./consistency";
import { discardAttachment } from "./discard-attachment";
import { uploadAttachment } from "./upload-attachment";
import type { Actor } from "@/lib/domain/policy";

let cleanupDb: () => Promise<void>;
let storeRoot: string;
let store: LocalFileStore;
const actors: Record<string, Actor> = {};
const rules = resolveAttachmentRules({});

beforeAll(async () => {
  ({ cleanup: cleanupDb } = await useTestDatabase());
  storeRoot = await mkdtemp(path.join(tmpdir(), "dcdb-files-"));
  store = new LocalFileStore(storeRoot);
  setFileStore(store);
  const rows = await getDb().query.users.findMany({ columns: { id: true, username: true } });
  for (const row of rows) actors[row.username] = (await loadActor(getDb(), row.id))!;
});
afterAll(async () => {
  setFileStore(undefined);
  await rm(storeRoot, { recursive: true, force: true });
  await cleanupDb();
});

/** Every stored file, temp files included: what "nothing left behind" is checked against. */
async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storeRoot, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

async function rowCount(): Promise<number> {
  const [row] = await getDb().select({ n: sql<number>`count(*)::int` }).from(attachments);
  return row!.n;
}

function upload(username: string, filename: string, bytes: Buffer, options: Parameters<typeof uploadAttachment>[2] = rules) {
  return uploadAttachment(actors[username]!, { filename, body: Readable.from([bytes]) }, options);
}

async function expectDomainError(promise: Promise<unknown>, code: DomainError["code"], message?: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message) expect((error as DomainError).message).toBe(message);
}

describe("uploadAttachment", () => {
  it("stores the file under a random key and records an uncommitted row with the type from its content", async () => {
    const bytes = samples.pdf();
    const result = await upload("dcs_jbr", "关于老旧小区改造的督查通知.pdf", bytes);
    expect(result).toMatchObject({ filename: "关于老旧小区改造的督查通知.pdf", size: bytes.length, mimeType: "application/pdf" });
    const [row] = await getDb().select().from(attachments).where(eq(attachments.id, result.id));
    expect(row).toMatchObject({ committed: false, uploadedById: actors.dcs_jbr!.userId, taskId: null, size: bytes.length });
    expect(row!.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect(row!.storageKey).toMatch(/^[0-9a-f]{32}$/);
    expect(row!.storageKey).not.toContain("督查");
    const stored = await store.get(row!.storageKey);
    const chunks: Buffer[] = [];
    for await (const chunk of stored) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
  });

  it("streams a file larger than one chunk and accepts many uploads at once", async () => {
    const big = Buffer.concat([samples.pdf(), Buffer.alloc(3 * 1024 * 1024, 0x41)]);
    const results = await Promise.all([
      upload("jw_jbr", "大文件.pdf", big),
      upload("jw_jbr", "照片.png", samples.png()),
      upload("jw_jbr", "台账.xlsx", samples.xlsx()),
      upload("jw_ld", "说明.txt", samples.gbkText()),
    ]);
    expect(results.map((r) => r.mimeType)).toEqual([
      "application/pdf",
      "image/png",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "text/plain; charset=gb18030",
    ]);
    expect(results[0]!.size).toBe(big.length);
  });

  describe("a failed upload leaves no row and no file", () => {
    let before: { rows: number; files: string[] };
    beforeEach(async () => {
      before = { rows: await rowCount(), files: await storedFiles() };
    });
    async function expectNothingLeft() {
      expect(await rowCount()).toBe(before.rows);
      expect((await storedFiles()).sort()).toEqual(before.files.sort());
    }

    it("too big: stops reading past the limit", async () => {
      const small = resolveAttachmentRules({ envMaxMb: "1" });
      const oversize = Buffer.concat([samples.pdf(), Buffer.alloc(1024 * 1024, 0x20)]);
      let read = 0;
      const body = Readable.from(
        (function* () {
          for (let i = 0; i < oversize.length; i += 64 * 1024) {
            read += 64 * 1024;
            yield oversize.subarray(i, i + 64 * 1024);
          }
          // Bytes past this point must never be pulled.
          for (let i = 0; i < 100; i++) {
            read += 64 * 1024;
            yield Buffer.alloc(64 * 1024);
          }
        })(),
      );
      await expectDomainError(uploadAttachment(actors.dcs_jbr!, { filename: "超大.pdf", body }, small), "VALIDATION", "文件超过 1 MB 限制");
      expect(read).toBeLessThan(3 * 1024 * 1024);
      await expectNothingLeft();
    });

    it("too big by the announced size: refused before reading", async () => {
      await expectDomainError(
        uploadAttachment(actors.dcs_jbr!, { filename: "超大.pdf", body: Readable.from([samples.pdf()]), declaredSize: 60 * 1024 * 1024 }, rules),
        "VALIDATION",
        "文件超过 50 MB 限制",
      );
      await expectNothingLeft();
    });

    it("an executable disguised as .pdf", async () => {
      await expectDomainError(upload("dcs_jbr", "整改报告.pdf", samples.exe()), "VALIDATION", "文件类型不允许：整改报告.pdf（文件内容与扩展名 .pdf 不符）");
      await expectNothingLeft();
    });

    it("binary content named .txt", async () => {
      await expectDomainError(upload("jw_jbr", "说明.txt", samples.exe()), "VALIDATION");
      await expectNothingLeft();
    });

    it("an extension outside the allow-list (also when 系统参数 narrowed it)", async () => {
      await expectDomainError(upload("dcs_jbr", "工具.exe", samples.exe()), "VALIDATION", "文件类型不允许：.exe");
      await expectDomainError(upload("dcs_jbr", "照片.png", samples.png(), resolveAttachmentRules({ settingTypes: ["pdf"] })), "VALIDATION", "文件类型不允许：.png");
      await expectNothingLeft();
    });

    it("the client going away half-way", async () => {
      const body = new Readable({ read() {} });
      body.push(samples.pdf());
      setTimeout(() => body.destroy(new Error("aborted")), 20);
      await expectDomainError(uploadAttachment(actors.dcs_jbr!, { filename: "中断.pdf", body }, rules), "VALIDATION", "上传中断或数据不完整，请重试");
      await expectNothingLeft();
    });

    it("a user without an upload permission (区领导) is refused", async () => {
      await expectDomainError(upload("qld", "批示.pdf", samples.pdf()), "FORBIDDEN");
      await expectDomainError(upload("admin", "批示.pdf", samples.pdf()), "FORBIDDEN");
      await expectNothingLeft();
    });
  });
});

describe("getAttachmentRules", () => {
  it("reads 系统参数 first, the environment next", async () => {
    process.env.ATTACHMENT_MAX_MB = "20";
    try {
      expect((await getAttachmentRules()).maxMb).toBe(20);
      await getDb()
        .insert(systemSettings)
        .values([
          { key: "attachmentMaxMb", value: 5 },
          { key: "attachmentTypes", value: ["pdf", "docx"] },
        ]);
      expect(await getAttachmentRules()).toMatchObject({ maxMb: 5, maxBytes: 5 * 1024 * 1024, extensions: ["pdf", "docx"] });
    } finally {
      delete process.env.ATTACHMENT_MAX_MB;
      await getDb().delete(systemSettings).where(inArray(systemSettings.key, ["attachmentMaxMb", "attachmentTypes"]));
    }
  });
});

describe("download scope", () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const db = getDb();
    const dept = (username: string) => actors[username]!.departmentId;
    const [urgency] = await db.select({ id: urgencyLevels.id }).from(urgencyLevels).limit(1);
    const [task] = await db
      .insert(tasks)
      .values({ title: "老旧小区改造进度督查", content: "按期完成改造", urgencyId: urgency!.id, deadline: "2026-12-31", dueOn: "2026-12-31", creatorId: actors.dcs_jbr!.userId, status: "in_progress" })
      .returning({ id: tasks.id });
    const [jw, mz] = await db
      .insert(assignments)
      .values([
        { taskId: task!.id, departmentId: dept("jw_jbr"), role: "lead", status: "in_progress", deadline: "2026-12-31" },
        { taskId: task!.id, departmentId: dept("mz_jbr"), role: "co", status: "in_progress", deadline: "2026-12-31" },
      ])
      .returning({ id: assignments.id });
    const [jwReport] = await db
      .insert(reports)
      .values({ assignmentId: jw!.id, taskId: task!.id, kind: "final", path: "direct", revision: 1, body: "已完成", status: "submitted", authorId: actors.jw_jbr!.userId })
      .returning({ id: reports.id });
    ids.task = task!.id;
    ids.jwReport = jwReport!.id;

    const notice = await upload("dcs_jbr", "督查通知单.pdf", samples.pdf());
    const jwFile = await upload("jw_jbr", "教委整改报告.docx", samples.docx());
    const mzAssignmentFile = await upload("mz_jbr", "民政承办材料.png", samples.png());
    const pending = await upload("jw_jbr", "草稿.txt", samples.utf8Text());
    await db.transaction(async (tx) => {
      await claimAttachments(tx, actors.dcs_jbr!, [notice.id], { taskId: task!.id });
      await claimAttachments(tx, actors.jw_jbr!, [jwFile.id], { taskId: task!.id, assignmentId: jw!.id, reportId: jwReport!.id });
      await claimAttachments(tx, actors.mz_jbr!, [mzAssignmentFile.id], { taskId: task!.id, assignmentId: mz!.id });
    });
    Object.assign(ids, { notice: notice.id, jwFile: jwFile.id, mzFile: mzAssignmentFile.id, pending: pending.id });
  });

  const cases: [string, string, boolean][] = [
    // the task's own file: office, 区领导 and both units on the task
    ["notice", "dcs_jbr", true],
    ["notice", "dcs_ld2", true],
    ["notice", "qld", true],
    ["notice", "jw_jbr2", true],
    ["notice", "mz_ld", true],
    ["notice", "zj_jbr", false],
    ["notice", "admin", false],
    // 教委's report: 教委 and the office, not 民政局 (a co-unit on the same task) nor others
    ["jwFile", "jw_jbr", true],
    ["jwFile", "jw_ld", true],
    ["jwFile", "dcs_ld", true],
    ["jwFile", "qld", true],
    ["jwFile", "mz_jbr", false],
    ["jwFile", "mz_ld", false],
    ["jwFile", "zj_ld", false],
    // 民政局's assignment file
    ["mzFile", "mz_ld", true],
    ["mzFile", "jw_jbr", false],
    // an upload no record has claimed yet: its uploader only
    ["pending", "jw_jbr", true],
    ["pending", "jw_jbr2", false],
    ["pending", "dcs_jbr", false],
  ];
  it.each(cases)("%s seen by %s: %s", async (file, username, visible) => {
    const found = await findDownloadableAttachment(actors[username]!, ids[file]!);
    expect(found !== null).toBe(visible);
    if (found) expect(await store.exists(found.storageKey)).toBe(true);
  });

  it("treats malformed and unknown ids as not found", async () => {
    expect(await findDownloadableAttachment(actors.dcs_jbr!, "../../etc/passwd")).toBeNull();
    expect(await findDownloadableAttachment(actors.dcs_jbr!, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });

  it("lists the task's own attachments with uploader, to the task's units only", async () => {
    expect(await listTaskAttachments(actors.jw_jbr!, ids.task!)).toEqual([
      expect.objectContaining({ id: ids.notice, filename: "督查通知单.pdf", uploadedByName: actors.dcs_jbr!.displayName, size: samples.pdf().length }),
    ]);
    expect(await listTaskAttachments(actors.zj_jbr!, ids.task!)).toEqual([]);
  });

  it("lists report attachments only within scope", async () => {
    expect((await listReportAttachments(actors.dcs_jbr!, [ids.jwReport!]))[ids.jwReport!]?.map((a) => a.id)).toEqual([ids.jwFile]);
    expect(await listReportAttachments(actors.mz_jbr!, [ids.jwReport!])).toEqual({});
  });
});

describe("discardAttachment", () => {
  it("removes the uploader's own pending upload, row and file", async () => {
    const uploaded = await upload("cg_jbr", "作废.pdf", samples.pdf());
    const [row] = await getDb().select().from(attachments).where(eq(attachments.id, uploaded.id));
    await discardAttachment(actors.cg_jbr!, uploaded.id);
    expect(await getDb().select().from(attachments).where(eq(attachments.id, uploaded.id))).toEqual([]);
    expect(await store.exists(row!.storageKey)).toBe(false);
  });

  it("answers not found for someone else's upload and for a committed one, and keeps them", async () => {
    const uploaded = await upload("cg_jbr", "别人的.pdf", samples.pdf());
    await expectDomainError(discardAttachment(actors.cg_ld!, uploaded.id), "NOT_FOUND");
    await expectDomainError(discardAttachment(actors.cg_jbr!, "nonsense"), "NOT_FOUND");
    await getDb().update(attachments).set({ committed: true }).where(eq(attachments.id, uploaded.id));
    await expectDomainError(discardAttachment(actors.cg_jbr!, uploaded.id), "NOT_FOUND");
    expect(await getDb().select().from(attachments).where(eq(attachments.id, uploaded.id))).toHaveLength(1);
  });

  it("double discard at once: exactly one succeeds", async () => {
    const uploaded = await upload("cg_jbr", "双击.pdf", samples.pdf());
    const results = await Promise.allSettled([discardAttachment(actors.cg_jbr!, uploaded.id), discardAttachment(actors.cg_jbr!, uploaded.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason.code).toBe("NOT_FOUND");
  });
});

describe("cleanupAbandonedUploads", () => {
  const dayAgo = (hours: number) => sql`now() - make_interval(hours => ${hours})`;

  it("removes uploads unclaimed for more than 24 hours (rows and files) and nothing else", async () => {
    const stale = await upload("jfb_jbr", "遗弃.pdf", samples.pdf());
    const fresh = await upload("jfb_jbr", "刚传.pdf", samples.pdf());
    const oldCommitted = await upload("jfb_jbr", "已提交.pdf", samples.pdf());
    await getDb().update(attachments).set({ createdAt: dayAgo(25) }).where(eq(attachments.id, stale.id));
    await getDb().update(attachments).set({ createdAt: dayAgo(48), committed: true }).where(eq(attachments.id, oldCommitted.id));
    const keyOf = async (id: string) => (await getDb().select({ k: attachments.storageKey }).from(attachments).where(eq(attachments.id, id)))[0]?.k;
    const staleKey = (await keyOf(stale.id))!;
    // A partial write from a crash two days ago, and one in progress right now.
    await mkdir(path.join(storeRoot, ".incoming"), { recursive: true });
    const oldPart = path.join(storeRoot, ".incoming", "crashed.part");
    const livePart = path.join(storeRoot, ".incoming", "live.part");
    await writeFile(oldPart, "partial");
    await writeFile(livePart, "partial");
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    await utimes(oldPart, twoDaysAgo, twoDaysAgo);

    const result = await cleanupAbandonedUploads();
    expect(result.removed).toBeGreaterThanOrEqual(1);
    expect(result.partialFiles).toBe(1);
    expect(await keyOf(stale.id)).toBeUndefined();
    expect(await store.exists(staleKey)).toBe(false);
    expect(await keyOf(fresh.id)).toBeDefined();
    expect(await store.exists((await keyOf(fresh.id))!)).toBe(true);
    expect(await keyOf(oldCommitted.id)).toBeDefined();
    const incoming = await readdir(path.join(storeRoot, ".incoming"));
    expect(incoming).toEqual(["live.part"]);
    await rm(livePart);
  });

  it("never takes an upload that is being claimed at the same moment", async () => {
    const [urgency] = await getDb().select({ id: urgencyLevels.id }).from(urgencyLevels).limit(1);
    const [task] = await getDb()
      .insert(tasks)
      .values({ title: "竞态", content: "竞态", urgencyId: urgency!.id, deadline: "2026-12-31", dueOn: "2026-12-31", creatorId: actors.dcs_jbr!.userId })
      .returning({ id: tasks.id });
    for (let i = 0; i < 5; i++) {
      const uploaded = await upload("dcs_jbr", `竞态${i}.pdf`, samples.pdf());
      await getDb().update(attachments).set({ createdAt: dayAgo(30) }).where(eq(attachments.id, uploaded.id));
      const [claim] = await Promise.allSettled([
        getDb().transaction((tx) => claimAttachments(tx, actors.dcs_jbr!, [uploaded.id], { taskId: task!.id })),
        cleanupAbandonedUploads(),
      ]);
      const [row] = await getDb().select().from(attachments).where(eq(attachments.id, uploaded.id));
      if (claim.status === "fulfilled") {
        expect(row?.committed).toBe(true);
        expect(await store.exists(row!.storageKey)).toBe(true);
      } else {
        expect(row).toBeUndefined();
      }
    }
  });
});

describe("files and rows agree (checkFileConsistency, the cleanup's orphan sweep)", () => {
  it("finds a file a crash left without its row, and the cleanup removes it only an hour after first seeing it", async () => {
    await cleanupAbandonedUploads();
    const kept = await upload("cj_jbr", "保留.pdf", samples.pdf());
    // What a kill between storing the file and writing its row leaves: a stored file no row names.
    const orphan = await store.put(Readable.from([samples.pdf()]));
    let report = await checkFileConsistency();
    expect(report.filesWithoutRow).toEqual([orphan]);
    expect(report.rowsWithoutFile).toEqual([]);

    // First sight: noted, not removed (it could be an upload whose row is being written right now).
    let result = await cleanupAbandonedUploads();
    expect(result.orphanFiles).toBe(0);
    expect(await store.exists(orphan)).toBe(true);
    // The next hourly run, past the grace: removed; the upload with its row stays.
    result = await cleanupAbandonedUploads({ now: new Date(Date.now() + ORPHAN_GRACE_MS + 60_000) });
    expect(result.orphanFiles).toBe(1);
    expect(await store.exists(orphan)).toBe(false);
    report = await checkFileConsistency();
    expect(report.filesWithoutRow).toEqual([]);
    const [row] = await getDb().select({ key: attachments.storageKey }).from(attachments).where(eq(attachments.id, kept.id));
    expect(await store.exists(row!.key)).toBe(true);
  });

  it("never removes a file whose row was written after it was first seen, and reports a row whose file is gone", async () => {
    const late = await store.put(Readable.from([samples.pdf()]));
    await cleanupAbandonedUploads();
    // The upload finishes: its row appears after the sweep noted the file.
    const [row] = await getDb()
      .insert(attachments)
      .values({ filename: "迟到.pdf", mimeType: "application/pdf", size: 1, sha256: "x", storageKey: late, uploadedById: actors.cj_jbr!.userId })
      .returning({ id: attachments.id });
    await cleanupAbandonedUploads({ now: new Date(Date.now() + 2 * ORPHAN_GRACE_MS) });
    expect(await store.exists(late)).toBe(true);

    await store.delete(late);
    const report = await checkFileConsistency();
    expect(report.rowsWithoutFile).toEqual([{ id: row!.id, storageKey: late }]);
    await getDb().delete(attachments).where(eq(attachments.id, row!.id));
  });
});
