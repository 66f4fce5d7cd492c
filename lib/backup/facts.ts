import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrator";

/** What a backup records of the database and a restore checks again: the same reads on both sides. */
export interface DatabaseFacts {
  counts: Record<string, number>;
  attachments: AttachmentRef[];
  migrations: { applied: number; latest: string | null };
  serverVersion: string;
  serverMajor: number;
}

export interface AttachmentRef {
  id: string;
  storageKey: string;
  sha256: string;
  size: number;
  filename: string;
}

interface JournalEntry {
  tag: string;
  when: number;
}

/** The migrations this code ships (db/migrations/meta/_journal.json). */
export function codeMigrations(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries;
}

/**
 * Counts of every table of the public schema, every attachment row, the migration level and the server
 * version. Inside the backup's snapshot transaction these are exactly what the dump holds.
 */
export async function readDatabaseFacts(db: DbOrTx): Promise<DatabaseFacts> {
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const counts: Record<string, number> = {};
  if (tables.length > 0) {
    // Names come from the catalogue; quoted as identifiers all the same.
    const union = tables.map((t) => `select '${t.name.replace(/'/g, "''")}' as name, count(*)::int as n from public."${t.name.replace(/"/g, '""')}"`).join(" union all ");
    for (const row of await queryRows<{ name: string; n: number }>(db, sql.raw(union))) counts[row.name] = Number(row.n);
  }
  const attachments =
    "attachments" in counts
      ? (
          await queryRows<{ id: string; storage_key: string; sha256: string; size: string | number; filename: string }>(
            db,
            sql`select id, storage_key, sha256, size, filename from attachments order by created_at, id`,
          )
        ).map((r) => ({ id: r.id, storageKey: r.storage_key, sha256: r.sha256, size: Number(r.size), filename: r.filename }))
      : [];
  const [version] = await queryRows<{ version: string; num: string }>(db, sql`select version() as version, current_setting('server_version_num') as num`);
  return { counts, attachments, migrations: await appliedMigrations(db), serverVersion: version!.version, serverMajor: Math.floor(Number(version!.num) / 10000) };
}

async function appliedMigrations(db: DbOrTx): Promise<{ applied: number; latest: string | null }> {
  const [exists] = await queryRows<{ found: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as found`);
  if (!exists?.found) return { applied: 0, latest: null };
  const [row] = await queryRows<{ n: number; last: string | null }>(db, sql`select count(*)::int as n, max(created_at)::text as last from drizzle.__drizzle_migrations`);
  const last = row?.last ? Number(row.last) : null;
  const tag = codeMigrations().find((e) => e.when === last)?.tag ?? (last === null ? null : `(本版本代码中没有的迁移，时间戳 ${last})`);
  return { applied: Number(row?.n ?? 0), latest: tag };
}
