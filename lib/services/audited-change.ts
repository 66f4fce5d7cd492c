import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { getDb, type Tx } from "@/db/client";
import type { AuditAction } from "@/lib/domain/audit-actions";
import { conflict } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { writeAudit } from "./audit";
import { STALE_MESSAGE, type RequestMeta } from "./validation";

/**
 * The one shape of a back-office change: load the record for change (row-locked, within the actor's
 * scope) → refuse a stale form version → apply the guarded write → one 操作日志 row with before and
 * after, all in one transaction. Every admin verb that changes or deletes a record goes through it
 * (creating one is an INSERT with an after-only log row, written by the create verbs themselves).
 */
export interface AuditedChange<Row, Result> {
  actor: Actor;
  meta?: RequestMeta;
  /**
   * The version the admin's form was built from (0: the form saw no row yet). A record without a
   * version column (a calendar day, a set of settings keys) passes instead a test that it still is
   * what the form showed; false refuses the change as stale.
   */
  version: number | ((row: Row) => boolean);
  /** Loads the record FOR UPDATE; throws NOT_FOUND when it is missing or out of the actor's scope. */
  load: (tx: Tx) => Promise<Row>;
  /** Rules that need the current record (after the version check), e.g. "already disabled". */
  check?: (tx: Tx, row: Row) => Promise<void> | void;
  /** What the log shows of the record; read before and again after the write. null after a delete. */
  snapshot: (tx: Tx, row: Row, phase: "before" | "after") => Promise<unknown> | unknown;
  /** The write itself (guardedUpdate or guardedDelete); returns what the verb returns. */
  apply: (tx: Tx, row: Row) => Promise<Result>;
  /** The log row; a function is given the loaded record (e.g. the target id of a set of settings keys). */
  audit: {
    action: OrFromRow<Row, AuditAction>;
    targetType: string;
    targetId: OrFromRow<Row, string>;
    deleted?: boolean;
    extra?: OrFromRow<Row, Record<string, unknown>>;
  };
}

type OrFromRow<Row, T> = T | ((row: Row) => T);
const fromRow = <Row, T>(value: OrFromRow<Row, T>, row: Row): T => (typeof value === "function" ? (value as (row: Row) => T)(row) : value);

export async function auditedChange<Row, Result>(change: AuditedChange<Row, Result>): Promise<Result> {
  return getDb().transaction(async (tx) => {
    const row = await change.load(tx);
    const { version } = change;
    const current = typeof version === "function" ? version(row) : (row as { version?: number }).version === version;
    if (!current) throw conflict(STALE_MESSAGE);
    await change.check?.(tx, row);
    const before = await change.snapshot(tx, row, "before");
    const result = await change.apply(tx, row);
    const after = change.audit.deleted ? null : await change.snapshot(tx, row, "after");
    await writeAudit(tx, {
      actorId: change.actor.userId,
      actorName: change.actor.displayName,
      action: fromRow(change.audit.action, row),
      targetType: change.audit.targetType,
      targetId: fromRow(change.audit.targetId, row),
      detail: { ...fromRow(change.audit.extra, row), before, after },
      ...change.meta,
    });
    return result;
  });
}

/** A table with a version column; `updatedAt` is stamped when the table has one (a request's handledAt is its own). */
type Versioned = PgTable & { version: PgColumn; updatedAt?: PgColumn };

/**
 * UPDATE … SET values, version + 1 WHERE id AND version (AND `guard`): when someone else changed the
 * record since it was loaded, zero rows match and the change is refused as stale. Returns the new version.
 * `key.column` names the key when it is not `id` (system_settings.key). With `key.insert` and version 0
 * (the form saw no row yet) it INSERTs that row instead; a row someone added meanwhile makes it stale.
 */
export async function guardedUpdate<T extends Versioned>(
  tx: Tx,
  table: T,
  key: { id: string; version: number; column?: PgColumn; insert?: PgInsertValue<T> },
  values: PgUpdateSetSource<T>,
  guard?: SQL,
): Promise<number> {
  let rows: { version: number }[];
  if (key.insert && key.version === 0) {
    rows = (await tx.insert(table).values(key.insert).onConflictDoNothing().returning({ version: table.version })) as { version: number }[];
  } else {
    const column = key.column ?? (table as unknown as { id: PgColumn }).id;
    const set = { ...values, version: sql`${table.version} + 1`, ...("updatedAt" in table ? { updatedAt: new Date() } : {}) } as PgUpdateSetSource<T>;
    rows = (await tx
      .update(table)
      .set(set)
      .where(and(eq(column, key.id), eq(table.version, key.version), guard))
      .returning({ version: table.version })) as { version: number }[];
  }
  if (rows.length === 0) throw conflict(STALE_MESSAGE);
  return rows[0]!.version;
}

/** DELETE … WHERE id AND version: a record someone changed since it was loaded is refused as stale. */
export async function guardedDelete<T extends PgTable & { id: PgColumn; version: PgColumn }>(tx: Tx, table: T, key: { id: string; version: number }): Promise<void> {
  const rows = (await tx
    .delete(table)
    .where(and(eq(table.id, key.id), eq(table.version, key.version)))
    .returning({ id: table.id })) as { id: string }[];
  if (rows.length === 0) throw conflict(STALE_MESSAGE);
}
