/**
 * npm run db:generate -- --assignments N [--units 1000]
 *
 * Fills the PostgreSQL database DATABASE_URL names with realistic data (scripts/lib/bulk-data.ts): migrates it,
 * seeds the base data and the demo organisation when it has no users, then bulk-loads ≈N assignments over 10
 * years and ends with VACUUM ANALYZE. PGlite is refused (one embedded process is not where a million rows go).
 * A database that already holds generated tasks is refused too: generate into a fresh one.
 */
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { openPostgres, setDatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrator";
import { isEmpty, seedAll } from "@/db/seed/seed";
import { bulkLoad, GENERATED_PREFIX } from "./lib/bulk-data";

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  const raw = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} 必须是正整数`);
  return n;
}

export async function generate(url: string, assignments: number, units = 1000): Promise<void> {
  const handle = openPostgres(url, { max: 2 });
  const bulk = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await runMigrations(handle);
    if (await isEmpty(handle.db)) {
      setDatabaseHandle(handle);
      await seedAll(handle.db, { demo: true });
    }
    const [existing] = await bulk<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks WHERE task_no LIKE ${GENERATED_PREFIX + "%"}`;
    if (existing!.n > 0) throw new Error(`数据库中已有 ${existing!.n} 条生成的督办事项；请换一个空数据库再生成`);
    const t0 = performance.now();
    await bulkLoad(bulk, { assignments, units, log: (line) => console.log(line) });
    const [c] = await bulk<{ tasks: number; assignments: number; units: number; users: number; events: number }[]>`
      SELECT (SELECT count(*)::int FROM tasks) AS tasks, (SELECT count(*)::int FROM assignments) AS assignments,
             (SELECT count(*)::int FROM departments WHERE NOT is_group) AS units, (SELECT count(*)::int FROM users) AS users,
             (SELECT count(*)::int FROM task_events) AS events`;
    console.log(
      `已生成：督办事项 ${c!.tasks}，承办任务 ${c!.assignments}，单位 ${c!.units}，用户 ${c!.users}，流转记录 ${c!.events}；用时 ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  } finally {
    setDatabaseHandle(undefined);
    await bulk.end();
    await handle.close();
  }
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("请设置 DATABASE_URL（PostgreSQL 服务器数据库），例如 DATABASE_URL=postgres://postgres@127.0.0.1:5432/dcdb_big；不支持 PGlite。");
    process.exit(2);
  }
  await generate(url, flag("assignments", 100_000), flag("units", 1000));
}

if (process.argv[1]?.endsWith("generate-data.ts")) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
