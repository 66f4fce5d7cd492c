import { openConfigured } from "../client";
import { isEmpty, seedAll } from "./seed";

/**
 * `npm run db:seed [-- --if-empty] [-- --no-demo]`: idempotent. `--if-empty` (used by `npm start`) seeds
 * only a database without users, so a production database is never touched after its first start.
 * Run it before the app starts, never beside a running app on the same PGlite folder.
 */
async function main() {
  const args = new Set(process.argv.slice(2));
  const handle = openConfigured();
  try {
    if (args.has("--if-empty") && !(await isEmpty(handle.db))) {
      console.log("数据库已有数据，跳过演示数据");
      return;
    }
    await seedAll(handle.db, { demo: !args.has("--no-demo") });
    console.log(`演示数据已就绪 (${handle.driver})`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error("写入演示数据失败:", error);
  process.exit(1);
});
