import "server-only";
import { and, asc, desc, inArray, or, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { assignments, departments, taskUnits, tasks } from "@/db/schema";
import { ASSIGNMENT_STATUSES, TASK_STATUSES, type AssignmentStatus, type TaskStatus } from "@/lib/domain/workflow/states";
import { lightCondition, lightRankSql, lightSql, type LightContext } from "@/lib/data/lights";
import type { LightFilter, TaskSort } from "@/lib/data/task-filters";
import type { Page } from "./types";

/**
 * Helpers shared by the workflow reads. Who sees what is not decided here: every read filters with the
 * scope predicates of lib/scope (the rule itself is lib/domain/scope.ts).
 */

export const CLOSED_TASK: readonly TaskStatus[] = ["completed", "archived", "cancelled"];
export const CLOSED_ASSIGNMENT: readonly AssignmentStatus[] = ["completed", "cancelled"];

// The open statuses are listed (status IN (…)) rather than negated so the (status, deadline) and
// (status, due_on) indexes serve the red and yellow filters as ranges.
export const OPEN_TASK: readonly TaskStatus[] = TASK_STATUSES.filter((s) => !CLOSED_TASK.includes(s));
export const OPEN_ASSIGNMENT: readonly AssignmentStatus[] = ASSIGNMENT_STATUSES.filter((s) => !CLOSED_ASSIGNMENT.includes(s));

/** 预警灯 of a row in SQL (lib/data/lights.ts): its light, its rank for "reddest first", its filter. */
export interface RowLight {
  light: ReturnType<typeof lightSql>;
  rank: SQL<number>;
  deadline: AnyPgColumn;
  only: (light: LightFilter) => SQL | undefined;
}

function rowLight(ctx: LightContext, deadline: AnyPgColumn, open: SQL, closed: SQL): RowLight {
  return {
    light: lightSql(ctx, deadline, tasks.urgencyId, closed),
    rank: lightRankSql(ctx, deadline, tasks.urgencyId, closed),
    deadline,
    only: (light) => (light ? lightCondition(ctx, light, deadline, tasks.urgencyId, open, closed) : undefined),
  };
}

/** A task goes by its due date (the earliest deadline among its open assignments); finished tasks have none. */
export function taskLight(ctx: LightContext): RowLight {
  return rowLight(ctx, tasks.dueOn, inArray(tasks.status, [...OPEN_TASK]), inArray(tasks.status, [...CLOSED_TASK]));
}

/** An assignment goes by its own deadline (延期 moves it); it has none once it or its task is finished. */
export function assignmentLight(ctx: LightContext): RowLight {
  return rowLight(
    ctx,
    assignments.deadline,
    and(inArray(assignments.status, [...OPEN_ASSIGNMENT]), inArray(tasks.status, [...OPEN_TASK]))!,
    sql`(${inArray(assignments.status, [...CLOSED_ASSIGNMENT])} or ${inArray(tasks.status, [...CLOSED_TASK])})`,
  );
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

/** `light`: the rows' 预警灯 (sort "light": reddest first, then the nearest deadline). */
export function orderFor(sort: TaskSort, light: RowLight): SQL[] {
  switch (sort) {
    case "light":
      return [asc(light.rank), asc(light.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "created":
      return [asc(tasks.createdAt), asc(tasks.id)];
    case "deadline":
      return [asc(light.deadline), desc(tasks.createdAt), asc(tasks.id)];
    case "-deadline":
      return [desc(light.deadline), desc(tasks.createdAt), asc(tasks.id)];
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
