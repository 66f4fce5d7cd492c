import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { assignments, departments, scorePublications, tasks } from "@/db/schema";
import { notFound, validation } from "@/lib/domain/errors";
import { todayInShanghai, type IsoDate } from "@/lib/domain/dates";

/** A unit that is ranked (enabled handling unit, not the office, not a grouping node); else "not found". */
export async function loadRankedUnit(tx: Tx, departmentId: string): Promise<{ id: string; name: string }> {
  const [row] = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.id, departmentId), eq(departments.enabled, true), eq(departments.isGroup, false), sql`${departments.kind} <> 'office'`));
  if (!row) throw notFound("单位");
  return row;
}

/** A task the unit handles (an adjustment tied to a task must be about that unit's own assignment). */
export async function assertUnitTask(tx: Tx, departmentId: string, taskId: string): Promise<void> {
  const [row] = await tx
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.taskId, taskId), eq(assignments.departmentId, departmentId)));
  if (!row) throw notFound("该单位承办的事项");
}

/** The id of the unit's own task with this 督办编号; else a validation error on the field (nothing is written). */
export async function unitTaskByNo(tx: Tx, unit: { id: string; name: string }, taskNo: string): Promise<string> {
  const [row] = await tx
    .select({ id: tasks.id })
    .from(tasks)
    .innerJoin(assignments, and(eq(assignments.taskId, tasks.id), eq(assignments.departmentId, unit.id)))
    .where(eq(tasks.taskNo, taskNo))
    .limit(1);
  if (!row) {
    const message = `${unit.name}没有承办督办编号为“${taskNo}”的事项，请从事项页面复制完整编号`;
    throw validation(message, { taskNo: message });
  }
  return row.id;
}

/** Whether a month is published, read under a share lock so a publish running now is waited for. */
export async function isPublished(tx: Tx, month: string): Promise<boolean> {
  const [row] = await tx.select({ month: scorePublications.month }).from(scorePublications).where(eq(scorePublications.month, month)).for("share");
  return !!row;
}

export const monthOf = (at: Date): string => todayInShanghai(at).slice(0, 7);

/** First and last day of a 'YYYY-MM'. */
export function monthRange(month: string): { from: IsoDate; to: IsoDate } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return { from: `${month}-01`, to: new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10) };
}
