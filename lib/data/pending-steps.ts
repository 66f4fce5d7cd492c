import "server-only";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { assignments, departments, rolePermissions, tasks, userRoles, users } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import type { Permission } from "@/lib/domain/permissions";
import { REROUTABLE_ASSIGNMENT_STATUSES } from "@/lib/domain/workflow/transitions";
import { assignmentInScope, taskInScope } from "@/lib/scope";
import type { AssignmentStatus } from "@/lib/domain/workflow/states";

/**
 * The steps waiting on one person (用户管理 shows them before and after an account is disabled, so
 * nothing stays stuck on someone who cannot log in), with who each could be re-routed (改派) to.
 */

export type PendingStepKind = "review" | "sign" | "handle";

export const PENDING_STEP_LABELS: Record<PendingStepKind, string> = {
  review: "督办事项待审签",
  sign: "承办内容待单位审签",
  handle: "承办任务待经办",
};

export interface RerouteCandidate {
  id: string;
  displayName: string;
  departmentId: string;
  departmentName: string;
}

export interface PendingStep {
  kind: PendingStepKind;
  taskId: string;
  taskNo: string | null;
  title: string;
  /** Set for the unit steps; the 改派 then goes through the assignment. */
  assignmentId: string | null;
  assignmentStatus: AssignmentStatus | null;
  departmentName: string | null;
  /** The version of the record the 改派 form must send back (task or assignment). */
  version: number;
  waitingSince: Date;
  /** Enabled people who may take the step instead (the person themselves left out). */
  candidates: RerouteCandidate[];
}

/**
 * Everything waiting on `userId` that the viewer could re-route: reviews (an office leader's 待审签),
 * unit signatures and handling-clerk steps of tasks still under way. Scope is the 改派 verbs' own
 * (lib/scope, purpose "act"), so the list offers exactly what the verbs will load.
 */
export async function listPendingSteps(viewer: Actor, userId: string): Promise<PendingStep[]> {
  const db = getDb();
  const [reviews, unitSteps] = await Promise.all([
    // A task in review has no assignments yet, so a unit viewer's scope holds none of these.
    db
      .select({ taskId: tasks.id, taskNo: tasks.taskNo, title: tasks.title, version: tasks.version, since: tasks.updatedAt })
      .from(tasks)
      .where(and(eq(tasks.status, "in_review"), eq(tasks.currentReviewerId, userId), taskInScope(viewer, "act")))
      .orderBy(asc(tasks.updatedAt)),
    db
      .select({
        taskId: tasks.id,
        taskNo: tasks.taskNo,
        title: tasks.title,
        assignmentId: assignments.id,
        status: assignments.status,
        departmentId: assignments.departmentId,
        departmentName: departments.name,
        version: assignments.version,
        since: assignments.updatedAt,
      })
      .from(assignments)
      .innerJoin(tasks, eq(tasks.id, assignments.taskId))
      .innerJoin(departments, eq(departments.id, assignments.departmentId))
      .where(
        and(
          eq(tasks.status, "in_progress"),
          assignmentInScope(viewer, "act"),
          or(
            and(eq(assignments.status, "awaiting_sign"), eq(assignments.currentSignerId, userId)),
            and(
              inArray(
                assignments.status,
                REROUTABLE_ASSIGNMENT_STATUSES.filter((s) => s !== "awaiting_sign"),
              ),
              eq(assignments.handlerId, userId),
            ),
          ),
        ),
      )
      .orderBy(asc(assignments.updatedAt)),
  ]);

  const reviewers = reviews.length ? (await rerouteCandidates("task.review", { officeOnly: true })).filter((p) => p.id !== userId) : [];
  const unitIds = [...new Set(unitSteps.map((s) => s.departmentId))];
  const [leaders, clerks] = unitIds.length
    ? await Promise.all([rerouteCandidates("assignment.sign", { departmentIds: unitIds }), rerouteCandidates("assignment.handle", { departmentIds: unitIds })])
    : [[], []];
  const of = (people: RerouteCandidate[], departmentId: string) => people.filter((p) => p.departmentId === departmentId && p.id !== userId);

  return [
    ...reviews.map((r): PendingStep => ({
      kind: "review",
      taskId: r.taskId,
      taskNo: r.taskNo,
      title: r.title,
      assignmentId: null,
      assignmentStatus: null,
      departmentName: null,
      version: r.version,
      waitingSince: r.since,
      candidates: reviewers,
    })),
    ...unitSteps.map((s): PendingStep => {
      const sign = s.status === "awaiting_sign";
      return {
        kind: sign ? "sign" : "handle",
        taskId: s.taskId,
        taskNo: s.taskNo,
        title: s.title,
        assignmentId: s.assignmentId,
        assignmentStatus: s.status,
        departmentName: s.departmentName,
        version: s.version,
        waitingSince: s.since,
        candidates: of(sign ? leaders : clerks, s.departmentId),
      };
    }),
  ];
}

/**
 * Enabled people holding `permission` — the same rule the 改派 verbs check (findColleague): office
 * leaders must be in the supervision office; unit people in the step's unit.
 */
export async function rerouteCandidates(permission: Permission, where: { officeOnly?: boolean; departmentIds?: string[] }): Promise<RerouteCandidate[]> {
  if (where.departmentIds && where.departmentIds.length === 0) return [];
  return getDb()
    .selectDistinct({ id: users.id, displayName: users.displayName, departmentId: users.departmentId, departmentName: departments.name, sortOrder: users.sortOrder })
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(
      and(
        eq(users.enabled, true),
        where.officeOnly ? eq(departments.kind, "office") : undefined,
        where.departmentIds ? inArray(users.departmentId, where.departmentIds) : undefined,
        sql`exists (select 1 from ${userRoles} ur join ${rolePermissions} rp on rp.role_id = ur.role_id
                    where ur.user_id = ${users.id} and rp.permission = ${permission})`,
      ),
    )
    .orderBy(asc(users.sortOrder), asc(users.displayName))
    .then((rows) => rows.map((r) => ({ id: r.id, displayName: r.displayName, departmentId: r.departmentId, departmentName: r.departmentName })));
}
