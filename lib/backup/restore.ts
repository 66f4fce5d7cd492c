import { createReadStream, existsSync } from "node:fs";
import { readFile, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { openPglite, openPostgres, queryRows, type DatabaseHandle } from "@/db/client";
import { lockPgliteFolder, pgliteFolderOwner, PgliteFolderInUseError } from "@/db/pglite-lock";
import { env } from "@/lib/env";
import type { FileStore } from "@/lib/storage";
import { codeMigrations, readDatabaseFacts } from "./facts";
import { FILES_FOLDER, MANIFEST_FILE, manifestSchema, sha256File, type FileProblem, type Manifest } from "./manifest";
import { libpqTarget, requirePgTool, run } from "./pg-tools";

/** Refused before anything was changed (wrong kind of database, not empty, damaged archive, newer schema). */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestoreRefusedError";
  }
}

export interface RestoreResult {
  manifest: Manifest;
  counts: Record<string, number>;
  /** Tables whose restored row count differs from the manifest's. */
  countMismatches: { table: string; expected: number; actual: number }[];
  filesRestored: number;
  /** Attachment rows of the restored database without a file in the store. */
  missingFiles: FileProblem[];
  /** PGlite with --force: where the folder that was replaced now is. */
  replacedFolder?: string;
}

/**
 * `npm run db:restore -- <backup folder> [--force]`: checks the archive (manifest, every SHA-256), refuses a
 * non-empty target database or file store unless `force`, loads the database, puts every file back under
 * its key, then counts every table against the manifest and checks that each attachment row has its file.
 * PostgreSQL: pg_restore in one transaction (a failure leaves the database as it was). PGlite: the app must
 * be stopped; with `force` the old folder is kept beside the new one (`….replaced-<time>`), never deleted.
 */
export async function restoreBackup(options: { dir: string; store: FileStore; force?: boolean; log?: (line: string) => void }): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const manifest = await checkArchive(options.dir, log);
  const kind = env.databaseUrl ? "postgres" : "pglite";
  if (manifest.database.kind !== kind) {
    throw new RestoreRefusedError(
      manifest.database.kind === "postgres"
        ? "这是 PostgreSQL 服务器数据库的备份：请设置 DATABASE_URL 指向一个空数据库后再恢复"
        : "这是嵌入式 PGlite 数据库的备份：请取消 DATABASE_URL（恢复到 DATA_DIR/pglite 或 PGLITE_DIR）后再恢复",
    );
  }
  const shipped = codeMigrations().length;
  if (manifest.migrations.applied > shipped) {
    throw new RestoreRefusedError(`备份来自更新的版本（已执行 ${manifest.migrations.applied} 个数据库迁移，本版本只有 ${shipped} 个）：请先升级程序再恢复`);
  }
  const storeHasFiles = !(await options.store.keys()[Symbol.asyncIterator]().next()).done;

  let handle: DatabaseHandle;
  let replacedFolder: string | undefined;
  if (kind === "postgres") {
    handle = await restorePostgres(env.databaseUrl!, manifest, options.dir, storeHasFiles, options.force ?? false, log);
  } else {
    ({ handle, replacedFolder } = await restorePglite(env.pgliteDir, manifest, options.dir, storeHasFiles, options.force ?? false, log));
  }
  try {
    log(`正在写回 ${manifest.files.length} 个附件文件`);
    for (const file of manifest.files) {
      await options.store.putAt(file.key, createReadStream(path.join(options.dir, FILES_FOLDER, file.key)));
    }
    const facts = await readDatabaseFacts(handle.db);
    const countMismatches = Object.entries(manifest.counts)
      .filter(([table, expected]) => facts.counts[table] !== expected)
      .map(([table, expected]) => ({ table, expected, actual: facts.counts[table] ?? 0 }));
    const missingFiles: FileProblem[] = [];
    for (const row of facts.attachments) {
      if (!(await options.store.exists(row.storageKey))) missingFiles.push({ attachmentId: row.id, key: row.storageKey, filename: row.filename, problem: "missing" });
    }
    if (kind === "postgres") {
      // A restored database has no planner statistics: list counts and index-only scans need them (README).
      log("正在执行 VACUUM (ANALYZE)");
      await handle.db.execute(sql`vacuum (analyze)`);
    }
    return { manifest, counts: facts.counts, countMismatches, filesRestored: manifest.files.length, missingFiles, replacedFolder };
  } finally {
    await handle.close();
  }
}

