import { and, eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable, PgUpdateSetSource } from "drizzle-orm/pg-core";
import { getDb, type Tx } from "@/db/client";
import type { AuditAction } from "@/lib/domain/audit-actions";
import { conflict } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { writeAudit } from "./audit";
import { STALE_MESSAGE, type RequestMeta } from "./validation";

/**
 * The one shape of a back-office change: load the record for change (row-locked, within the actor's
 * scope) → refuse a stale form version → apply the guarded write → one 操作日志 row with before and
 * after, all in one transaction. Every admin verb that changes an existing record goes through it.
 */
export interface AuditedChange<Row extends { version: number }, Result> {
  actor: Actor;
  meta?: RequestMeta;
  /** The version the admin's form was built from. */
  version: number;
  /** Loads the record FOR UPDATE; throws NOT_FOUND when it is missing or out of the actor's scope. */
  load: (tx: Tx) => Promise<Row>;
  /** Rules that need the current record (after the version check), e.g. "already disabled". */
  check?: (tx: Tx, row: Row) => Promise<void> | void;
  /** What the log shows of the record; read before and again after the write. null after a delete. */
  snapshot: (tx: Tx, row: Row) => Promise<unknown> | unknown;
  /** The write itself (use guardedUpdate, or a guarded delete); returns what the verb returns. */
  apply: (tx: Tx, row: Row) => Promise<Result>;
  audit: { action: AuditAction | ((row: Row) => AuditAction); targetType: string; targetId: string; deleted?: boolean; extra?: Record<string, unknown> };
}

export async function auditedChange<Row extends { version: number }, Result>(change: AuditedChange<Row, Result>): Promise<Result> {
  return getDb().transaction(async (tx) => {
    const row = await change.load(tx);
    if (row.version !== change.version) throw conflict(STALE_MESSAGE);
    await change.check?.(tx, row);
    const before = await change.snapshot(tx, row);
    const result = await change.apply(tx, row);
    const after = change.audit.deleted ? null : await change.snapshot(tx, row);
    const action = typeof change.audit.action === "function" ? change.audit.action(row) : change.audit.action;
    await writeAudit(tx, {
      actorId: change.actor.userId,
      actorName: change.actor.displayName,
      action,
      targetType: change.audit.targetType,
      targetId: change.audit.targetId,
      detail: { ...change.audit.extra, before, after },
      ...change.meta,
    });
    return result;
  });
}

type Versioned = PgTable & { id: PgColumn; version: PgColumn; updatedAt: PgColumn };

/**
 * UPDATE … SET values, version + 1 WHERE id AND version (AND `guard`): when someone else changed the
 * record since it was loaded, zero rows match and the change is refused as stale. Returns the new version.
 */
export async function guardedUpdate<T extends Versioned>(
  tx: Tx,
  table: T,
  key: { id: string; version: number },
  values: PgUpdateSetSource<T>,
  guard?: SQL,
): Promise<number> {
  const set = { ...values, version: sql`${table.version} + 1`, updatedAt: new Date() } as PgUpdateSetSource<T>;
  const rows = (await tx
    .update(table)
    .set(set)
    .where(and(eq(table.id, key.id), eq(table.version, key.version), guard))
    .returning({ version: table.version })) as { version: number }[];
  if (rows.length === 0) throw conflict(STALE_MESSAGE);
  return rows[0]!.version;
}
