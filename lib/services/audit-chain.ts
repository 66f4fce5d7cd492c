import { createHash, createHmac } from "node:crypto";
import { asc, desc, getTableColumns, gt, sql } from "drizzle-orm";
import { queryRows, type DbOrTx } from "@/db/client";
import { auditLogs, taskEvents } from "@/db/schema";
import { canonicalRow, chainMessage, type ChainTable } from "@/lib/domain/audit-chain";
import { generatedSecret } from "@/lib/generated-secret";

/**
 * The SM3 HMAC chain of 操作日志 (audit_logs) and 流转记录 (task_events): every row carries
 * HMAC-SM3(key, previous row's chain_hmac ‖ canonical row) and the id of the row it follows, so a row
 * changed, removed or moved by someone who went around the append-only triggers is found by
 * `verifyChain` (`npm run audit:verify`, and 校验完整性 in 操作日志).
 */

const TABLES = { audit_logs: auditLogs, task_events: taskEvents } as const;

/**
 * One advisory lock for both chains, held to the end of the writing transaction: two writers never chain
 * to the same predecessor, and a step that writes both a 流转记录 row and an 操作日志 row cannot deadlock
 * with one that writes them in the other order.
 */
const CHAIN_LOCK_KEY = 0x5a33_a0d1;

export interface ChainKey {
  /** First 16 hex digits of SM3(key): names the key in `chain_key_id` without revealing it. */
  id: string;
  secret: string;
}

const MIN_KEY_LENGTH = 32;
const keyId = (secret: string) => createHash("sm3").update(secret).digest("hex").slice(0, 16);

/**
 * The signing key: AUDIT_HMAC_KEY (at least 32 characters), or — on a machine without one, like
 * AUTH_SECRET — a random key generated once into DATA_DIR/audit-hmac-key. Several app servers on one
 * database must share AUDIT_HMAC_KEY.
 */
export function currentChainKey(): ChainKey {
  const fromEnv = process.env.AUDIT_HMAC_KEY;
  if (fromEnv !== undefined && fromEnv !== "") {
    if (fromEnv.length < MIN_KEY_LENGTH) throw new Error(`环境变量 AUDIT_HMAC_KEY 至少需要 ${MIN_KEY_LENGTH} 个字符`);
    return { id: keyId(fromEnv), secret: fromEnv };
  }
  const secret = generatedSecret("audit-hmac-key", 32, "base64url");
  return { id: keyId(secret), secret };
}

/** Every key the verifier accepts: the current one and AUDIT_HMAC_KEYS_OLD (comma-separated keys used before a rotation). */
export function chainKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const old of (process.env.AUDIT_HMAC_KEYS_OLD ?? "").split(",").map((k) => k.trim()).filter(Boolean)) keys.set(keyId(old), old);
  const current = currentChainKey();
  keys.set(current.id, current.secret);
  return keys;
}

export const chainHmac = (secret: string, previousHmac: string | null, canonical: string): string =>
  createHmac("sm3", secret).update(chainMessage(previousHmac, canonical), "utf8").digest("hex");

type Insert<T extends ChainTable> = T extends "audit_logs" ? typeof auditLogs.$inferInsert : typeof taskEvents.$inferInsert;
type ChainOwned = "id" | "at" | "chainPrevId" | "chainKeyId" | "chainHmac";

/**
 * Appends rows to a chained table, in order, each signed and linked to the one before. Runs in the
 * caller's transaction (its own when given the database) and holds the chain lock until that transaction
 * ends. `at` is the transaction's time (the column default), read back exactly.
 * Values must be what the database stores: jsonb through `jsonbValue`.
 */
