import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openPglite, openPostgres, queryRows, setDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrator";
import { seedAll } from "@/db/seed/seed";
import { seedDemoTasks } from "@/db/seed/demo-tasks";
import { uploadAttachment } from "@/lib/services/attachments/upload-attachment";
import { deleteTask } from "@/lib/services/tasks/delete-task";
import { as, resetActorCache, taskAt, tv } from "@/lib/services/tasks/test-fixtures";
import { resolveAttachmentRules } from "@/lib/domain/file-types";
import { LocalFileStore, setFileStore } from "@/lib/storage";
import { samples } from "@/test/attachment-samples";
import { manifestSchema, type Manifest } from "./manifest";

/**
 * npm run db:backup / db:restore as an operator runs them: the real scripts in child processes, on the
 * database path this run uses (PGlite by default; the PostgreSQL server with DATABASE_URL — CI runs both).
 * The source is what `npm run db:seed -- --demo` makes (seedAll + seedDemoTasks, the functions that script
 * calls, through the real workflow verbs), plus attachments stored through uploadAttachment and claimed by
 * a dispatched task, and an audited step. Each restore goes into an EMPTY database and an empty file store.
 */

// The children and this process must sign and seal with the same keys (the backup holds none of them).
const KEYS = {
  AUDIT_HMAC_KEY: "backup-test-audit-hmac-key-0123456789abcdef",
  PII_KEY: "00112233445566778899aabbccddeeff",
  AUTH_SECRET: "backup-test-auth-secret",
};
Object.assign(process.env, KEYS);

const serverUrl = process.env.DATABASE_URL;
const kind = serverUrl ? "postgres" : "pglite";
let root: string;
const createdDatabases: string[] = [];
let admin: postgres.Sql | undefined;

interface Target {
  /** DATABASE_URL of the target, or undefined for PGlite. */
  url?: string;
  dataDir: string;
  storageDir: string;
}

/** A new empty target: a new database on the server, or a new PGlite folder; always a new file folder. */
async function newTarget(label: string): Promise<Target> {
  const dataDir = path.join(root, label);
  const storageDir = path.join(dataDir, "files");
  if (!serverUrl) return { dataDir, storageDir };
  const name = `dcdb_backup_${label}_${randomBytes(4).toString("hex")}`;
  await admin!.unsafe(`create database ${name}`);
  createdDatabases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), dataDir, storageDir };
}

function open(target: Target): DatabaseHandle {
  return target.url ? openPostgres(target.url, { max: 2 }) : openPglite(path.join(target.dataDir, "pglite"));
}

interface Run {
  code: number;
  out: string;
}

