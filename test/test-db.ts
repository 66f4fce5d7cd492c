import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { inject } from "vitest";
import { getDb, openPglite, openPostgres, setDatabaseHandle, type DatabaseHandle } from "@/db/client";
import { loadActorByUsername } from "@/lib/services/actors";
import { runMigrations } from "@/db/migrator";
import { seedAll } from "@/db/seed/seed";
import type { Actor } from "@/lib/domain/policy";
import { keyFingerprint } from "./db-template.global";

/**
 * A fresh, migrated, seeded database for one test file, installed as the process database so that
 * services (which call getDb()) use it. PGlite in memory by default; with DATABASE_URL, a throw-away
 * database created on that server and dropped afterwards. The default (seeded with the demo
 * organisation) is a copy of the run's template (test/db-template.global.ts) unless this file changed the
 * keys the seed signs and seals with; the other variants are migrated and seeded here.
 */
export async function useTestDatabase(options: { demo?: boolean; seed?: boolean } = {}): Promise<{ handle: DatabaseHandle; cleanup: () => Promise<void>; url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  const provided = inject("dbTemplate");
  const template = (options.demo ?? true) && options.seed !== false && provided?.keyFingerprint === keyFingerprint() ? provided : null;
  let handle: DatabaseHandle;
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (serverUrl) {
    const name = `dcdb_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(template?.database ? `CREATE DATABASE ${name} TEMPLATE ${template.database}` : `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    handle = openPostgres(databaseUrl, { max: 10 });
    dropDatabase = async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  } else if (template?.pgliteDump) {
    handle = openPglite(undefined, { loadDataDir: new Blob([await readFile(template.pgliteDump)]) });
  } else {
    handle = openPglite();
  }
  if (!template) {
    await runMigrations(handle);
    if (options.seed !== false) await seedAll(handle.db, { demo: options.demo ?? true });
  }
  setDatabaseHandle(handle);
  return {
    handle,
    /** The throw-away server database (child processes connect to it); undefined on PGlite. */
    url: databaseUrl,
    cleanup: async () => {
      setDatabaseHandle(undefined);
      await handle.close();
      await dropDatabase?.();
    },
  };
}

/** A demo user as the services see them (roles, permissions, scope), from the test database. */
export async function actorNamed(username: string): Promise<Actor> {
  const actor = await loadActorByUsername(getDb(), username);
  if (!actor) throw new Error(`测试用户 ${username} 不存在`);
  return actor;
}
