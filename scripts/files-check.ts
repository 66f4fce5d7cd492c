/**
 * npm run files:check — do the stored files and the attachment rows agree? Prints the rows whose file is missing
 * (a download would answer 404) and the files no row names (left by a crash mid-upload; the hourly cleanup removes
 * them an hour after first seeing them). Exit code 1 when either list is not empty. Reads DATABASE_URL (or the
 * PGlite folder: only while the app is stopped) and STORAGE_DIR / DATA_DIR like the app.
 */
import { getDatabaseHandle } from "@/db/client";
import { checkFileConsistency } from "@/lib/services/attachments/consistency";
import { storageDir } from "@/lib/storage";

async function main() {
  const report = await checkFileConsistency();
  console.log(`附件记录 ${report.rows} 条，存储文件 ${report.files} 个（${storageDir()}）`);
  for (const row of report.rowsWithoutFile) console.log(`缺少文件的附件记录：${row.id}（${row.storageKey}）`);
  for (const key of report.filesWithoutRow) console.log(`没有附件记录的文件：${key}`);
  const ok = report.rowsWithoutFile.length === 0 && report.filesWithoutRow.length === 0;
  console.log(ok ? "一致：每条记录都有文件，每个文件都有记录" : `不一致：${report.rowsWithoutFile.length} 条记录缺少文件，${report.filesWithoutRow.length} 个文件没有记录`);
  await getDatabaseHandle().close();
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error("检查失败：", error);
  process.exit(1);
});
