/**
 * npm run db:restore -- <backup folder> [--force]
 *
 * Restores a backup made by `npm run db:backup` into the configured database (DATABASE_URL, or the PGlite
 * folder with the app stopped) and file store, then checks every table's row count against the manifest
 * and every attachment row for its file. Refuses a non-empty database or file store unless --force.
 * Exit code 0: restored and verified; 3: restored, but counts differ or files are missing (listed);
 * 1: refused or failed. See lib/backup/restore.ts and docs/deploy.md.
 */
import { parseArgs } from "node:util";
import { SECRETS_REMINDER } from "@/lib/backup/manifest";
import { countLines, problemLines } from "@/lib/backup/report";
import { restoreBackup } from "@/lib/backup/restore";
import { getFileStore } from "@/lib/storage";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { force: { type: "boolean", default: false } }, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new Error("用法：npm run db:restore -- <备份目录> [--force]");
  const result = await restoreBackup({ dir: positionals[0]!, force: values.force, store: getFileStore(), log: (line) => console.log(line) });
  const { manifest } = result;
  console.log(`恢复完成：${positionals[0]}（${manifest.createdAt} 备份，程序版本 ${manifest.app.version}，迁移 ${manifest.migrations.applied} 个）`);
  for (const line of countLines(result.counts)) console.log(line);
  console.log(`  附件文件：写回 ${result.filesRestored} 个`);
  let problems = false;
  if (result.countMismatches.length > 0) {
    problems = true;
    console.log("警告：以下表的行数与备份清单不符：");
    for (const m of result.countMismatches) console.log(`  ${m.table}：清单 ${m.expected}，恢复后 ${m.actual}`);
  } else {
    console.log("  各表行数与备份清单一致");
  }
  if (result.missingFiles.length > 0) {
    problems = true;
    console.log(`警告：${result.missingFiles.length} 个附件记录没有对应的文件（下载这些附件会提示文件不存在）：`);
    for (const line of problemLines(result.missingFiles)) console.log(line);
  } else {
    console.log("  每条附件记录都有对应的文件");
  }
  if (result.replacedFolder) console.log(`  原数据库目录保留在 ${result.replacedFolder}`);
  console.log("下一步：npm start（会先执行本版本的数据库迁移），并运行 npm run audit:verify 校验操作日志与流转记录。");
  console.log(SECRETS_REMINDER);
  return problems ? 3 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error("恢复失败:", error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