export async function appendChained<T extends ChainTable>(db: DbOrTx, table: T, rows: ReadonlyArray<Omit<Insert<T>, ChainOwned>>): Promise<void> {
  if (rows.length === 0) return;
  // Both tables share the columns used here (id, at, chain_*); one static type keeps Drizzle's generics simple.
  const target = TABLES[table] as typeof auditLogs;
  const key = currentChainKey();
  const append = async (tx: DbOrTx) => {
    // The lock first, then the head: a writer that waited reads the head its predecessor committed.
    await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK_KEY})`);
    const [head] = await queryRows<{ id: string | number | null; chain_hmac: string | null; us: string }>(
      tx,
      sql`select h.id, h.chain_hmac, (extract(epoch from now()) * 1000000)::bigint::text as us
          from (select 1) one left join (select id, chain_hmac from ${target} order by id desc limit 1) h on true`,
    );
    let prevId: number | null = head!.id === null ? null : Number(head!.id);
    let prevHmac: string | null = head!.chain_hmac;
    for (const row of rows) {
      const values = { ...row, chainPrevId: prevId, chainKeyId: key.id };
      const hmac = chainHmac(key.secret, prevHmac, canonicalRow(table, { ...values, at: head!.us }));
      const [inserted] = await tx
        .insert(target)
        .values({ ...values, chainHmac: hmac } as typeof auditLogs.$inferInsert)
        .returning({ id: target.id });
      prevId = Number(inserted!.id);
      prevHmac = hmac;
    }
  };
  // Inside the caller's transaction as it is; given the database, in a transaction of its own (the lock and
  // now() must belong to the transaction that inserts).
  if ("rollback" in db) await append(db);
  else await db.transaction(append);
}

export interface ChainBreak {
  id: number;
  problem: string;
}

export interface ChainReport {
  table: ChainTable;
  /** Signed rows checked before the first break (all of them when intact). */
  checked: number;
  /** Rows written before the chain existed (an unsigned prefix): listed, not vouched for. */
  unsigned: number;
  broken: ChainBreak | null;
}

/**
 * Walks a chain in id order in keyset batches (constant memory on millions of rows) and reports the first
 * broken link: a row whose content no longer matches its HMAC, a row missing before it (deleted), a row
 * out of order or inserted, a row without a signature after the chain began, or a key it cannot check.
 * Gaps in ids are fine (a rolled-back insert uses up an id): each row names the row it follows.
 * Deleting the newest rows leaves no successor to notice; see README.
 */
export async function verifyChain(
  db: DbOrTx,
  table: ChainTable,
  options: { batchSize?: number; keys?: Map<string, string>; newest?: number } = {},
): Promise<ChainReport> {
  const target = TABLES[table] as typeof auditLogs;
  const keys = options.keys ?? chainKeys();
  const batchSize = options.batchSize ?? 5000;
  const report: ChainReport = { table, checked: 0, unsigned: 0, broken: null };
  let lastId: number | null = null;
  let lastHmac: string | null = null;
  let signedSeen = false;
  // `newest`: check only the last N rows (the 操作日志 page answers within a request at any size); the row just
  // before them is the anchor whose signature the first checked row must continue. The whole walk stays with
  // `npm run audit:verify`.
  if (options.newest !== undefined) {
    const [anchor] = await db
      .select({ id: target.id, chainHmac: target.chainHmac })
      .from(target)
      .orderBy(desc(target.id))
      .offset(options.newest)
      .limit(1);
    if (anchor) {
      lastId = Number(anchor.id);
      lastHmac = anchor.chainHmac;
      signedSeen = anchor.chainHmac !== null;
    }
  }
  for (;;) {
    const rows = (await db
      .select({ ...getTableColumns(target), atUs: sql<string>`(extract(epoch from ${target.at}) * 1000000)::bigint::text` })
      .from(target)
      .where(lastId === null ? undefined : gt(target.id, lastId))
      .orderBy(asc(target.id))
      .limit(batchSize)) as Array<Record<string, unknown> & { id: number; atUs: string; chainPrevId: number | null; chainKeyId: string | null; chainHmac: string | null }>;
    if (rows.length === 0) return report;
    for (const row of rows) {
      const id = Number(row.id);
      const problem = checkRow(table, row, { lastId, lastHmac, signedSeen, keys });
      if (problem) {
        report.broken = { id, problem };
        return report;
      }
      if (row.chainHmac === null) report.unsigned += 1;
      else {
        signedSeen = true;
        report.checked += 1;
      }
      lastId = id;
      lastHmac = row.chainHmac;
    }
  }
}

function checkRow(
  table: ChainTable,
  row: Record<string, unknown> & { atUs: string; chainPrevId: number | null; chainKeyId: string | null; chainHmac: string | null },
  state: { lastId: number | null; lastHmac: string | null; signedSeen: boolean; keys: Map<string, string> },
): string | null {
  if (row.chainHmac === null) {
    return state.signedSeen ? "没有校验值：完整性校验启用后写入的记录不应没有校验值（记录被插入，或校验值被清除）" : null;
  }
  const prevId = row.chainPrevId === null ? null : Number(row.chainPrevId);
  if (prevId !== state.lastId) {
    if (prevId === null) return `链被重新开始：本行不接任何前一条记录，但它前面还有 id ${state.lastId} 的记录（记录被插入或改动）`;
    if (state.lastId === null || prevId > state.lastId) return `前一条记录（id ${prevId}）缺失：已被删除`;
    return `顺序被改动或插入了记录：本行应接在 id ${prevId} 之后，但它前面是 id ${state.lastId}`;
  }
  const secret = row.chainKeyId ? state.keys.get(row.chainKeyId) : undefined;
  if (!secret) return `无法校验：签名密钥 ${row.chainKeyId ?? "（空）"} 不可用（请检查 AUDIT_HMAC_KEY 与 AUDIT_HMAC_KEYS_OLD）`;
  const expected = chainHmac(secret, state.lastHmac, canonicalRow(table, { ...row, at: row.atUs }));
  return expected === row.chainHmac ? null : "内容被改动：记录与其校验值不符";
}
