import "server-only";
import { now as clockNow } from "@/lib/clock";
import { asc, desc, or, sql, type SQL } from "drizzle-orm";
import { departments, taskUnits, tasks } from "@/db/schema";
import type { AssignmentStatus, TaskStatus } from "@/lib/domain/workflow/states";
import { warningLight, type WarningLight } from "@/lib/domain/warning-light";
import { todayInShanghai } from "@/lib/domain/dates";
import { getWorkCalendar } from "@/lib/data/base-data";
import type { TaskSort } from "@/lib/data/task-filters";
import type { Page } from "./types";

/**
 * Helpers shared by the workflow reads. Who sees what is not decided here: every read filters with the
 * scope predicates of lib/scope (the rule itself is lib/domain/scope.ts).
 */

export const CLOSED_TASK: readonly TaskStatus[] = ["completed", "archived", "cancelled"];
export const CLOSED_ASSIGNMENT: readonly AssignmentStatus[] = ["completed", "cancelled"];

/** Computes the warning light for many rows with one calendar load. */
export async function lightsFor(): Promise<(deadline: string, closed: boolean) => WarningLight> {
  const calendar = await getWorkCalendar();
  const today = todayInShanghai(clockNow());
  return (deadline, closed) =>
    warningLight({ deadline, closed, today, workdaysUntil: (from, to) => calendar.workdaysBetween(from, to) });
}

function escapeLike(q: string): string {
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function searchCondition(q: string): SQL | undefined {
  if (!q) return undefined;
  const like = `%${escapeLike(q)}%`;
  return or(
    sql`${tasks.taskNo} ilike ${like}`,
    sql`${tasks.title} ilike ${like}`,
    sql`${tasks.content} ilike ${like}`,
    sql`exists (select 1 from ${taskUnits} tu join ${departments} d on d.id = tu.department_id where tu.task_id = ${tasks.id} and d.name ilike ${like})`,
  );
}

export function orderFor(sort: TaskSort): SQL[] {
  switch (sort) {
    case "created":
      return [asc(tasks.createdAt), asc(tasks.id)];
    case "deadline":
      return [asc(tasks.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "-deadline":
      return [desc(tasks.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "taskNo":
      // Numbers are handed out in signing order, so signing time sorts them numerically (the text would not: 12 < 2).
      return [sql`${tasks.signedAt} desc nulls last`, desc(tasks.createdAt), asc(tasks.id)];
    default:
      return [desc(tasks.createdAt), asc(tasks.id)];
  }
}

export function page<T>(rows: T[], total: number, params: { page: number; pageSize: number }): Page<T> {
  return { rows, total, page: params.page, pageSize: params.pageSize, pageCount: Math.max(1, Math.ceil(total / params.pageSize)) };
}
