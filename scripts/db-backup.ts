/**
 * npm run db:backup [-- --dir <folder>] [--keep <n>]
 *
 * Backs up the configured database (DATABASE_URL with pg_dump -Fc, or the embedded PGlite folder, which
 * needs the app stopped) and every attachment file its rows point to into a new folder
 * `<dir>/dcdb-backup-<UTC time>/` (default dir: ./backups); `--keep n` then removes all but the newest n
 * complete backups there. Exit code 0: complete; 3: written, but some files were missing or damaged
 * (listed); 1: nothing written. See lib/backup/backup.ts and docs/deploy.md.
 */
import { parseArgs } from "node:util";
import { createBackup } from "@/lib/backup/backup";
import { SECRETS_REMINDER } from "@/lib/backup/manifest";
import { countLines, problemLines } from "@/lib/backup/report";
import { getFileStore } from "@/lib/storage";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { dir: { type: "string", default: "backups" }, keep: { type: "string" } }, strict: true });
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new Error(`--keep 必须是正整数，当前为 "${values.keep}"`);
  const started = Date.now();
  const { dir, manifest, pruned } = await createBackup({ parentDir: values.dir!, keep, store: getFileStore(), log: (line) => console.log(line) });
  const bytes = manifest.files.reduce((sum, f) => sum + f.size, 0) + manifest.database.size;
  console.log(`备份完成：${dir}`);
  console.log(`  数据库：${manifest.database.kind === "postgres" ? `PostgreSQL（${manifest.database.pgDumpVersion}）` : "嵌入式 PGlite"}，迁移 ${manifest.migrations.applied} 个（${manifest.migrations.latest ?? "无"}）`);
  for (const line of countLines(manifest.counts)) console.log(line);
  console.log(`  附件文件：${manifest.files.length} 个；合计 ${(bytes / 1024 / 1024).toFixed(1)} MB；用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  for (const old of pruned) console.log(`  已删除较早的备份：${old}`);
  const serious = manifest.problems.filter((p) => p.problem !== "deleted");
  if (manifest.problems.length > 0) {
    console.log(serious.length > 0 ? `警告：${serious.length} 个附件记录没有可用的文件：` : "说明：");
    for (const line of problemLines(manifest.problems)) console.log(line);
  }
  console.log(SECRETS_REMINDER);
  return serious.length > 0 ? 3 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error("备份失败，未生成备份:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
