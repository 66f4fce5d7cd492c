import { openConfigured } from "./client";
import { runMigrations } from "./migrator";

/** `npm run db:migrate`: apply committed migrations to the configured database, then exit. */
async function main() {
  const handle = openConfigured();
  try {
    await runMigrations(handle);
    console.log(`数据库迁移完成 (${handle.driver})`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error("数据库迁移失败:", error);
  process.exit(1);
});
