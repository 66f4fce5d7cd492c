/**
 * `npm run worker`: the job runner as its own process, for deployments on the PostgreSQL server that
 * keep background work off the app servers (set JOBS_IN_APP=false on those). Any number of workers and
 * app servers may run at once: every job still runs exactly once (lib/jobs/runner.ts).
 * SIGTERM / SIGINT: stop fetching, let running jobs finish (up to 20 s), close the connections, exit.
 */
import { getDatabaseHandle } from "@/db/client";
import { env } from "@/lib/env";
import { startJobRunner } from "./runner";
import { installConsoleRedaction } from "@/lib/logging/redact-console";
import { refuseToStartOnError } from "@/scripts/start-checks.mjs";

installConsoleRedaction();

async function main(): Promise<void> {
  // CLUSTER=true: the keys every process must share (scripts/start-checks.mjs).
  refuseToStartOnError(process.env, "worker");
  if (!env.databaseUrl) {
    console.error(
      "npm run worker 需要 DATABASE_URL（PostgreSQL 服务器）。内嵌数据库 PGlite 的数据目录只能由一个进程打开，后台任务已在应用进程内运行（npm start / npm run demo）。",
    );
    process.exit(2);
  }
  const runner = await startJobRunner({ role: "worker" });
  let exiting = false;
  const shutdown = async (signal: string) => {
    if (exiting) return;
    exiting = true;
    console.info(`[jobs] ${signal}：正在停止…`);
    await runner.stop(20_000);
    await getDatabaseHandle().close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[jobs] worker 启动失败", error);
  process.exit(1);
});
