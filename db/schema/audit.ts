import { bigint, boolean, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./org";

/**
 * 操作日志: append-only. Actor name is a snapshot so the log stays readable after a user is renamed;
 * `detail` carries before/after values of back-office changes.
 */
export const auditLogs = pgTable(
  "audit_logs",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid().references(() => users.id, { onDelete: "set null" }),
    actorName: text(),
    /** e.g. auth.login, auth.login_failed, auth.logout, auth.password_changed, admin.user.update */
    action: text().notNull(),
    success: boolean().notNull().default(true),
    targetType: text(),
    targetId: text(),
    ip: text(),
    userAgent: text(),
    detail: jsonb(),
  },
  (t) => [index().on(t.at), index().on(t.actorId, t.at), index().on(t.action, t.at)],
);
