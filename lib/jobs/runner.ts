import PgBoss from "pg-boss";
import type { PGlite } from "@electric-sql/pglite";
import { getDatabaseHandle } from "@/db/client";
import { env } from "@/lib/env";
import { JOB_DEFINITIONS, type JobDefinition } from "./definitions";
import { setNudgeHandler } from "./nudge";

/**
 * The one job runner: pg-boss over the JOB_DEFINITIONS registry (see README "Background work" for why
 * pg-boss). On the PostgreSQL server it opens its own small connection pool; on PGlite it runs through
 * an adapter on the app's one PGlite connection (PGlite queues every statement behind any open
 * transaction, so the runner cannot step into a page's transaction).
 *
 * Exactly once across processes: an `everySeconds` job is offered by every running process each half
 * slot with pg-boss's singleton key + slot (a unique index in pgboss.job, slot from the database clock),
 * so one job exists per slot; workers fetch with SKIP LOCKED, so one worker runs it. `cron` jobs use
 * pg-boss's scheduler (one send per minute per installation).
 */

export interface JobRunner {
  readonly role: "app" | "worker";
  readonly driver: "postgres" | "pglite";
  /**
   * Asks for an extra run of `name` in 2 s (at most one per 2 s slot per installation). The delay lets the
   * step that asked commit first: its notifications are written in its still-open transaction.
   */
  nudge(name: string): Promise<void>;
  /** Stops offering and fetching, waits for running handlers (up to `timeoutMs`), releases connections. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface RunnerOptions {
  role: "app" | "worker";
  definitions?: readonly JobDefinition[];
  /** How often each worker asks for a job of a frequent queue (seconds, ≥ 0.5). */
  pollSeconds?: number;
  log?: (message: string) => void;
}

/** pg-boss's `db` option over PGlite: parameterised single statements via query, the rest via exec. */
export function pgliteBossAdapter(client: PGlite) {
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values && values.length > 0) return client.query(text, values as never[]);
      const results = await client.exec(text);
      return results[results.length - 1] ?? { rows: [], fields: [] };
    },
  };
}

const POOL_SIZE = 4;

function bossFor(driver: "postgres" | "pglite", pglite: PGlite | undefined, hasCron: boolean): PgBoss {
  const common = {
    schema: "pgboss",
    supervise: true,
    schedule: hasCron,
    migrate: true,
    // Runs of the frequent delivery job pile up quickly: keep a day of history for inspection.
    archiveCompletedAfterSeconds: 60 * 60,
    deleteAfterDays: 1,
  };
  if (driver === "pglite") {
    if (!pglite) throw new Error("PGlite handle without its engine");
    return new PgBoss({ ...common, db: pgliteBossAdapter(pglite) });
  }
  // pg-boss hands its options to pg's Pool, whose connect waits forever by default: with a server that does not answer
  // (a failover, dropped packets) the runner would stall instead of failing this poll and trying the next.
  const pool: Record<string, unknown> = { connectionTimeoutMillis: 5_000 };
  return new PgBoss({ ...common, ...pool, connectionString: env.databaseUrl!, max: POOL_SIZE, application_name: "dcdb-jobs" });
}

/** Offer each slot twice (a late tick still lands in its slot), never less often than every 30 s. */
export function tickMs(everySeconds: number): number {
  return Math.max(500, Math.min(30_000, (everySeconds * 1000) / 2));
}

/** Errors of two processes creating pg-boss queues at once (its partition DDL): deadlock, duplicate. */
const QUEUE_RACE_CODES = new Set(["40P01", "23505", "42P07", "42710"]);

/**
 * Creates or updates one queue. Several servers start at once (two app servers and a worker): pg-boss's
 * createQueue runs DDL that can deadlock or collide with the same call in another process. The loser of
 * such a race simply looks again (the queue now exists: update it) after a short, jittered pause.
 */
async function ensureQueue(boss: PgBoss, queue: { name: string; retryLimit: number; retryDelay: number; retryBackoff: boolean; expireInSeconds: number }) {
  for (let attempt = 1; ; attempt++) {
    try {
      if (await boss.getQueue(queue.name)) await boss.updateQueue(queue.name, queue);
      else await boss.createQueue(queue.name, queue);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 8 || typeof code !== "string" || !QUEUE_RACE_CODES.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 200));
    }
  }
}

