import type { DbOrTx } from "@/db/client";
import type { AuditAction } from "@/lib/domain/audit-actions";
import { jsonbValue } from "@/lib/domain/audit-chain";
import { appendChained } from "./audit-chain";

export interface AuditEntry {
  actorId?: string | null;
  actorName?: string | null;
  /** One of the labelled codes (lib/domain/audit-actions.ts), so 操作日志 can name it. */
  action: AuditAction;
  success?: boolean;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  userAgent?: string | null;
  detail?: unknown;
}

/**
 * Appends one row to 操作日志, signed into its SM3 chain. Call inside the transaction of the change it
 * records (it then holds the chain lock until that transaction ends).
 */
export async function writeAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await appendChained(db, "audit_logs", [{
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    action: entry.action,
    success: entry.success ?? true,
    targetType: entry.targetType,
    targetId: entry.targetId,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent?.slice(0, 500) ?? null,
    detail: jsonbValue(entry.detail),
  }]);
}
