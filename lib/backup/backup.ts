import { createHash } from "node:crypto";
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { inArray, sql } from "drizzle-orm";
import { openPglite, openPostgres, queryRows, type DatabaseHandle } from "@/db/client";
import { attachments } from "@/db/schema";
import { env } from "@/lib/env";
import { FileNotFoundError, type FileStore } from "@/lib/storage";
import { readDatabaseFacts, type AttachmentRef, type DatabaseFacts } from "./facts";
import {
  ARCHIVE_KEY,
  DATABASE_FILES,
  FILES_FOLDER,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  sha256File,
  type FileEntry,
  type FileProblem,
  type Manifest,
} from "./manifest";
import { libpqTarget, requirePgTool, run } from "./pg-tools";

export const BACKUP_NAME = /^dcdb-backup-\d{8}-\d{6}$/;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export interface BackupResult {
  dir: string;
  manifest: Manifest;
  /** Older backups removed by `keep`. */
  pruned: string[];
}

/**
 * `npm run db:backup`: the configured database and every stored file its attachment rows point to, into
 * one new folder under `parentDir`.
 *
 * Consistency. PostgreSQL: one REPEATABLE READ transaction exports its snapshot; pg_dump dumps exactly that
 * snapshot (`--snapshot`), and the attachment rows are read in it too, so the files copied are those of the
 * rows in the dump — an upload finishing meanwhile is in neither, and every row in the dump has its file
 * unless the file was deleted after the snapshot (its row deleted meanwhile: reported as `deleted`). The
 * files are copied while pg_dump runs, to keep that window short. PGlite: the app must be stopped (one
 * process per folder); the folder's lock refuses otherwise, and nothing changes underneath.
 */
