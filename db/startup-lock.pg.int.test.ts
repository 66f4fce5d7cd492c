import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgres } from "./client";
import { MIGRATIONS_FOLDER, runMigrations } from "./migrator";

const run = promisify(execFile);
const serverUrl = process.env.DATABASE_URL;

/**
 * Several app servers started at once (PostgreSQL server only: PGlite has one process by design). Two
 * migrations started together on a fresh database both succeed and apply each migration once; a migration
 * waits while another holds the start-up lock; two `npm run db:seed` processes on an empty database create
 * one admin between them.
 */
describe("start-up with several servers", () => {
  const admin = postgres(serverUrl ?? "postgres://unused", { max: 1, onnotice: () => {} });
  const created: string[] = [];
  const freshDatabase = async () => {
    const name = `dcdb_test_start_${randomBytes(5).toString("hex")}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    created.push(name);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: unknown[] };

  afterAll(async () => {
    for (const name of created) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it("two migrations started at once on a fresh database both finish, and every migration is applied once", async () => {
    const url = await freshDatabase();
    const a = openPostgres(url);
    const b = openPostgres(url);
    try {
      const results = await Promise.allSettled([runMigrations(a), runMigrations(b)]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
      const check = postgres(url, { max: 1, onnotice: () => {} });
      const [row] = await check`select count(*)::int as n, count(distinct hash)::int as distinct_hashes from drizzle.__drizzle_migrations`;
      await check.end();
      expect(row).toEqual({ n: journal.entries.length, distinct_hashes: journal.entries.length });
    } finally {
      await a.close();
      await b.close();
    }
  }, 120_000);

  it("a migration waits while another server holds the start-up lock, then finds its work", async () => {
    const url = await freshDatabase();
    const holder = postgres(url, { max: 1, onnotice: () => {} });
    await holder`select pg_advisory_lock(${0x44434442}, 1)`;
    const handle = openPostgres(url);
    const logs: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logs.push(args.join(" "));
    try {
      let done = false;
      const migrating = runMigrations(handle).then(() => (done = true));
      await new Promise((r) => setTimeout(r, 1500));
      expect(done).toBe(false);
      const [schema] = await holder`select count(*)::int as n from pg_namespace where nspname = 'drizzle'`;
      expect(schema!.n).toBe(0);
      expect(logs.join("\n")).toContain("另一台服务器正在执行数据库迁移，等待其完成");
      await holder`select pg_advisory_unlock(${0x44434442}, 1)`;
      await migrating;
      const [applied] = await holder`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied!.n).toBe(journal.entries.length);
    } finally {
      console.log = log;
      await holder.end();
      await handle.close();
    }
  }, 120_000);

  it("two `npm run db:seed` processes on an empty database, released at the same instant, create one admin, secadmin and auditor between them", async () => {
    const url = await freshDatabase();
    const handle = openPostgres(url);
    await runMigrations(handle);
    await handle.close();
    // Hold the seed lock until both processes are queued behind it, so they are released together: without
    // the lock neither would queue, and two bootstraps of an empty database would race.
    const holder = postgres(url, { max: 1, onnotice: () => {} });
    await holder`select pg_advisory_lock(${0x44434442}, 2)`;
    const seed = () =>
      run("npx", ["tsx", "db/seed/index.ts"], { cwd: process.cwd(), env: { ...process.env, DATABASE_URL: url, ADMIN_INITIAL_PASSWORD: "" }, timeout: 110_000 });
    const both = Promise.all([seed(), seed()]);
    const waiting = async () =>
      (await holder`select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
        where d.datname = current_database() and l.locktype = 'advisory' and l.classid = ${0x44434442}::oid and l.objid = 2 and not l.granted`)[0]!.n as number;
    const deadline = Date.now() + 60_000;
    while ((await waiting()) < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await waiting()).toBe(2);
    await holder`select pg_advisory_unlock(${0x44434442}, 2)`;
    const [first, second] = await both;
    const output = first.stdout + second.stdout;
    expect(output.match(/已创建管理员账号 admin/g)).toHaveLength(1);
    const users = await holder`select username from users order by username`;
    const roles = await holder`select count(*)::int as n from roles`;
    await holder.end();
    expect(users.map((u) => u.username)).toEqual(["admin", "auditor", "secadmin"]);
    expect(roles[0]!.n).toBe(8);
  }, 120_000);
});
