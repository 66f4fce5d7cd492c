import "server-only";
import { and, asc, count, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import type { Actor } from "@/lib/domain/policy";
import { auditActionLabel, isAuditAction } from "@/lib/domain/audit-actions";
import { dateOrEmpty, pageNumber, param, searchText, type SearchParams } from "@/lib/data/list-params";
import { shanghaiDayStart } from "@/lib/domain/dates";
import { CHAIN_TABLES } from "@/lib/domain/audit-chain";
import { chainKeys, verifyChain, type ChainReport } from "@/lib/services/audit-chain";

export interface AuditFilters {
  who: string;
  action: string;
  from: string;
  to: string;
  ip: string;
  page: number;
}

export const AUDIT_PAGE_SIZE = 30;

/** Reads the log's filters from the URL; an unknown action or a malformed date means "any". */
export function parseAuditFilters(params: SearchParams): AuditFilters {
  const action = param(params, "action");
  return {
    who: searchText(param(params, "who"), 50),
    action: isAuditAction(action) ? action : "",
    from: dateOrEmpty(param(params, "from")),
    to: dateOrEmpty(param(params, "to")),
    ip: searchText(param(params, "ip"), 64),
    page: pageNumber(param(params, "page")),
  };
}

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface AuditRow {
  id: number;
  at: Date;
  actorName: string | null;
  action: string;
  actionLabel: string;
  success: boolean;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: unknown;
}

/** 操作日志, newest first. */
export async function listAuditLogs(viewer: Actor, f: AuditFilters, pageSize = AUDIT_PAGE_SIZE): Promise<{ rows: AuditRow[]; total: number }> {
  assertCan(viewer, "admin.audit");
  const conditions: (SQL | undefined)[] = [];
  if (f.who) conditions.push(ilike(auditLogs.actorName, likeEscape(f.who)));
  if (f.action) conditions.push(eq(auditLogs.action, f.action));
  if (f.from) conditions.push(gte(auditLogs.at, shanghaiDayStart(f.from)));
  if (f.to) conditions.push(lt(auditLogs.at, shanghaiDayStart(f.to, 1)));
  if (f.ip) conditions.push(ilike(auditLogs.ip, likeEscape(f.ip)));
  const where = and(...conditions);
  const db = getDb();
  const [{ total }] = (await db.select({ total: count() }).from(auditLogs).where(where)) as [{ total: number }];
  const rows = await db
    .select({
      id: auditLogs.id,
      at: auditLogs.at,
      actorName: auditLogs.actorName,
      action: auditLogs.action,
      success: auditLogs.success,
      targetType: auditLogs.targetType,
      targetId: auditLogs.targetId,
      ip: auditLogs.ip,
      userAgent: auditLogs.userAgent,
      detail: auditLogs.detail,
    })
    .from(auditLogs)
    .where(where)
    .orderBy(desc(auditLogs.at), desc(auditLogs.id))
    .limit(pageSize)
    .offset((f.page - 1) * pageSize);
  return { rows: rows.map((r) => ({ ...r, actionLabel: auditActionLabel(r.action) })), total };
}

/** The action codes that occur in the log, for the filter's options. */
export async function auditActionOptions(viewer: Actor): Promise<{ value: string; label: string }[]> {
  assertCan(viewer, "admin.audit");
  const rows = await getDb().selectDistinct({ action: auditLogs.action }).from(auditLogs).orderBy(asc(auditLogs.action));
  return rows.map((r) => ({ value: r.action, label: auditActionLabel(r.action) }));
}

/**
 * 校验完整性 for the 安全审计员: walks both SM3 chains (操作日志 and 流转记录) as `npm run audit:verify`
 * does and reports each. Read-only; on a very large history it takes a while (≈ the script's time).
 */
/** How many of the newest rows of each chain 校验完整性 checks on the page (≈ 1 s); the whole chain: npm run audit:verify. */
export const PAGE_VERIFY_ROWS = 20_000;

export async function auditIntegrity(viewer: Actor): Promise<ChainReport[]> {
  assertCan(viewer, "admin.audit");
  const keys = chainKeys();
  const reports: ChainReport[] = [];
  for (const table of CHAIN_TABLES) reports.push(await verifyChain(getDb(), table, { keys, newest: PAGE_VERIFY_ROWS }));
  return reports;
}
