import "server-only";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { departments, memberChangeRequests, users } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { MEMBER_CHANGE_STATUSES, memberChangeDetails, type MemberChangeDetails, type MemberChangeKind, type MemberChangeStatus } from "@/lib/domain/member-changes";
import { oneOf, pageNumber, param, type SearchParams } from "@/lib/data/list-params";
import { memberChangeInScope } from "@/lib/scope";
import { openMemberChangeDetails } from "@/lib/crypto/pii";

/**
 * 单位用户信息 变更申请, read two ways with one scope (lib/scope `memberChangeInScope`): the unit's own
 * requests on its 单位用户信息 page, and every unit's in 用户管理 → 变更申请 (信息中心).
 */

export interface MemberChangeRow {
  id: string;
  kind: MemberChangeKind;
  status: MemberChangeStatus;
  departmentId: string;
  departmentName: string;
  /** The member concerned (null for 新增人员, or when that account was deleted since). */
  target: { id: string; displayName: string; username: string } | null;
  details: MemberChangeDetails;
  note: string;
  requestedByName: string;
  createdAt: Date;
  handledByName: string | null;
  handledAt: Date | null;
  handlerNote: string | null;
  version: number;
}

const target = alias(users, "target_user");
const requester = alias(users, "requester");
const handler = alias(users, "handler");

async function select(where: SQL | undefined, limit: number, offset = 0): Promise<MemberChangeRow[]> {
  const rows = await getDb()
    .select({
      id: memberChangeRequests.id,
      kind: memberChangeRequests.kind,
      status: memberChangeRequests.status,
      departmentId: memberChangeRequests.departmentId,
      departmentName: departments.name,
      targetId: target.id,
      targetName: target.displayName,
      targetUsername: target.username,
      details: memberChangeRequests.details,
      note: memberChangeRequests.note,
      requestedByName: requester.displayName,
      createdAt: memberChangeRequests.createdAt,
      handledByName: handler.displayName,
      handledAt: memberChangeRequests.handledAt,
      handlerNote: memberChangeRequests.handlerNote,
      version: memberChangeRequests.version,
    })
    .from(memberChangeRequests)
    .innerJoin(departments, eq(departments.id, memberChangeRequests.departmentId))
    .innerJoin(requester, eq(requester.id, memberChangeRequests.requestedById))
    .leftJoin(target, eq(target.id, memberChangeRequests.targetUserId))
    .leftJoin(handler, eq(handler.id, memberChangeRequests.handledById))
    .where(where)
    .orderBy(desc(memberChangeRequests.createdAt), desc(memberChangeRequests.id))
    .limit(limit)
    .offset(offset);
  return rows.map(({ targetId, targetName, targetUsername, details, ...r }) => ({
    ...r,
    details: memberChangeDetails(openMemberChangeDetails(details)),
    target: targetId ? { id: targetId, displayName: targetName!, username: targetUsername! } : null,
  }));
}

/** The unit's own requests, newest first (the (department_id, created_at) index); a unit files a handful a year. */
export async function listUnitChangeRequests(viewer: Actor, limit = 50): Promise<MemberChangeRow[]> {
  assertCan(viewer, "unit.members.view");
  return select(and(memberChangeInScope(viewer), eq(memberChangeRequests.departmentId, viewer.departmentId)), limit);
}

export const CHANGE_REQUEST_PAGE_SIZE = 20;
export const CHANGE_REQUEST_FILTERS = ["open", "done", "rejected", "all"] as const;
export type ChangeRequestFilter = (typeof CHANGE_REQUEST_FILTERS)[number];

export interface ChangeRequestParams {
  status: ChangeRequestFilter;
  page: number;
}

/** 待处理 by default: the admin's queue. */
export function parseChangeRequestParams(params: SearchParams): ChangeRequestParams {
  return { status: oneOf(param(params, "status"), CHANGE_REQUEST_FILTERS, "open"), page: pageNumber(param(params, "page")) };
}

/** 用户管理 → 变更申请: every unit's requests within the admin's scope, by status (the (status, created_at) index). */
export async function listChangeRequests(viewer: Actor, params: ChangeRequestParams, pageSize = CHANGE_REQUEST_PAGE_SIZE): Promise<{ rows: MemberChangeRow[]; total: number }> {
  assertCan(viewer, "admin.users");
  const status = (MEMBER_CHANGE_STATUSES as readonly string[]).includes(params.status) ? (params.status as MemberChangeStatus) : null;
  const where = and(memberChangeInScope(viewer), status ? eq(memberChangeRequests.status, status) : undefined);
  const [[counted], rows] = await Promise.all([
    getDb().select({ total: count() }).from(memberChangeRequests).where(where),
    select(where, pageSize, (params.page - 1) * pageSize),
  ]);
  return { rows, total: counted?.total ?? 0 };
}

/**
 * Open requests within the admin's scope: the count on 用户管理's 变更申请 button, or with `targetUserId`
 * those about one member (the reminder on that user's edit page to close them once the change is made).
 */
export async function countOpenChangeRequests(viewer: Actor, targetUserId?: string): Promise<number> {
  if (!viewer.permissions.has("admin.users")) return 0;
  const [row] = await getDb()
    .select({ n: count() })
    .from(memberChangeRequests)
    .where(
      and(
        memberChangeInScope(viewer),
        eq(memberChangeRequests.status, "open"),
        targetUserId ? eq(memberChangeRequests.targetUserId, targetUserId) : undefined,
      ),
    );
  return row?.n ?? 0;
}