/** The manifest, and every file it lists present with its recorded SHA-256, before anything is touched. */
async function checkArchive(dir: string, log: (line: string) => void): Promise<Manifest> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8"));
  } catch (error) {
    throw new RestoreRefusedError(`${dir} 不是完整的备份（无法读取 ${MANIFEST_FILE}：${(error as Error).message}）`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new RestoreRefusedError(`${dir}/${MANIFEST_FILE} 格式不正确或来自不兼容的版本：${parsed.error.issues[0]?.message ?? ""}`);
  const manifest = parsed.data;
  log(`校验备份文件（数据库 1 个，附件 ${manifest.files.length} 个）`);
  const checks = [{ label: "数据库文件", file: manifest.database.file, sha256: manifest.database.sha256 }, ...manifest.files.map((f) => ({ label: "附件文件", file: path.join(FILES_FOLDER, f.key), sha256: f.sha256 }))];
  const damaged: string[] = [];
  for (const check of checks) {
    const full = path.join(dir, check.file);
    if (!existsSync(full)) damaged.push(`${check.label} ${check.file} 不存在`);
    else if ((await sha256File(full)).sha256 !== check.sha256) damaged.push(`${check.label} ${check.file} 校验值不符`);
  }
  if (damaged.length > 0) throw new RestoreRefusedError(`备份已损坏，未做任何改动：\n  ${damaged.slice(0, 20).join("\n  ")}${damaged.length > 20 ? `\n  ……共 ${damaged.length} 处` : ""}`);
  return manifest;
}

function refuseNonEmpty(what: string): never {
  throw new RestoreRefusedError(`${what}不是空的：恢复会覆盖现有数据，已拒绝，未做任何改动。确认要覆盖时加 --force（PostgreSQL：删除目标库中的全部数据后恢复；PGlite：原目录改名保留）`);
}

async function restorePostgres(url: string, manifest: Manifest, dir: string, storeHasFiles: boolean, force: boolean, log: (line: string) => void): Promise<DatabaseHandle> {
  const pgRestore = await requirePgTool("pg_restore", manifest.database.pgDumpMajor ?? manifest.database.serverMajor, `而备份由 ${manifest.database.pgDumpVersion ?? "更新的 pg_dump"} 写出，pg_restore 读不了更新版本的归档`);
  const handle = openPostgres(url, { max: 2 });
  try {
    const [server] = await queryRows<{ num: string }>(handle.db, sql`select current_setting('server_version_num') as num`);
    const targetMajor = Math.floor(Number(server!.num) / 10000);
    if (targetMajor < manifest.database.serverMajor) {
      log(`注意：目标服务器是 ${targetMajor} 版，备份来自 ${manifest.database.serverMajor} 版；若有不兼容的对象，恢复会整体失败并回滚`);
    }
    const schemas = await queryRows<{ name: string; tables: number }>(
      handle.db,
      sql`select n.nspname as name, (select count(*)::int from pg_class c where c.relnamespace = n.oid and c.relkind in ('r', 'p', 'v', 'm', 'S')) as tables
          from pg_namespace n where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg\\_temp\\_%' and n.nspname not like 'pg\\_toast\\_temp\\_%'`,
    );
    const databaseHasData = schemas.some((s) => s.tables > 0 || s.name !== "public");
    if ((databaseHasData || storeHasFiles) && !force) refuseNonEmpty(databaseHasData ? "目标数据库" : "目标文件存储");
    if (databaseHasData) {
      log("--force：清空目标数据库");
      // Every schema the app (drizzle, pg-boss) or anyone made goes; public is recreated empty for pg_restore.
      for (const s of schemas) await handle.db.execute(sql.raw(`drop schema "${s.name.replace(/"/g, '""')}" cascade`));
      await handle.db.execute(sql`create schema public`);
    }
    const target = libpqTarget(url);
    log("正在执行 pg_restore（单个事务）");
    const restored = await run(
      pgRestore.path,
      ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", `--dbname=${target.dbname}`, path.join(dir, manifest.database.file)],
      target.env,
    );
    if (restored.code !== 0) throw new Error(`pg_restore 失败（退出码 ${restored.code}），目标数据库未写入：${restored.stderr.trim()}`);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function restorePglite(folder: string, manifest: Manifest, dir: string, storeHasFiles: boolean, force: boolean, log: (line: string) => void) {
  const owner = pgliteFolderOwner(folder);
  if (owner) throw new PgliteFolderInUseError(folder, owner);
  const folderHasData = existsSync(folder) && (await readdir(folder)).length > 0;
  if ((folderHasData || storeHasFiles) && !force) refuseNonEmpty(folderHasData ? `嵌入式数据库目录 ${folder} ` : "目标文件存储");
  // Held from before the old folder moves until the new one is closed: no app can start in between.
  const unlock = lockPgliteFolder(folder);
  let replacedFolder: string | undefined;
  try {
    if (folderHasData) {
      replacedFolder = `${folder}.replaced-${new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)}`;
      await rename(folder, replacedFolder);
      log(`--force：原数据库目录已改名为 ${replacedFolder}（确认恢复无误后可自行删除）`);
    }
    log("正在载入嵌入式数据库");
    const tarball = new Blob([await readFile(path.join(dir, manifest.database.file))]);
    const handle = openPglite(folder, { loadDataDir: tarball });
    try {
      await handle.pglite!.waitReady;
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(folder, { recursive: true, force: true });
      if (replacedFolder) await rename(replacedFolder, folder);
      throw new Error(`无法载入备份中的嵌入式数据库（${(error as Error).message}）：原目录已还原`);
    }
    return { handle, replacedFolder };
  } finally {
    unlock();
  }
}
