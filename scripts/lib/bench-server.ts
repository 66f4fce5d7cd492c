/**
 * Shared by the benchmarks that drive the built app over HTTP (bench-stats, bench-load): a generated database
 * on the PostgreSQL server, server.mjs started on it, and Auth.js sign-in through the credentials endpoint.
 */
import { spawn, type ChildProcess } from "node:child_process";
import postgres from "postgres";
import { openPostgres } from "@/db/client";
import { runMigrations } from "@/db/migrator";
import { GENERATED_PREFIX } from "./bulk-data";
import { generate } from "../generate-data";

/** 1000000 → "1m", 100000 → "100k" (database names). */
export const sizeLabel = (size: number) => (size >= 1_000_000 ? `${size / 1_000_000}m` : `${size / 1000}k`);

/**
 * The database `${prefix}${sizeLabel(size)}` on the server `serverUrl` names, filled by the data generator — or
 * reused as it is (migrated, never dropped) with BENCH_KEEP=1 when it already holds generated data. Returns its URL.
 */
export async function prepareGeneratedDatabase(serverUrl: string, prefix: string, size: number): Promise<string> {
  const name = `${prefix}${sizeLabel(size)}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin<{ n: number }[]>`select count(*)::int as n from pg_database where datname = ${name}`;
    if (exists!.n > 0 && process.env.BENCH_KEEP === "1") {
      const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [filled] = await db<{ n: number }[]>`select count(*)::int as n from tasks where task_no like ${GENERATED_PREFIX + "%"}`.catch(() => [{ n: 0 }]);
      await db.end();
      if (filled!.n > 0) {
        const handle = openPostgres(url.toString(), { max: 2 }); // ≥ 2: the migration's start-up lock holds one
        await runMigrations(handle);
        await handle.close();
        console.log(`沿用已有数据库 ${name}（BENCH_KEEP=1）`);
        return url.toString();
      }
    }
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  console.log(`生成 ${name}（${size} 条承办任务）…`);
  const t0 = performance.now();
  await generate(url.toString(), size);
  console.log(`生成用时 ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return url.toString();
}

/**
 * The built app (`npm run build` first) through server.mjs on 127.0.0.1:`port`, without the in-app job runner.
 * BENCH_SERVER_NODE_ARGS adds Node options to the server alone, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 * for a CPU profile of the run (Node refuses --cpu-prof in NODE_OPTIONS).
 */
export async function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "server.mjs"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      JOBS_IN_APP: "false",
      AUTH_SECRET: process.env.AUTH_SECRET ?? "bench-only-secret-not-for-production-0123456789",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`server.mjs 退出 (${code})`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready")) resolve();
    });
  });
  return child;
}

export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

export { signIn, type SignInTiming } from "./sign-in";
