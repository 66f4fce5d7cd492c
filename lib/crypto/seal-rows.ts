import { eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Database } from "@/db/client";
import { memberChangeRequests, notifications, users } from "@/db/schema";
import { currentKeyring, encryptPii, mobileIndex } from "./pii";
import { isSealed, open } from "./sm4-field";

/**
 * Brings every stored mobile number under the current SM4 key, in keyset batches (by id), each batch one
 * transaction, so it can be stopped and run again:
 *  - `legacy` (run by `npm run db:seed`, i.e. every `npm start`): values still in clear from before this
 *    release are sealed and indexed (whole numbers in old audit snapshots were masked by the migration that
 *    made the audit log append-only, 0024). Afterwards the database's CHECK constraints (0022) are validated, so no clear value can remain or come back.
 *  - `rotate` (`npm run pii:rotate`): additionally re-seals and re-indexes values sealed under an old key.
 * PostgreSQL has no SM4, so this runs in the application, never in a SQL migration.
 */
export interface SealReport {
  users: number;
  notifications: number;
  memberChanges: number;
}

const BATCH = 500;

export async function sealPiiRows(db: Database, options: { rotate?: boolean; batchSize?: number } = {}): Promise<SealReport> {
  const ring = currentKeyring();
  const batch = options.batchSize ?? BATCH;
  const currentPrefix = `v1:${ring.current.id}:`;
  /** Needs work: in clear, or (rotating) sealed under another key. */
  const stale = (column: SQL) => (options.rotate ? sql`${column} NOT LIKE ${`${currentPrefix}%`}` : sql`${column} NOT LIKE 'v1:%'`);
  /** The clear value of a stored one (opened with whichever key sealed it). */
  const clear = (stored: string) => (isSealed(stored) ? open(ring, stored) : stored);
  const report: SealReport = { users: 0, notifications: 0, memberChanges: 0 };

  for (const [table, name, key] of [
    [users, "users", "users"],
    [notifications, "notifications", "notifications"],
  ] as const) {
    let after = "00000000-0000-0000-0000-000000000000";
    for (;;) {
      const rows = await queryRows<{ id: string; mobile: string }>(
        db,
        sql`SELECT id::text AS id, mobile FROM ${sql.identifier(name)} WHERE id > ${after}::uuid AND mobile IS NOT NULL AND ${stale(sql`mobile`)} ORDER BY id LIMIT ${batch}`,
      );
      if (rows.length === 0) break;
      await db.transaction(async (tx) => {
        for (const r of rows) {
          const value = clear(r.mobile);
          await tx.update(table).set({ mobile: value, mobileIndex: mobileIndex(value) }).where(eq(table.id, r.id));
        }
      });
      report[key] += rows.length;
      after = rows[rows.length - 1]!.id;
    }
  }

  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await queryRows<{ id: string; mobile: string }>(
      db,
      sql`SELECT id::text AS id, details->>'mobile' AS mobile FROM member_change_requests
          WHERE id > ${after}::uuid AND details->>'mobile' IS NOT NULL AND ${stale(sql`details->>'mobile'`)} ORDER BY id LIMIT ${batch}`,
    );
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      for (const r of rows) {
        const sealed = encryptPii(clear(r.mobile));
        await tx
          .update(memberChangeRequests)
          .set({ details: sql`jsonb_set(${memberChangeRequests.details}, '{mobile}', to_jsonb(${sealed}::text))` })
          .where(eq(memberChangeRequests.id, r.id));
      }
    });
    report.memberChanges += rows.length;
    after = rows[rows.length - 1]!.id;
  }

  await validateSealedChecks(db);
  return report;
}

const SEALED_CHECKS = [
  ["users", "users_mobile_sealed"],
  ["notifications", "notifications_mobile_sealed"],
  ["member_change_requests", "member_change_requests_mobile_sealed"],
] as const;

/** Once every row is sealed the NOT VALID checks are validated (once: later starts find them valid). */
async function validateSealedChecks(db: Database): Promise<void> {
  const pending = await queryRows<{ name: string }>(db, sql`SELECT conname AS name FROM pg_constraint WHERE NOT convalidated AND conname LIKE '%_mobile_sealed'`);
  for (const [table, name] of SEALED_CHECKS) {
    if (pending.some((p) => p.name === name)) await db.execute(sql`ALTER TABLE ${sql.identifier(table)} VALIDATE CONSTRAINT ${sql.identifier(name)}`);
  }
}

/** For reports: how many stored values each key id holds (（明文） = still clear). */
export async function sealedKeyCounts(db: Database): Promise<Record<string, number>> {
  const rows = await queryRows<{ kid: string; n: number }>(
    db,
    sql`SELECT CASE WHEN v LIKE 'v1:%' THEN split_part(v, ':', 2) ELSE '（明文）' END AS kid, count(*)::int AS n
        FROM (SELECT mobile AS v FROM users WHERE mobile IS NOT NULL
              UNION ALL SELECT mobile FROM notifications WHERE mobile IS NOT NULL
              UNION ALL SELECT details->>'mobile' FROM member_change_requests WHERE details->>'mobile' IS NOT NULL) s
        GROUP BY 1 ORDER BY 1`,
  );
  return Object.fromEntries(rows.map((r) => [r.kid, Number(r.n)]));
}
