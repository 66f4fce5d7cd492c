import { openConfigured, setDatabaseHandle } from "../client";
import { isEmpty, seedAll } from "./seed";
import { seedDemoTasks } from "./demo-tasks";

/**
 * `npm run db:seed [-- --if-empty] [-- --no-demo] [-- --no-demo-tasks]`: idempotent. The demo adds five
 * tasks at different stages to a database without tasks (`--no-demo-tasks` leaves them out). `--if-empty` (used by `npm start`) seeds
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
    // The service verbs used for demo tasks reach the database through getDb(): point it at this handle
    // rather than letting it open a second PGlite on the same folder.
    setDatabaseHandle(handle);
    await seedAll(handle.db, { demo: !args.has("--no-demo") });
    if (!args.has("--no-demo") && !args.has("--no-demo-tasks")) {
      const created = await seedDemoTasks(handle.db);
      if (created > 0) console.log(`已写入 ${created} 条演示督办事项`);
    }
    console.log(`演示数据已就绪 (${handle.driver})`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error("写入演示数据失败:", error);
  process.exit(1);
});
