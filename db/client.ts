import { mkdirSync } from "node:fs";
import path from "node:path";
import { drizzle as drizzlePostgres, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import postgres from "postgres";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { SQLWrapper } from "drizzle-orm";
import * as schema from "./schema";
import { lockPgliteFolder } from "./pglite-lock";
import { env } from "@/lib/env";

/**
 * Both drivers expose the same Drizzle query API; the postgres-js type is used for both so that the
 * rest of the code never branches on the driver.
 */
export type Database = PostgresJsDatabase<typeof schema>;
/** A transaction handle, accepted wherever a service can run inside a caller's transaction. */
export type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type DbOrTx = Database | Tx;

/**
 * The rows of a raw statement (`db.execute(sql\`…\`)`): postgres.js returns an array, PGlite `{ rows }`. The one
 * place raw statements are read, on either database path.
 */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQLWrapper): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export interface DatabaseHandle {
  db: Database;
  driver: "postgres" | "pglite";
  /** The embedded engine itself (PGlite only): the job runner shares this one connection. */
  pglite?: PGlite;
  /** Connections the server pool may open (postgres only): the start-up lock holds one while the work uses another. */
  poolSize?: number;
  close(): Promise<void>;
}

export function openPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  // JIT off for the app's connections: PostgreSQL compiles a plan whose estimated cost passes jit_above_cost,
  // and on the large list queries (a sort over every task, a deep OFFSET) the compilation alone measured up to
  // 1.4 s at a million assignments, for queries that run in milliseconds once indexed. OLTP pages never win it back.
  // connect_timeout 5 s (postgres.js waits 30 s by default): while the server is unreachable (a failover, a host
  // that drops packets) a request answers "数据库暂时无法连接" within seconds instead of holding the user for half a
  // minute. A refused connection (server restarting) fails at once either way; the pool reconnects by itself.
  // backoff ≤ 1 s: postgres.js waits before reconnecting a connection that failed, by default up to 20 s after a few
  // failures in a row, and a query handed to that connection waits with it (no timeout applies). During a restart
  // that held requests for 15–18 s (npm run test:faults, pg-restart); capped, each request tries again within a
  // second and answers at once.
  const poolSize = options.max ?? 10;
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connect_timeout: 5,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    connection: { jit: "off" },
  });
  return {
    db: drizzlePostgres(client, { schema, casing: "snake_case" }),
    driver: "postgres",
    poolSize,
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * `dataDir` undefined → in memory (tests). A folder is locked for this process first (db/pglite-lock.ts):
 * while another live process has it open this throws `PgliteFolderInUseError` instead of opening it twice.
 * `loadDataDir`: a tarball from `dumpDataDir()` to start a new, empty folder from (npm run db:restore).
 */
export function openPglite(dataDir?: string, options: { loadDataDir?: Blob } = {}): DatabaseHandle {
  let unlock = () => {};
  if (dataDir) {
    unlock = lockPgliteFolder(path.resolve(dataDir));
    mkdirSync(dataDir, { recursive: true });
  }
  // "memory://" rather than undefined: an unnamed in-memory instance cannot load extension bundles.
  const client = new PGlite(dataDir ?? "memory://", { extensions: { pg_trgm }, loadDataDir: options.loadDataDir });
  return {
    db: drizzlePglite(client, { schema, casing: "snake_case" }) as unknown as Database,
    driver: "pglite",
    pglite: client,
    close: () => client.close().finally(unlock),
  };
}

export function openConfigured(): DatabaseHandle {
  return env.databaseUrl ? openPostgres(env.databaseUrl) : openPglite(env.pgliteDir);
}

// One handle per process. PGlite has no lock file: a second instance on the same folder would open
// without error and silently lose its writes, and Next evaluates this module several times (route
// layers, hot reload), so the handle lives on globalThis.
const globalForDb = globalThis as unknown as { __dcdbDatabase?: DatabaseHandle };

export function getDatabaseHandle(): DatabaseHandle {
  globalForDb.__dcdbDatabase ??= openConfigured();
  return globalForDb.__dcdbDatabase;
}

/** Lets integration tests point the services at their own database. */
export function setDatabaseHandle(handle: DatabaseHandle | undefined): void {
  globalForDb.__dcdbDatabase = handle;
}

export function getDb(): Database {
  return getDatabaseHandle().db;
}