/** One of the project's scripts, as `npm run` would start it, against `target`. */
function runScript(script: string, args: string[], target: Target, extraEnv: Record<string, string> = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...KEYS, DATA_DIR: target.dataDir, STORAGE_DIR: target.storageDir, ...extraEnv };
  if (target.url) env.DATABASE_URL = target.url;
  else delete env.DATABASE_URL;
  return new Promise((resolve) => {
    execFile(path.join("node_modules", ".bin", "tsx"), [script, ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

interface Contents {
  /** Every row of every table of the public schema, as JSON text, sorted: what "identical" is checked on. */
  rows: Record<string, string[]>;
  sequences: Record<string, number>;
  attachments: { id: string; storage_key: string; sha256: string; committed: boolean }[];
}

/** One opening per look (a PGlite folder costs seconds to open). */
async function contents(target: Target): Promise<Contents> {
  const handle = open(target);
  try {
    const tables = await queryRows<{ name: string }>(
      handle.db,
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    );
    const rows: Record<string, string[]> = {};
    for (const { name } of tables) {
      rows[name] = (await queryRows<{ j: string }>(handle.db, sql.raw(`select row_to_json(t)::text as j from public."${name}" t`))).map((r) => r.j).sort();
    }
    const names = await queryRows<{ name: string }>(handle.db, sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and n.nspname = 'public'`);
    const sequences: Record<string, number> = {};
    for (const { name } of names) {
      const [row] = await queryRows<{ v: string }>(handle.db, sql.raw(`select last_value::text as v from public."${name}"`));
      sequences[name] = Number(row!.v);
    }
    const attachments = await queryRows<Contents["attachments"][number]>(handle.db, sql`select id, storage_key, sha256, committed from attachments order by id`);
    return { rows, sequences, attachments };
  } finally {
    await handle.close();
  }
}

async function bytesOf(store: LocalFileStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(key)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function storedKeys(dir: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of new LocalFileStore(dir).keys()) keys.push(key);
  return keys.sort();
}

async function backupsIn(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

let source: Target;
let backupRoot: string;
let backupDir: string;
let manifest: Manifest;
let sourceContents: Contents;
let sourceRows: Record<string, string[]>;
let uploadedBytes: Map<string, Buffer>;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "dcdb-backup-"));
  backupRoot = path.join(root, "backups");
  if (serverUrl) admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  source = await newTarget("src");
  const handle = open(source);
  await runMigrations(handle);
  setDatabaseHandle(handle);
  setFileStore(new LocalFileStore(source.storageDir));
  resetActorCache();
  try {
    // What `npm run db:seed -- --demo` does: the demo organisation, then five tasks through the workflow verbs.
    await seedAll(handle.db, { demo: true });
    expect(await seedDemoTasks(handle.db)).toBe(5);
    const clerk = await as("dcs_jbr");
    const rules = resolveAttachmentRules({});
    const files = {
      "督查通知.pdf": samples.pdf(),
      "现场照片.png": samples.png(),
      // Larger than one stream chunk, so the copy is streamed in pieces both ways.
      "台账.xlsx": Buffer.concat([samples.xlsx(), randomBytes(300 * 1024)]),
      "未提交的说明.txt": samples.utf8Text(),
    };
    uploadedBytes = new Map();
    const ids: string[] = [];
    for (const [filename, bytes] of Object.entries(files)) {
      const uploaded = await uploadAttachment(clerk, { filename, body: Readable.from([bytes]) }, rules);
      uploadedBytes.set(uploaded.id, bytes);
      ids.push(uploaded.id);
    }
    // Three claimed by a task that goes through submit, sign and dispatch; the fourth stays an uncommitted upload.
    await taskAt("in_progress", { title: "备份恢复测试：带附件的督办事项", attachmentIds: ids.slice(0, 3) });
    // An audited step (操作日志): a draft deleted by its clerk.
    const draft = await taskAt("draft", { title: "备份恢复测试：将被删除的草稿" });
    await deleteTask(clerk, { id: draft.id, version: await tv(draft.id) });
  } finally {
    setDatabaseHandle(undefined);
    setFileStore(undefined);
    await handle.close();
  }
  sourceContents = await contents(source);
  sourceRows = sourceContents.rows;
  expect(sourceRows.tasks!.length).toBeGreaterThanOrEqual(6);
  expect(sourceRows.audit_logs!.length).toBeGreaterThan(0);
  expect(sourceRows.attachments).toHaveLength(4);
}, 600_000);

afterAll(async () => {
  for (const name of createdDatabases) await admin!.unsafe(`drop database if exists ${name} with (force)`);
  await admin?.end();
  await rm(root, { recursive: true, force: true });
});

describe(`npm run db:backup / db:restore (${kind})`, () => {
  if (kind === "pglite") {
    it("refuses to back up an embedded database another process has open, and writes nothing", async () => {
      const holder = open(source);
      try {
        await holder.db.execute(sql`select 1`);
        const run = await runScript("scripts/db-backup.ts", ["--dir", backupRoot], source);
        expect(run.code, run.out).toBe(1);
        expect(run.out).toContain("正被另一个进程使用");
        expect(run.out).toContain(`进程号 ${process.pid}`);
        expect(await backupsIn(backupRoot)).toEqual([]);
      } finally {
        await holder.close();
      }
    }, 300_000);
  } else {
    it("refuses clearly without pg_dump, or with a pg_dump older than the server, and writes nothing", async () => {
      const missing = await runScript("scripts/db-backup.ts", ["--dir", backupRoot], source, { PG_BIN_DIR: path.join(root, "no-such-folder") });
      expect(missing.code, missing.out).toBe(1);
      expect(missing.out).toContain("找不到 pg_dump");
      expect(missing.out).toContain("postgresql-client-");
      const fakeBin = path.join(root, "old-bin");
      await rm(fakeBin, { recursive: true, force: true });
      await mkdir(fakeBin);
      await writeFile(path.join(fakeBin, "pg_dump"), "#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n");
      await chmod(path.join(fakeBin, "pg_dump"), 0o755);
      const old = await runScript("scripts/db-backup.ts", ["--dir", backupRoot], source, { PG_BIN_DIR: fakeBin });
      expect(old.code, old.out).toBe(1);
      expect(old.out).toMatch(/是 9 版.*拒绝转储比自己新的服务器/);
      expect(await backupsIn(backupRoot)).toEqual([]);
    }, 300_000);
  }

  it("backs up the database and every attachment file with a manifest of counts and checksums", async () => {
    const run = await runScript("scripts/db-backup.ts", ["--dir", backupRoot], source);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("备份完成");
    expect(run.out).toContain("PII_KEY");
    const [name] = await backupsIn(backupRoot);
    expect(name).toMatch(/^dcdb-backup-\d{8}-\d{6}$/);
    backupDir = path.join(backupRoot, name!);
    manifest = manifestSchema.parse(JSON.parse(await readFile(path.join(backupDir, "manifest.json"), "utf8")));
    expect(manifest.database.kind).toBe(kind);
    expect(manifest.counts.tasks).toBe(sourceRows.tasks!.length);
    expect(manifest.counts.task_events).toBe(sourceRows.task_events!.length);
    expect(manifest.counts.audit_logs).toBe(sourceRows.audit_logs!.length);
    expect(manifest.migrations.applied).toBeGreaterThan(20);
    expect(manifest.problems).toEqual([]);
    const rows = sourceContents.attachments;
    expect(manifest.files.map((f) => [f.key, f.sha256]).sort()).toEqual(rows.map((r) => [r.storage_key, r.sha256]).sort());
    // No secret travels with the backup.
    const text = await readFile(path.join(backupDir, "manifest.json"), "utf8");
    for (const secret of Object.values(KEYS)) expect(text).not.toContain(secret);
  }, 300_000);

  let target: Target;
  it("restores into an empty database and file store: every row of every table and every file identical, the audit chain verifies", async () => {
    target = await newTarget("dst");
    const run = await runScript("scripts/db-restore.ts", [backupDir], target);
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("恢复完成");
    expect(run.out).toContain("各表行数与备份清单一致");
    expect(run.out).toContain("每条附件记录都有对应的文件");
    expect(run.out).toContain("AUDIT_HMAC_KEY");

    const restored = await contents(target);
    expect(restored.rows).toEqual(sourceRows);
    // A sequence may restart past where it was (PGlite logs them ahead), never behind: new ids cannot collide.
    const before = sourceContents.sequences;
    const after = restored.sequences;
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [name, value] of Object.entries(before)) expect(after[name], name).toBeGreaterThanOrEqual(value);

    const restoredStore = new LocalFileStore(target.storageDir);
    const rows = restored.attachments;
    expect(rows).toHaveLength(4);
    for (const row of rows) expect((await bytesOf(restoredStore, row.storage_key)).equals(uploadedBytes.get(row.id)!), row.id).toBe(true);
    expect(await storedKeys(target.storageDir)).toEqual(await storedKeys(source.storageDir));

    const verify = await runScript("scripts/audit-verify.ts", [], target);
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toMatch(/操作日志 audit_logs：已校验 [1-9]\d* 条，完整/);
    expect(verify.out).toMatch(/流转记录 task_events：已校验 [1-9]\d* 条，完整/);
    // Why the reminder matters: with another key the same restored rows do not verify.
    const otherKey = await runScript("scripts/audit-verify.ts", [], target, { AUDIT_HMAC_KEY: "another-key-another-key-another-key-0000" });
    expect(otherKey.code, otherKey.out).toBe(1);
  }, 600_000);

  it("refuses to restore into a database that is not empty, and changes nothing", async () => {
    const rowsBefore = (await contents(target)).rows;
    const keysBefore = await storedKeys(target.storageDir);
    const run = await runScript("scripts/db-restore.ts", [backupDir], target);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain("不是空的");
    expect(run.out).toContain("--force");
    expect((await contents(target)).rows).toEqual(rowsBefore);
    expect(await storedKeys(target.storageDir)).toEqual(keysBefore);
  }, 300_000);

  it("refuses a damaged backup before touching the target", async () => {
    const damaged = path.join(root, "damaged");
    await cp(backupDir, damaged, { recursive: true });
    const victim = path.join(damaged, "files", manifest.files[0]!.key);
    const bytes = await readFile(victim);
    bytes[0] = bytes[0]! ^ 0xff;
    await writeFile(victim, bytes);
    const empty = await newTarget("damaged");
    const run = await runScript("scripts/db-restore.ts", [damaged], empty);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain("备份已损坏");
    expect(run.out).toContain(manifest.files[0]!.key);
    expect(await storedKeys(empty.storageDir)).toEqual([]);
    if (empty.url) {
      const handle = open(empty);
      const [row] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`);
      await handle.close();
      expect(row!.n).toBe(0);
    } else {
      expect(await readdir(path.join(empty.dataDir, "pglite")).catch(() => [])).toEqual([]);
    }
  }, 300_000);

  it("reports a stored file that is missing, in the backup and again after restoring it", async () => {
    const lost = sourceContents.attachments.find((r) => r.committed)!;
    await rm(path.join(source.storageDir, lost.storage_key.slice(0, 2), lost.storage_key));
    const lostRoot = path.join(root, "backups-missing");
    const backup = await runScript("scripts/db-backup.ts", ["--dir", lostRoot], source);
    expect(backup.code, backup.out).toBe(3);
    expect(backup.out).toContain(`附件 ${lost.id}`);
    expect(backup.out).toContain("文件存储中没有这个文件");
    const [name] = await backupsIn(lostRoot);
    const lostManifest = manifestSchema.parse(JSON.parse(await readFile(path.join(lostRoot, name!, "manifest.json"), "utf8")));
    expect(lostManifest.problems).toEqual([expect.objectContaining({ attachmentId: lost.id, problem: "missing" })]);
    expect(lostManifest.files).toHaveLength(3);

    const restoreTarget = await newTarget("missing");
    const restore = await runScript("scripts/db-restore.ts", [path.join(lostRoot, name!)], restoreTarget);
    expect(restore.code, restore.out).toBe(3);
    expect(restore.out).toContain("1 个附件记录没有对应的文件");
    expect(restore.out).toContain(`附件 ${lost.id}`);
    expect(await storedKeys(restoreTarget.storageDir)).toHaveLength(3);
  }, 600_000);
});
