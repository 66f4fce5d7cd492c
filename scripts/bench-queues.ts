/**
 * npm run bench queues — pg-boss against graphile-worker on the PostgreSQL server (DATABASE_URL), the
 * measurement behind the job runner's choice (README, "Background work").
 *
 * For each library, in its own throw-away database on that server:
 *  1. throughput: enqueue N no-op jobs in one bulk call, then process them with one worker process
 *     (concurrency BENCH_CONCURRENCY, default 10) and print jobs/s for both halves;
 *  2. pick-up latency: with the worker idle, send BENCH_LATENCY_N (default 200) jobs one at a time,
 *     20 ms apart, and print p50/p95 of (handler start − send);
 *  3. idle cost: leave the started worker alone for BENCH_IDLE_S (default 10) seconds and print this
 *     process's CPU time and the number of transactions the database committed meanwhile (polling).
 *
 * Tunables: BENCH_N (default 5000). Prints figures, asserts nothing.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import PgBoss from "pg-boss";
import { Logger, makeWorkerUtils, run as runGraphile } from "graphile-worker";
import { intEnv, percentile } from "./lib/bench-common";

// graphile-worker logs every completed job at INFO; keep warnings and errors only.
const quiet = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[graphile-worker] ${message}`);
});


const SERVER_URL = process.env.DATABASE_URL;
const N = intEnv("BENCH_N", 5000);
const CONCURRENCY = intEnv("BENCH_CONCURRENCY", 10);
const LATENCY_N = intEnv("BENCH_LATENCY_N", 200);
const IDLE_S = intEnv("BENCH_IDLE_S", 10);
// pg-boss 10 fetches a batch, runs it, then waits out its polling interval before the next fetch, so its
// throughput is batch ÷ interval: with a batch of 10 it manages ~20 jobs/s. 50 is what lib/jobs uses.
const PGBOSS_BATCH = intEnv("BENCH_PGBOSS_BATCH", 50);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => (xs.length ? percentile([...xs].sort((a, b) => a - b), p) : NaN);
const fmt = (n: number) => n.toFixed(1);

interface Result {
  lib: string;
  enqueuePerSec: number;
  processPerSec: number;
  p50: number;
  p95: number;
  idleCpuMs: number;
  idleXacts: number;
}

async function withDatabase<T>(fn: (url: string, admin: postgres.Sql, name: string) => Promise<T>): Promise<T> {
  const admin = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
  const name = `dcdb_bench_q_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL!);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString(), admin, name);
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function committed(admin: postgres.Sql, name: string): Promise<number> {
  // The statistics collector lags a little; clear this backend's snapshot so the next read is fresh.
  await admin`select pg_stat_clear_snapshot()`;
  const [row] = await admin`select xact_commit::bigint as n from pg_stat_database where datname = ${name}`;
  return Number(row!.n);
}

/** Waits until `done()` or the deadline; returns whether it finished. */
async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) return false;
    await sleep(5);
  }
  return true;
}

async function idleCost(admin: postgres.Sql, name: string): Promise<{ idleCpuMs: number; idleXacts: number }> {
  await sleep(1000);
  const x0 = await committed(admin, name);
  const c0 = process.cpuUsage();
  await sleep(IDLE_S * 1000);
  const c = process.cpuUsage(c0);
  // Our own two stats queries commit too.
  const idleXacts = (await committed(admin, name)) - x0 - 2;
  return { idleCpuMs: (c.user + c.system) / 1000, idleXacts };
}

