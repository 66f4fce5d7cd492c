import type { Sql } from "postgres";
import type { DatabaseHandle } from "./client";

/**
 * Session advisory locks around the start-up steps (`npm run db:migrate`, `npm run db:seed`, both run by
 * `npm start`), so several app servers started at once never run one step side by side: the second waits
 * for the first, then finds the work done (applied migrations are skipped, the seed is idempotent).
 * Without it two migrators would both try to apply the same migration and one start would fail, and two
 * bootstraps of an empty database would both create the `admin` account. The two-key form
 * (class 0x44434442 "DCDB", step) keeps these apart from the one-key transaction locks the services take.
 * PGlite needs none: one process owns its folder.
 */
const LOCK_CLASS = 0x44434442;
const STEPS = { migrate: 1, seed: 2 } as const;
const LABELS = { migrate: "数据库迁移", seed: "初始数据" } as const;

export async function withStartupLock<T>(handle: DatabaseHandle, step: keyof typeof STEPS, work: () => Promise<T>): Promise<T> {
  if (handle.driver !== "postgres") return work();
  // With one connection the work would wait forever for the connection the lock holds (found by npm run bench:load).
  if ((handle.poolSize ?? 2) < 2) throw new Error(`${LABELS[step]}需要至少 2 个数据库连接（一个持有启动锁，一个执行），当前连接池上限为 ${handle.poolSize}`);
  // The lock belongs to one connection: hold it on a reserved one while the work uses the rest of the pool.
  const client = (handle.db as unknown as { $client: Sql }).$client;
  const reserved = await client.reserve();
  try {
    const [got] = await reserved<{ locked: boolean }[]>`select pg_try_advisory_lock(${LOCK_CLASS}, ${STEPS[step]}) as locked`;
    if (!got?.locked) {
      console.log(`另一台服务器正在执行${LABELS[step]}，等待其完成…`);
      await reserved`select pg_advisory_lock(${LOCK_CLASS}, ${STEPS[step]})`;
    }
    try {
      return await work();
    } finally {
      await reserved`select pg_advisory_unlock(${LOCK_CLASS}, ${STEPS[step]})`;
    }
  } finally {
    reserved.release();
  }
}
