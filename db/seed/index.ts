import { openConfigured, setDatabaseHandle, type DatabaseHandle } from "../client";
import { isEmpty, seedAll } from "./seed";
import { seedDemoTasks } from "./demo-tasks";
import { bootstrapProduction } from "./bootstrap";
import { sealPiiRows } from "@/lib/crypto/seal-rows";
import { withStartupLock } from "../startup-lock";

/**
 * `npm run db:seed`: first seals any mobile number still in clear (lib/crypto/seal-rows.ts), then the production bootstrap (used by `npm start`): built-in roles, base data, rules,
 * calendar and, into a database without users, one `admin` account that must change its password.
 * `npm run db:seed -- --demo [--if-empty] [--no-demo-tasks]` (used by `npm run demo` and the e2e run):
 * the demo organisation with its published password and, into a database without tasks, five demo
 * tasks. Both are idempotent. Run it before the app starts, never beside a running app on the same
 * PGlite folder. On the PostgreSQL server it runs under the start-up lock (db/startup-lock.ts): servers
 * started at once seed one after the other, so an empty database gets one `admin`, not one per server.
 */
async function main() {
  const handle = openConfigured();
  try {
    await withStartupLock(handle, "seed", () => seed(handle));
  } finally {
    await handle.close();
  }
}

async function seed(handle: DatabaseHandle): Promise<void> {
  const args = new Set(process.argv.slice(2));
  // Mobile numbers left in clear by an earlier version are sealed with SM4 before anything else (idempotent).
  const sealed = await sealPiiRows(handle.db);
  const total = sealed.users + sealed.notifications + sealed.memberChanges;
  if (total > 0) {
    console.log(`已加密旧版明文手机号：用户 ${sealed.users}、通知 ${sealed.notifications}、变更申请 ${sealed.memberChanges}`);
  }
  if (!args.has("--demo")) {
    const result = await bootstrapProduction(handle.db, { adminPassword: process.env.ADMIN_INITIAL_PASSWORD });
    if (result.created && result.passwordSource === "generated") {
      // Printed exactly once: the account must change it at first login, and later starts skip this.
      console.log(`已创建管理员账号 admin，初始密码：${result.generatedPassword}（首次登录后须修改；此密码不会再次显示）`);
    } else if (result.created) {
      console.log("已创建管理员账号 admin，初始密码取自 ADMIN_INITIAL_PASSWORD（首次登录后须修改）");
    }
    if (result.others) {
      // 三员分立: the security administrator and the security auditor exist from the first start.
      for (const account of result.others) {
        console.log(`已创建账号 ${account.username}，初始密码：${account.generatedPassword}（首次登录后须修改；此密码不会再次显示）`);
      }
    }
    console.log(`基础数据已就绪 (${handle.driver})`);
    return;
  }
  if (args.has("--if-empty") && !(await isEmpty(handle.db))) {
    console.log("数据库已有数据，跳过演示数据");
    return;
  }
  // The service verbs used for demo tasks reach the database through getDb(): point it at this handle
  // rather than letting it open a second PGlite on the same folder.
  setDatabaseHandle(handle);
  await seedAll(handle.db, { demo: true });
  if (!args.has("--no-demo-tasks")) {
    const created = await seedDemoTasks(handle.db);
    if (created > 0) console.log(`已写入 ${created} 条演示督办事项`);
  }
  console.log(`演示数据已就绪 (${handle.driver})`);
}

main().catch((error) => {
  console.error("写入初始数据失败:", error instanceof Error ? error.message : error);
  process.exit(1);
});