export async function startJobRunner(options: RunnerOptions): Promise<JobRunner> {
  const log = options.log ?? ((m: string) => console.info(`[jobs] ${m}`));
  const definitions = options.definitions ?? JOB_DEFINITIONS;
  const handle = getDatabaseHandle();
  const boss = bossFor(handle.driver, handle.pglite, definitions.some((d) => d.cron));
  // While the database restarts every poll fails: one line each (pg-boss recovers by itself on the next poll), not
  // the driver's whole client object.
  boss.on("error", (error) => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") console.error(`[jobs] pg-boss: ${code} ${error.message}`);
    else console.error("[jobs] pg-boss:", error);
  });
  await boss.start();

  const timers: NodeJS.Timeout[] = [];
  for (const def of definitions) {
    await ensureQueue(boss, {
      name: def.name,
      retryLimit: def.retry.limit,
      retryDelay: def.retry.delaySeconds ?? 0,
      retryBackoff: def.retry.backoff ?? false,
      expireInSeconds: def.expireInSeconds,
    });
    const frequent = (def.everySeconds ?? 60) <= 30;
    await boss.work(def.name, { pollingIntervalSeconds: frequent ? (options.pollSeconds ?? 1) : 10, batchSize: 1 }, async () => {
      const started = Date.now();
      const result = await def.handler();
      if (result && typeof result === "object" && Object.values(result).some((v) => typeof v === "number" && v > 0)) {
        log(`${def.name} ${JSON.stringify(result)} (${Date.now() - started} ms)`);
      }
    });
    if (def.cron) await boss.schedule(def.name, def.cron, {}, { tz: "Asia/Shanghai" });
    if (def.everySeconds) {
      const seconds = def.everySeconds;
      const offer = () =>
        boss.sendThrottled(def.name, {}, {}, seconds, def.name).catch((error: unknown) => console.error(`[jobs] offering ${def.name} failed`, error));
      await offer();
      timers.push(setInterval(() => void offer(), tickMs(seconds)));
    }
  }
  log(`started (${options.role}, ${handle.driver}): ${definitions.map((d) => d.name).join(", ")}`);

  let stopping: Promise<void> | undefined;
  const runner: JobRunner = {
    role: options.role,
    driver: handle.driver,
    async nudge(name) {
      if (!definitions.some((d) => d.name === name)) return;
      await boss.send(name, {}, { startAfter: 2, singletonKey: "nudge", singletonSeconds: 2 });
    },
    stop(timeoutMs = 20_000) {
      stopping ??= (async () => {
        setNudgeHandler(undefined);
        for (const t of timers) clearInterval(t);
        // graceful: running handlers finish (or are failed back to the queue after the timeout);
        // close: only pg-boss's own pool (on PGlite the adapter's connection is the app's).
        await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: handle.driver === "postgres" });
        log("stopped");
      })();
      return stopping;
    },
  };
  setNudgeHandler((name) => void runner.nudge(name).catch((error: unknown) => console.error(`[jobs] nudge ${name} failed`, error)));
  return runner;
}

// One runner per process: Next may evaluate instrumentation and modules more than once.
const holder = globalThis as unknown as { __dcdbJobRunner?: Promise<JobRunner> };

/** Starts the process's runner once (later calls get the same one). */
export function ensureJobRunner(options: RunnerOptions): Promise<JobRunner> {
  holder.__dcdbJobRunner ??= startJobRunner(options);
  return holder.__dcdbJobRunner;
}

/** The runner of this process, if one was started. */
export function currentJobRunner(): Promise<JobRunner> | undefined {
  return holder.__dcdbJobRunner;
}

/** Stops this process's runner, if any (SIGTERM). */
export async function stopJobRunner(timeoutMs?: number): Promise<void> {
  const runner = holder.__dcdbJobRunner;
  if (!runner) return;
  await (await runner).stop(timeoutMs);
}
