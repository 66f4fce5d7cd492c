/**
 * The canonical form of a row of an append-only, SM3-chained table (操作日志 audit_logs, 流转记录
 * task_events): what the HMAC covers. Pure and the same wherever it runs, so a row serialised when it is
 * written and the same row read back later (PGlite or the PostgreSQL server) give the same text:
 *
 * - a fixed list of columns per table, in a fixed order, plus the table name (a row cannot be moved);
 * - objects (the jsonb `detail`) with their keys sorted, whatever order the database returns them in;
 * - the time as whole microseconds since the epoch, as text, computed by the database from the stored
 *   value (never a JS Date, which keeps only milliseconds);
 * - uuids in lower case (how the database returns them); strings made well-formed (a lone surrogate is
 *   stored as U+FFFD); an absent value and null are the same.
 */

export const CHAIN_TABLES = ["audit_logs", "task_events"] as const;
export type ChainTable = (typeof CHAIN_TABLES)[number];

/** The columns each chain covers (the Drizzle property names). `at` is the microsecond text described above. */
export const CHAIN_FIELDS: Record<ChainTable, readonly string[]> = {
  audit_logs: ["at", "actorId", "actorName", "action", "success", "targetType", "targetId", "ip", "userAgent", "detail", "chainPrevId", "chainKeyId"],
  task_events: [
    "taskId",
    "assignmentId",
    "reportId",
    "actorId",
    "actorName",
    "actorRole",
    "actorUnitId",
    "actorUnitName",
    "action",
    "fromState",
    "toState",
    "opinion",
    "detail",
    "at",
    "chainPrevId",
    "chainKeyId",
  ],
};

/** uuid columns: lower-cased, since the database answers in lower case whatever case was written. */
const UUID_FIELDS = new Set(["actorId", "taskId", "assignmentId", "reportId", "actorUnitId"]);

/** JSON with object keys sorted at every level; otherwise as JSON.stringify (toJSON, undefined dropped in objects, null in arrays). */
export function canonicalJson(value: unknown): string {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return canonicalJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.toWellFormed());
    case "number":
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return JSON.stringify(value.toString());
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined || typeof v === "function" ? "null" : canonicalJson(v))).join(",")}]`;
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && typeof v !== "function" && typeof v !== "symbol")
        .map(([k, v]) => [k.toWellFormed(), v] as const)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
    }
    default:
      return "null";
  }
}

/**
 * A jsonb value as the database will give it back: JSON round trip (Dates become ISO strings, undefined
 * members disappear). Write this, and hash this, so the written and the read-back row agree.
 */
export function jsonbValue(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value) ?? "null") as unknown);
}

/** The canonical text of one row of `table`; `row.at` is the microsecond text, `row.chainPrevId` a number or null. */
export function canonicalRow(table: ChainTable, row: Record<string, unknown>): string {
  const out: Record<string, unknown> = { table };
  for (const field of CHAIN_FIELDS[table]) {
    let v = row[field] ?? null;
    if (typeof v === "string" && UUID_FIELDS.has(field)) v = v.toLowerCase();
    if (field === "chainPrevId" && v !== null) v = String(v);
    if (field === "at" && v !== null) v = String(v);
    out[field] = v;
  }
  return canonicalJson(out);
}

/** What the HMAC of a row is computed over: the previous row's HMAC (empty for the first) and the row. */
export function chainMessage(previousHmac: string | null, canonical: string): string {
  return `${previousHmac ?? ""}\n${canonical}`;
}
