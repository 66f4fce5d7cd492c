/**
 * npm run bench settings — what reading 系统参数 at every request costs, the reason the session idle limit is
 * no longer cached per app server (lib/auth/idle-limit.ts). Times the idle-limit read (one row by primary
 * key) and the full settings read, BENCH_N (default 2000) calls each after a warm-up, on a fresh in-memory
 * PGlite and, with DATABASE_URL, on that server's database (read only). Prints figures; asserts nothing.
 * Runs under --conditions=react-server (scripts/bench.sh sees this line) so lib/data loads outside Next.
 */
import { performance } from "node:perf_hooks";
import { openConfigured, openPglite, type DatabaseHandle } from "@/db/client";
import { runMigrations } from "@/db/migrator";
import { getEffectiveSettings, getSessionIdleMinutes } from "@/lib/data/settings";
import { intEnv, percentile } from "./lib/bench-common";

const N = intEnv("BENCH_N", 2000);

async function time(label: string, fn: () => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    xs.push(performance.now() - t0);
  }
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} p50 ${percentile(xs, 50).toFixed(3).padStart(7)} ms   p95 ${percentile(xs, 95).toFixed(3).padStart(7)} ms   p99 ${percentile(xs, 99).toFixed(3).padStart(7)} ms`);
}

async function measure(name: string, handle: DatabaseHandle) {
  await time(`${name}: idle limit (one row)`, () => getSessionIdleMinutes(handle.db));
  await time(`${name}: every setting`, () => getEffectiveSettings(handle.db));
}

async function main() {
  const pglite = openPglite();
  await runMigrations(pglite);
  await measure("PGlite (memory)", pglite);
  await pglite.close();
  if (process.env.DATABASE_URL) {
    const server = openConfigured();
    await measure("PostgreSQL server", server);
    await server.close();
  }
}

void main();
