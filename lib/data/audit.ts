import "server-only";
import { and, asc, count, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLogs } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import type { Actor } from "@/lib/domain/policy";

export interface AuditFilters {
  who: string;
  action: string;
  from: string;
  to: string;
  ip: string;
  page: number;
}

export const AUDIT_PAGE_SIZE = 30;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export function parseAuditFilters(params: Params): AuditFilters {
  const from = first(params.from);
  const to = first(params.to);
  const page = Number.parseInt(first(params.page), 10);
  return {
    who: first(params.who).trim().slice(0, 50),
    action: first(params.action).trim().slice(0, 80),
    from: DATE.test(from) ? from : "",
    to: DATE.test(to) ? to : "",
    ip: first(params.ip).trim().slice(0, 64),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

const ENTITY_LABELS: Record<string, string> = {
  user: "用户",
  role: "角色",
  department: "部门",
};
const VERB_LABELS: Record<string, string> = {
  create: "新建",
  update: "修改",
  delete: "删除",
  enable: "启用",
  disable: "停用",
  move: "移动",
  reorder: "调整顺序",
  import: "导入",
  reset_password: "重置密码",
};
const FIXED_LABELS: Record<string, string> = {
  "auth.login": "登录",
  "auth.login_failed": "登录失败",
  "auth.logout": "注销",
  "auth.password_changed": "修改密码",
  "auth.password_change_failed": "修改密码失败",
};

/** A readable Chinese name for an audit action code; unknown codes are shown as they are. */
export function auditActionLabel(action: string): string {
  if (FIXED_LABELS[action]) return FIXED_LABELS[action];
  const [area, entity, verb] = action.split(".");
  if (area === "admin" && entity && verb && ENTITY_LABELS[entity] && VERB_LABELS[verb]) return `${VERB_LABELS[verb]}${ENTITY_LABELS[entity]}`;
  return action;
}

const likeEscape = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** A calendar day in Asia/Shanghai (UTC+8, no DST) as an instant. */
const shanghaiMidnight = (day: string, addDays = 0) => new Date(Date.parse(`${day}T00:00:00+08:00`) + addDays * 86_400_000);

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
  if (f.from) conditions.push(gte(auditLogs.at, shanghaiMidnight(f.from)));
  if (f.to) conditions.push(lt(auditLogs.at, shanghaiMidnight(f.to, 1)));
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
