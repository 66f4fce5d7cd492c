import "server-only";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { assignments, departments, extensionRequests, tasks, urges, users } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { TODO_KINDS, todoKindsFor, type TodoKind } from "@/lib/domain/todo";
import type { WarningLight } from "@/lib/domain/warning-light";
import { REROUTABLE_ASSIGNMENT_STATUSES } from "@/lib/domain/workflow/transitions";
import { HANDLE_STATUSES } from "@/lib/data/tasks/list-assignments";
import { lightRankSql, lightSql, loadLightContext, openLightRankSql } from "@/lib/data/lights";
import { assignmentInScope, taskInScope } from "@/lib/scope";

/**
 * 待办事项: everything waiting on the viewer, as ONE statement: a UNION ALL of one small sub-query per
 * kind of step (lib/domain/todo.ts), each limited to the viewer (their id, their unit) and served by an
 * index on exactly that condition, so the list, its counts and the header badge stay cheap however
 * many tasks the district has. Each sub-query yields the same columns:
 *   kind, task_id, assignment_id, department_id (the unit concerned), ref_id (the urge, the extension
 *   request, the disabled user), deadline (the assignment's, or the task's due date), since.
 * Sub-queries of the workflow steps also apply the verbs' own scope (lib/scope, purpose "act"), so an
 * item listed is one the verb will load.
 */

const HANDLING: readonly string[] = HANDLE_STATUSES.filter((s) => s !== "to_receive");
/** A clerk's steps 改派 can move (the signer's is awaiting_sign, listed by signer). */
const REROUTABLE_CLERK_STEPS = REROUTABLE_ASSIGNMENT_STATUSES.filter((s) => s !== "awaiting_sign");

