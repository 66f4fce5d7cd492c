import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { assignments, departments, reminderRules, tasks, urges } from "@/db/schema";
import { notFound } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { DEFAULT_URGE_MIN_INTERVAL_HOURS } from "@/lib/domain/workflow/side-step-rules";
import { assignmentInScope, urgeInScope } from "@/lib/scope";
import { findColleague } from "@/lib/services/tasks/shared";
import { unitMembers, usersById, type Recipient } from "@/lib/services/notifications/enqueue";

/** Helpers shared by the 催办 and 延期申请 verbs (not a verb itself). */

/** A required text field with its own wording (催办内容, 延期理由 …), trimmed, at most `max` characters. */
export const requiredText = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: `请填写${label}` }).min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 字`),
  );

/**
 * The facts a side step needs about an assignment and its task, within the actor's scope ("act"):
 * another unit's assignment is "not found". Side steps do not move the assignment's status, so no
 * lock is taken here; each verb's own guarded write settles races.
 */
export async function loadSideTarget(tx: Tx, actor: Actor, assignmentId: string) {
  const [row] = await tx
    .select({
      id: assignments.id,
      taskId: assignments.taskId,
      departmentId: assignments.departmentId,
      departmentName: departments.name,
      status: assignments.status,
      handlerId: assignments.handlerId,
      deadline: assignments.deadline,
      version: assignments.version,
      lastUrgedAt: assignments.lastUrgedAt,
      taskStatus: tasks.status,
      taskNo: tasks.taskNo,
      taskTitle: tasks.title,
      urgencyId: tasks.urgencyId,
      creatorId: tasks.creatorId,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(and(eq(assignments.id, assignmentId), assignmentInScope(actor, "act")));
  if (!row) throw notFound("承办任务");
  return row;
}

/** The minimum hours between two urges of one assignment: its urgency's 提醒规则, else the default. */
export async function urgeIntervalHours(tx: Pick<Tx, "select">, urgencyId: string): Promise<number> {
  const [rule] = await tx.select({ hours: reminderRules.urgeMinIntervalHours }).from(reminderRules).where(eq(reminderRules.urgencyId, urgencyId));
  return rule?.hours ?? DEFAULT_URGE_MIN_INTERVAL_HOURS;
}

/**
 * Who in the office hears of a 延期申请 the unit leader forwarded: the clerk who registered the task
 * (they follow it), or, when that account can no longer decide (disabled, or without 撤销、归档), every
 * office member who can.
 */
export async function officeDeciders(tx: Tx, creatorId: string): Promise<Recipient[]> {
  if (await findColleague(tx, creatorId, "task.manage", { officeOnly: true })) return usersById(tx, [creatorId]);
  const offices = await tx.select({ id: departments.id }).from(departments).where(eq(departments.kind, "office"));
  return unitMembers(
    tx,
    offices.map((o) => o.id),
    ["task.manage"],
  );
}

/** One 催办 with its assignment's status, within the actor's scope ("act"): another unit's is "not found". */
export async function loadUrge(tx: Tx, actor: Actor, urgeId: string) {
  const [row] = await tx
    .select({
      id: urges.id,
      taskId: urges.taskId,
      assignmentId: urges.assignmentId,
      departmentId: urges.departmentId,
      acknowledgedAt: urges.acknowledgedAt,
      assignmentStatus: assignments.status,
    })
    .from(urges)
    .innerJoin(assignments, eq(assignments.id, urges.assignmentId))
    .where(and(eq(urges.id, urgeId), urgeInScope(actor, "act")));
  if (!row) throw notFound("催办记录");
  return row;
}