async function benchPgBoss(): Promise<Result> {
  return withDatabase(async (url, admin, name) => {
    const boss = new PgBoss({ connectionString: url, max: CONCURRENCY + 2, supervise: true, schedule: false });
    boss.on("error", (e) => console.error("[pg-boss]", e));
    await boss.start();
    await boss.createQueue("noop");
    let t = performance.now();
    const jobs = Array.from({ length: N }, (_, i) => ({ name: "noop", data: { i } }));
    for (let i = 0; i < jobs.length; i += 1000) await boss.insert(jobs.slice(i, i + 1000));
    const enqueuePerSec = N / ((performance.now() - t) / 1000);

    let processed = 0;
    const started = new Map<number, number>();
    t = performance.now();
    await boss.work<{ i: number; sentAt?: number }>("noop", { pollingIntervalSeconds: 0.5, batchSize: PGBOSS_BATCH }, async (batch) => {
      for (const job of batch) {
        if (job.data.sentAt) started.set(job.data.i, performance.now() - job.data.sentAt);
        processed++;
      }
    });
    if (!(await until(() => processed >= N, 600_000))) throw new Error("pg-boss: timed out");
    const processPerSec = N / ((performance.now() - t) / 1000);

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_N; i++) {
      await boss.send("noop", { i: N + i, sentAt: performance.now() });
      await sleep(20);
    }
    await until(() => started.size >= LATENCY_N, 60_000);
    for (const v of started.values()) latencies.push(v);
    const idle = await idleCost(admin, name);
    await boss.stop({ graceful: true, wait: true, timeout: 5000 });
    return { lib: "pg-boss 10", enqueuePerSec, processPerSec, p50: pct(latencies, 50), p95: pct(latencies, 95), ...idle };
  });
}

async function benchGraphile(): Promise<Result> {
  return withDatabase(async (url, admin, name) => {
    const utils = await makeWorkerUtils({ connectionString: url, logger: quiet });
    await utils.migrate();
    let t = performance.now();
    // 0.16 has no bulk helper in JS: its SQL add_job over a series, 1000 per statement like pg-boss's insert.
    for (let i = 0; i < N; i += 1000) {
      await utils.withPgClient((c) => c.query("select graphile_worker.add_job('noop', json_build_object('i', g)) from generate_series($1::int, $2::int) g", [i, Math.min(N, i + 1000) - 1]));
    }
    const enqueuePerSec = N / ((performance.now() - t) / 1000);

    let processed = 0;
    const started = new Map<number, number>();
    t = performance.now();
    const runner = await runGraphile({
      connectionString: url,
      concurrency: CONCURRENCY,
      noHandleSignals: true,
      pollInterval: 2000,
      logger: quiet,
      taskList: {
        noop: async (payload) => {
          const p = payload as { i: number; sentAt?: number };
          if (p.sentAt) started.set(p.i, performance.now() - p.sentAt);
          processed++;
        },
      },
    });
    if (!(await until(() => processed >= N, 600_000))) throw new Error("graphile-worker: timed out");
    const processPerSec = N / ((performance.now() - t) / 1000);

    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_N; i++) {
      await utils.addJob("noop", { i: N + i, sentAt: performance.now() });
      await sleep(20);
    }
    await until(() => started.size >= LATENCY_N, 60_000);
    for (const v of started.values()) latencies.push(v);
    const idle = await idleCost(admin, name);
    await runner.stop();
    await utils.release();
    return { lib: "graphile-worker 0.16", enqueuePerSec, processPerSec, p50: pct(latencies, 50), p95: pct(latencies, 95), ...idle };
  });
}

// Dropping a bench database ends its sessions; a pool that still held one reports it as an error event.
process.on("uncaughtException", (error) => {
  if (/administrator command/.test(error.message)) return;
  console.error(error);
  process.exit(1);
});

async function main() {
  if (!SERVER_URL) {
    console.error("需要 DATABASE_URL（PostgreSQL 服务器）：本基准只在服务器上比较两个队列库。");
    process.exit(2);
  }
  console.log(`N=${N} pg-boss batch=${PGBOSS_BATCH} poll=0.5s; graphile-worker concurrency=${CONCURRENCY} (LISTEN/NOTIFY, poll 2s); latency samples=${LATENCY_N} idle=${IDLE_S}s`);
  const results: Result[] = [];
  for (const bench of [benchPgBoss, benchGraphile]) {
    results.push(await bench());
    console.log(JSON.stringify(results.at(-1)));
  }
  console.log("\n| library | enqueue jobs/s | process jobs/s | pick-up p50 ms | pick-up p95 ms | idle CPU ms / " + IDLE_S + " s | idle DB transactions / " + IDLE_S + " s |");
  console.log("|---|---|---|---|---|---|---|");
  for (const r of results) {
    console.log(`| ${r.lib} | ${fmt(r.enqueuePerSec)} | ${fmt(r.processPerSec)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.idleCpuMs)} | ${r.idleXacts} |`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