const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`), sql`, `);

/**
 * A 延期申请 or 催办 waits on someone only while its assignment is open: once the unit's work is 办结 or the
 * task 撤销, there is nothing left to decide or to sign for (the verbs refuse it too).
 */
function stillOpen(assignmentId: typeof urges.assignmentId | typeof extensionRequests.assignmentId): SQL {
  return sql`exists (select 1 from ${assignments} a where a.id = ${assignmentId} and a.status not in ('completed', 'cancelled'))`;
}

/** Its own unit, for records that carry a department (urges, extension requests); all-units viewers reach every one. */
function ownUnit(viewer: Actor, column: typeof urges.departmentId | typeof extensionRequests.departmentId): SQL | undefined {
  return viewer.dataScope === "all_units" ? undefined : eq(column, viewer.departmentId);
}

function where(...conditions: (SQL | undefined)[]): SQL {
  return sql`where ${and(...conditions)}`;
}

/** The sub-query for one kind (the caller only asks for kinds the viewer can have: todoKindsFor). */
function subQuery(viewer: Actor, kind: TodoKind): SQL {
  const me = viewer.userId;
  const taskRow = (since: SQL) =>
    sql`select ${kind}::text as kind, ${tasks.id} as task_id, null::uuid as assignment_id, null::uuid as department_id, null::uuid as ref_id, ${tasks.dueOn} as deadline, ${since} as since from ${tasks}`;
  const assignmentRow = (since: SQL, ref: SQL = sql`null::uuid`) =>
    sql`select ${kind}::text as kind, ${assignments.taskId} as task_id, ${assignments.id} as assignment_id, ${assignments.departmentId} as department_id, ${ref} as ref_id, ${assignments.deadline} as deadline, ${since} as since from ${assignments}`;
  const taskScope = taskInScope(viewer, "act");
  const assignmentScope = assignmentInScope(viewer, "act");
  switch (kind) {
    case "draft":
      // Index (creator_id, status).
      return sql`${taskRow(sql`${tasks.updatedAt}`)} ${where(eq(tasks.creatorId, me), inArray(tasks.status, ["draft", "returned"]), taskScope)}`;
    case "review":
      // Index (current_reviewer_id, status).
      return sql`${taskRow(sql`${tasks.updatedAt}`)} ${where(eq(tasks.currentReviewerId, me), eq(tasks.status, "in_review"), taskScope)}`;
    case "dispatch":
      // Index (status, deadline).
      return sql`${taskRow(sql`coalesce(${tasks.signedAt}, ${tasks.updatedAt})`)} ${where(eq(tasks.status, "signed"), taskScope)}`;
    case "feedback":
      // Index (status).
      return sql`${assignmentRow(sql`coalesce(${assignments.lastReportedAt}, ${assignments.updatedAt})`)} ${where(eq(assignments.status, "reported"), assignmentScope)}`;
    case "receive":
      // Index (department_id, status): any clerk of the unit may receive.
      return sql`${assignmentRow(sql`${assignments.dispatchedAt}`)} ${where(eq(assignments.departmentId, viewer.departmentId), eq(assignments.status, "to_receive"), assignmentScope)}`;
    case "handle":
      // Index (handler_id, status).
      return sql`${assignmentRow(sql`${assignments.updatedAt}`)} ${where(eq(assignments.handlerId, me), sql`${assignments.status} in (${list(HANDLING)})`, assignmentScope)}`;
    case "report":
      return sql`${assignmentRow(sql`${assignments.updatedAt}`)} ${where(eq(assignments.handlerId, me), eq(assignments.status, "signed"), assignmentScope)}`;
    case "sign":
      // Index (current_signer_id, status).
      return sql`${assignmentRow(sql`${assignments.updatedAt}`)} ${where(eq(assignments.currentSignerId, me), eq(assignments.status, "awaiting_sign"), assignmentScope)}`;
    case "extension_unit":
      // Index (current_signer_id, status) on extension_requests.
      return sql`${extensionRow(kind, sql`${extensionRequests.createdAt}`)} ${where(eq(extensionRequests.currentSignerId, me), eq(extensionRequests.status, "awaiting_unit"), ownUnit(viewer, extensionRequests.departmentId), stillOpen(extensionRequests.assignmentId))}`;
    case "extension_office":
      // Index (status, created_at).
      return sql`${extensionRow(kind, sql`coalesce(${extensionRequests.unitSignedAt}, ${extensionRequests.updatedAt})`)} ${where(eq(extensionRequests.status, "awaiting_office"), ownUnit(viewer, extensionRequests.departmentId), stillOpen(extensionRequests.assignmentId))}`;
    case "urge":
      // Partial index urges_unacknowledged_index (department_id, created_at) where acknowledged_at is null.
      return sql`select ${kind}::text as kind, ${urges.taskId} as task_id, ${urges.assignmentId} as assignment_id, ${urges.departmentId} as department_id, ${urges.id} as ref_id,
        (select a.deadline from ${assignments} a where a.id = ${urges.assignmentId}) as deadline, ${urges.createdAt} as since
        from ${urges} ${where(eq(urges.departmentId, viewer.departmentId), sql`${urges.acknowledgedAt} is null`, stillOpen(urges.assignmentId))}`;
    case "reroute":
      // From the (few) disabled accounts into the step indexes: (current_reviewer_id, status), (handler_id, status),
      // (current_signer_id, status). No join to the task: an open assignment status implies a task under way
      // (撤销 cancels every open assignment, 办结 and 归档 need them all completed).
      return sql`${taskRow(sql`${tasks.updatedAt}`).append(sql` join ${users} u on u.id = ${tasks.currentReviewerId}`)} ${where(sql`not u.enabled`, eq(tasks.status, "in_review"), taskScope)}
        union all
        ${assignmentRow(sql`${assignments.updatedAt}`, sql`u.id`).append(sql` join ${users} u on u.id = ${assignments.handlerId}`)}
          ${where(sql`not u.enabled`, sql`${assignments.status} in (${list(REROUTABLE_CLERK_STEPS)})`, assignmentScope)}
        union all
        ${assignmentRow(sql`${assignments.updatedAt}`, sql`u.id`).append(sql` join ${users} u on u.id = ${assignments.currentSignerId}`)}
          ${where(sql`not u.enabled`, eq(assignments.status, "awaiting_sign"), assignmentScope)}`;
  }
}

function extensionRow(kind: TodoKind, since: SQL): SQL {
  return sql`select ${kind}::text as kind, ${extensionRequests.taskId} as task_id, ${extensionRequests.assignmentId} as assignment_id, ${extensionRequests.departmentId} as department_id, ${extensionRequests.id} as ref_id,
    (select a.deadline from ${assignments} a where a.id = ${extensionRequests.assignmentId}) as deadline, ${since} as since from ${extensionRequests}`;
}

/** The UNION ALL of the viewer's kinds (only `only` when given); null when the viewer has none. */
function todoUnion(viewer: Actor, only?: TodoKind): SQL | null {
  const kinds = todoKindsFor(viewer).filter((k) => !only || k === only);
  if (kinds.length === 0) return null;
  return sql.join(
    kinds.map((k) => sql`(${subQuery(viewer, k)})`),
    sql` union all `,
  );
}


export interface TodoItem {
  kind: TodoKind;
  taskId: string;
  taskNo: string | null;
  title: string;
  assignmentId: string | null;
  /** The unit concerned (an assignment's, an urge's, an extension's); null for the office's own papers. */
  unitName: string | null;
  refId: string | null;
  deadline: string;
  light: WarningLight;
  waitingSince: Date;
}

export const TODO_PAGE_SIZE = 20;

/** How many items of each kind wait on the viewer (every kind they can have, zeros included). */
export async function countTodoByKind(viewer: Actor): Promise<Record<TodoKind, number>> {
  const counts = Object.fromEntries(TODO_KINDS.map((k) => [k, 0])) as Record<TodoKind, number>;
  const union = todoUnion(viewer);
  if (!union) return counts;
  const rows = await queryRows<{ kind: TodoKind; n: number }>(getDb(), sql`select todo.kind, count(*)::int as n from (${union}) todo group by todo.kind`);
  for (const r of rows) counts[r.kind] = Number(r.n);
  return counts;
}

/** The header badge: how many items wait on the viewer in all. */
export async function countTodo(viewer: Actor): Promise<number> {
  const union = todoUnion(viewer);
  if (!union) return 0;
  const [row] = await queryRows<{ n: number }>(getDb(), sql`select count(*)::int as n from (${union}) todo`);
  return Number(row?.n ?? 0);
}

/** One page of the viewer's items: reddest first (lights in SQL), then the longest waiting. */
export async function listTodo(viewer: Actor, options: { kind?: TodoKind; page: number; pageSize?: number }): Promise<TodoItem[]> {
  const union = todoUnion(viewer, options.kind);
  if (!union) return [];
  const pageSize = options.pageSize ?? TODO_PAGE_SIZE;
  const db = getDb();
  const ctx = await loadLightContext(db);
  const deadline = sql`todo.deadline`;
  const urgency = sql`t.urgency_id`;
  const open = sql`false`;
  const rows = await queryRows<{
    kind: TodoKind;
    task_id: string;
    task_no: string | null;
    title: string;
    assignment_id: string | null;
    unit_name: string | null;
    ref_id: string | null;
    deadline: string;
    light: WarningLight;
    since_ms: number;
  }>(
    db,
    // The page first, then its rows decorated. The light needs the task's urgency only for items due inside the
    // yellow window (openLightRankSql): looked up there by key — joining tasks for every item hashed all of them
    // for the office's thousands of 反馈 to review.
    sql`with page as (
          select todo.* from (${union}) todo
          order by ${openLightRankSql(ctx, deadline, sql`(select ${lightRankSql(ctx, deadline, sql`ut.urgency_id`, open)} from ${tasks} ut where ut.id = todo.task_id)`)},
                   todo.since, todo.kind, coalesce(todo.ref_id, todo.assignment_id, todo.task_id)
          limit ${pageSize} offset ${(options.page - 1) * pageSize})
        select todo.kind, todo.task_id, t.task_no, t.title, todo.assignment_id, d.name as unit_name, todo.ref_id,
          todo.deadline::text as deadline, ${lightSql(ctx, deadline, urgency, open)} as light,
          (extract(epoch from todo.since) * 1000)::float8 as since_ms
        from page todo
        join ${tasks} t on t.id = todo.task_id
        left join ${departments} d on d.id = todo.department_id
        order by ${lightRankSql(ctx, deadline, urgency, open)}, todo.since, todo.kind, coalesce(todo.ref_id, todo.assignment_id, todo.task_id)`,
  );
  return rows.map((r) => ({
    kind: r.kind,
    taskId: r.task_id,
    taskNo: r.task_no,
    title: r.title,
    assignmentId: r.assignment_id,
    unitName: r.unit_name,
    refId: r.ref_id,
    deadline: r.deadline,
    light: r.light,
    waitingSince: new Date(Number(r.since_ms)),
  }));
}
