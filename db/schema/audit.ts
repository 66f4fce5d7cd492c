import { bigint, boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./org";

/**
 * The SM3 HMAC chain of an append-only table (操作日志, 流转记录): the row this one chains to (null for
 * the first row), which key signed it, and HMAC-SM3(key, previous row's chain_hmac ‖ canonical row), hex.
 * Written only by `appendChained` (lib/services/audit-chain.ts).
 */
export const chainColumns = {
  chainPrevId: bigint({ mode: "number" }),
  chainKeyId: text(),
  chainHmac: text(),
};

/**
 * 操作日志: append-only. Actor name is a snapshot so the log stays readable after a user is renamed;
 * `detail` carries before/after values of back-office changes. A trigger refuses UPDATE, DELETE and
 * TRUNCATE (migration audit_append_only), and every row is chained to the one before it by an SM3 HMAC
 * (`lib/services/audit-chain.ts`; `npm run audit:verify`). The actor reference never fires (users are
 * disabled, never deleted): an `on delete set null` would be an UPDATE of a logged row.
 */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: "no action" }),
    actorName: text(),
    /** e.g. auth.login, auth.login_failed, auth.logout, auth.password_changed, admin.user.update */
    action: text().notNull(),
    success: boolean().notNull().default(true),
    targetType: text(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    detail: jsonb(),
    ...chainColumns,
  },
  (t) => [index().on(t.at), index().on(t.actorId, t.at), index().on(t.action, t.at)],
);