export async function createBackup(options: { parentDir: string; store: FileStore; keep?: number; now?: Date; log?: (line: string) => void }): Promise<BackupResult> {
  const log = options.log ?? (() => {});
  const name = `dcdb-backup-${stamp(options.now ?? new Date())}`;
  const finalDir = path.resolve(options.parentDir, name);
  const workDir = `${finalDir}.partial`;
  if (existsSync(finalDir) || existsSync(workDir)) throw new BackupError(`备份目录 ${finalDir} 已存在，请稍后再试`);
  await mkdir(path.join(workDir, FILES_FOLDER), { recursive: true });
  try {
    const manifest = env.databaseUrl
      ? await backupPostgres(env.databaseUrl, workDir, options.store, log)
      : await backupPglite(env.pgliteDir, workDir, options.store, log);
    await writeFile(path.join(workDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o640 });
    await rename(workDir, finalDir);
    const pruned = options.keep ? await prune(path.resolve(options.parentDir), options.keep, name) : [];
    return { dir: finalDir, manifest, pruned };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function backupPostgres(url: string, workDir: string, store: FileStore, log: (line: string) => void): Promise<Manifest> {
  const handle = openPostgres(url, { max: 2 });
  try {
    const [server] = await queryRows<{ num: string }>(handle.db, sql`select current_setting('server_version_num') as num`);
    const serverMajor = Math.floor(Number(server!.num) / 10000);
    const pgDump = await requirePgTool("pg_dump", serverMajor, `而服务器是 ${serverMajor} 版，pg_dump 拒绝转储比自己新的服务器`);
    const dumpFile = path.join(workDir, DATABASE_FILES.postgres);
    const target = libpqTarget(url);
    let facts!: DatabaseFacts;
    let copied!: CopyResult;
    await handle.db.transaction(
      async (tx) => {
        // The snapshot lives as long as this transaction, which waits idle while pg_dump works.
        await tx.execute(sql`set local idle_in_transaction_session_timeout = 0`);
        const [snapshot] = await queryRows<{ id: string }>(tx, sql`select pg_export_snapshot() as id`);
        facts = await readDatabaseFacts(tx);
        log(`数据库快照：${facts.attachments.length} 条附件记录；pg_dump 与文件复制同时进行`);
        const dump = run(pgDump.path, ["--format=custom", `--snapshot=${snapshot!.id}`, `--file=${dumpFile}`, `--dbname=${target.dbname}`], target.env);
        const [dumped, files] = await Promise.all([dump, copyFiles(store, facts.attachments, workDir)]);
        if (dumped.code !== 0) throw new BackupError(`pg_dump 失败（退出码 ${dumped.code}）：${dumped.stderr.trim()}`);
        copied = files;
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
    // A file gone from the store whose row is gone from the live database too was deleted after the snapshot.
    const missing = copied.problems.filter((p) => p.problem === "missing").map((p) => p.attachmentId);
    if (missing.length > 0) {
      const live = new Set((await handle.db.select({ id: attachments.id }).from(attachments).where(inArray(attachments.id, missing))).map((r) => r.id));
      for (const p of copied.problems) if (p.problem === "missing" && !live.has(p.attachmentId)) p.problem = "deleted";
    }
    const digest = await sha256File(dumpFile);
    return manifestOf(facts, copied, { kind: "postgres", file: DATABASE_FILES.postgres, ...digest, pgDumpVersion: pgDump.version, pgDumpMajor: pgDump.major });
  } finally {
    await handle.close();
  }
}

async function backupPglite(folder: string, workDir: string, store: FileStore, log: (line: string) => void): Promise<Manifest> {
  if (!existsSync(path.join(folder, "PG_VERSION"))) {
    throw new BackupError(`没有找到嵌入式数据库 ${folder}（未设置 DATABASE_URL 时备份 DATA_DIR/pglite 或 PGLITE_DIR）`);
  }
  // Throws PgliteFolderInUseError while the app (or anything else) has the folder open.
  const handle: DatabaseHandle = openPglite(folder);
  try {
    const facts = await readDatabaseFacts(handle.db);
    log(`嵌入式数据库：${facts.attachments.length} 条附件记录`);
    const tarball = await handle.pglite!.dumpDataDir("gzip");
    const file = path.join(workDir, DATABASE_FILES.pglite);
    await writeFile(file, Buffer.from(await tarball.arrayBuffer()), { mode: 0o640 });
    const copied = await copyFiles(store, facts.attachments, workDir);
    return manifestOf(facts, copied, { kind: "pglite", file: DATABASE_FILES.pglite, ...(await sha256File(file)) });
  } finally {
    await handle.close();
  }
}

interface CopyResult {
  files: FileEntry[];
  problems: FileProblem[];
}

/** Streams each row's file from the store into `files/<key>`, hashing it on the way; four at a time. */
async function copyFiles(store: FileStore, rows: AttachmentRef[], workDir: string): Promise<CopyResult> {
  const files: FileEntry[] = [];
  const problems: FileProblem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++]!;
      const ref = { attachmentId: row.id, key: row.storageKey, filename: row.filename };
      if (!ARCHIVE_KEY.test(row.storageKey)) throw new BackupError(`附件 ${row.id} 的存储键无法作为备份文件名：${JSON.stringify(row.storageKey)}`);
      const target = path.join(workDir, FILES_FOLDER, row.storageKey);
      let body;
      try {
        body = await store.get(row.storageKey);
      } catch (error) {
        if (error instanceof FileNotFoundError) {
          problems.push({ ...ref, problem: "missing" });
          continue;
        }
        throw error;
      }
      const hash = createHash("sha256");
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      });
      await pipeline(body, meter, createWriteStream(target, { flags: "wx", mode: 0o640 }));
      const sha256 = hash.digest("hex");
      files.push({ key: row.storageKey, size, sha256 });
      if (sha256 !== row.sha256) problems.push({ ...ref, problem: "mismatch" });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  files.sort((a, b) => a.key.localeCompare(b.key));
  return { files, problems };
}

function manifestOf(facts: DatabaseFacts, copied: CopyResult, database: Omit<Manifest["database"], "serverVersion" | "serverMajor">): Manifest {
  return {
    format: MANIFEST_FORMAT,
    createdAt: new Date().toISOString(),
    app: appIdentity(),
    migrations: facts.migrations,
    database: { ...database, serverVersion: facts.serverVersion, serverMajor: facts.serverMajor },
    counts: facts.counts,
    files: copied.files,
    problems: copied.problems,
  };
}

function appIdentity(): { name: string; version: string } {
  try {
    // Scripts run from the project root (npm run): its package file names the build being backed up.
    const pkg = JSON.parse(readFileSync(path.join(/* turbopackIgnore: true */ process.cwd(), "package.json"), "utf8")) as { name?: string; version?: string };
    return { name: pkg.name ?? "duchaduban", version: pkg.version ?? "unknown" };
  } catch {
    return { name: "duchaduban", version: process.env.npm_package_version ?? "unknown" };
  }
}

/** YYYYMMDD-HHMMSS in UTC: sorts as it reads, one name per second. */
function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** Removes the oldest complete backups beyond `keep` in `parentDir` (only folders this command names and completes). */
async function prune(parentDir: string, keep: number, current: string): Promise<string[]> {
  const names = (await readdir(parentDir)).filter((n) => BACKUP_NAME.test(n)).sort();
  const complete: string[] = [];
  for (const n of names) {
    if (await stat(path.join(parentDir, n, MANIFEST_FILE)).then(() => true, () => false)) complete.push(n);
  }
  const doomed = complete.filter((n) => n !== current).slice(0, Math.max(0, complete.length - keep));
  for (const n of doomed) await rm(path.join(parentDir, n), { recursive: true, force: true });
  return doomed.map((n) => path.join(parentDir, n));
}
