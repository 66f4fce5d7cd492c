import "server-only";
import type { Actor } from "@/lib/domain/policy";
import { and, asc, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { assignments, departments, reports, tasks, urgencyLevels, users } from "@/db/schema";
import type { AssignmentListKind } from "@/lib/domain/navigation";
import type { AssignmentStatus } from "@/lib/domain/workflow/states";
import type { AssignmentListParams } from "@/lib/data/task-filters";
import { assignmentInScope } from "@/lib/scope";
import { loadLightContext } from "@/lib/data/lights";
import { assignmentLight, COUNT_CAP, inIdOrder, orderFor, page, pageOfIds, searchCondition } from "./shared";
import type { AssignmentListRow, LatestReport, Page } from "./types";

// Assignment lists (承办单位 side, and the office's feedback review queue)

export const HANDLE_STATUSES: readonly AssignmentStatus[] = ["to_receive", "in_progress", "unit_returned", "rework"];

/** The filters each assignment list adds on top of the viewer's scope and the URL filters. */
export function assignmentKindCondition(kind: AssignmentListKind, viewer: Actor): SQL | undefined {
  switch (kind) {
    case "handle":
      return and(inArray(assignments.status, [...HANDLE_STATUSES]), sql`${tasks.status} <> 'archived'`);
    case "sign":
      return and(eq(assignments.status, "awaiting_sign"), eq(assignments.currentSignerId, viewer.userId));
    case "report":
      return eq(assignments.status, "signed");
    case "feedback":
      return eq(assignments.status, "reported");
    default:
      return undefined;
  }
}

export async function listAssignments(viewer: Actor, kind: AssignmentListKind, params: AssignmentListParams): Promise<Page<AssignmentListRow>> {
  const db = getDb();
  const light = assignmentLight(await loadLightContext(db));
  const handler = alias(users, "handler");
  const signer = alias(users, "signer");
  const where = and(
    assignmentInScope(viewer),
    assignmentKindCondition(kind, viewer),
    searchCondition(params.q),
    params.status ? eq(assignments.status, params.status) : undefined,
    light.only(params.light),
  );
  const order =
    kind === "feedback"
      ? [sql`${assignments.lastReportedAt} asc nulls last`, asc(assignments.id)]
      : params.sort === "-created"
        ? [desc(assignments.dispatchedAt), asc(assignments.id)]
        : params.sort === "created"
          ? [asc(assignments.dispatchedAt), asc(assignments.id)]
          : orderFor(params.sort, light);

  // The ids query joins tasks only when a condition or the sort reads it: a unit's list by dispatch time and
  // the feedback queue then walk an assignments index alone ((department_id, dispatched_at); the partial
  // feedback-queue index).
  const tasksInWhere = kind === "handle" || params.q !== "" || params.light !== "";
  const tasksInOrder = kind !== "feedback" && params.sort !== "-created" && params.sort !== "created";
  const idsFrom = (needsTasks: boolean) => {
    const base = db.select({ id: assignments.id }).from(assignments);
    return needsTasks ? base.innerJoin(tasks, eq(tasks.id, assignments.taskId)) : base;
  };
  const { ids, counted, pageNo } = await pageOfIds(
    params,
    async (offset) =>
      (
        await idsFrom(tasksInWhere || tasksInOrder)
          .where(where)
          .orderBy(...order)
          .limit(params.pageSize)
          .offset(offset)
      ).map((r) => r.id),
    async () => {
      const [row] = await db.select({ n: count() }).from(idsFrom(tasksInWhere).where(where).limit(COUNT_CAP + 1).as("capped"));
      return row?.n ?? 0;
    },
  );
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({
            id: assignments.id,
            taskId: tasks.id,
            taskNo: tasks.taskNo,
            title: tasks.title,
            taskStatus: tasks.status,
            urgencyName: urgencyLevels.name,
            urgencyColor: urgencyLevels.color,
            // This unit's own deadline (an approved 延期 moves it away from the task's).
            deadline: assignments.deadline,
            taskDeadline: tasks.deadline,
            light: light.light,
            role: assignments.role,
            status: assignments.status,
            departmentName: departments.name,
            handlerName: handler.displayName,
            signerName: signer.displayName,
            dispatchedAt: assignments.dispatchedAt,
            receivedAt: assignments.receivedAt,
            lastReportedAt: assignments.lastReportedAt,
            completedAt: assignments.completedAt,
          })
          .from(assignments)
          .innerJoin(tasks, eq(tasks.id, assignments.taskId))
          .innerJoin(departments, eq(departments.id, assignments.departmentId))
          .innerJoin(urgencyLevels, eq(urgencyLevels.id, tasks.urgencyId))
          .leftJoin(handler, eq(handler.id, assignments.handlerId))
          .leftJoin(signer, eq(signer.id, assignments.currentSignerId))
          .where(inArray(assignments.id, ids));

  const latest = await latestReports(ids);
  return page(
    inIdOrder(ids, rows).map((r) => ({ ...r, latestReport: latest.get(r.id) ?? null })),
    counted,
    params,
    pageNo,
  );
}

async function latestReports(assignmentIds: string[]): Promise<Map<string, LatestReport>> {
  if (assignmentIds.length === 0) return new Map();
  const unitSigner = alias(users, "unit_signer");
  const rows = await getDb()
    .selectDistinctOn([reports.assignmentId], {
      assignmentId: reports.assignmentId,
      id: reports.id,
      kind: reports.kind,
      path: reports.path,
      revision: reports.revision,
      status: reports.status,
      unitOpinion: reports.unitOpinion,
      unitSignerName: unitSigner.displayName,
      unitSignedAt: reports.unitSignedAt,
      submittedAt: reports.submittedAt,
      officeOpinion: reports.officeOpinion,
      reviewedAt: reports.reviewedAt,
    })
    .from(reports)
    .leftJoin(unitSigner, eq(unitSigner.id, reports.unitSignerId))
    .where(inArray(reports.assignmentId, assignmentIds))
    .orderBy(reports.assignmentId, desc(reports.revision));
  return new Map(rows.map(({ assignmentId, ...r }) => [assignmentId, r]));
}

// ---------------------------------------------------------------------------------------------------
// Task detail
