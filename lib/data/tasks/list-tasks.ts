import "server-only";
import type { Actor } from "@/lib/domain/policy";
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb, queryRows } from "@/db/client";
import { departments, eventSources, taskCategories, taskTypes, taskUnits, tasks, urgencyLevels, users } from "@/db/schema";
import type { TaskListKind } from "@/lib/domain/navigation";
import type { UnitRole } from "@/lib/domain/workflow/states";
import type { TaskListParams } from "@/lib/data/task-filters";
import { taskInScope } from "@/lib/scope";
import { loadLightContext } from "@/lib/data/lights";
import { COUNT_CAP, inIdOrder, orderFor, page, pageOfIds, SEARCH_COUNT_CAP, searchCondition, taskLight, type RowLight } from "./shared";
import type { Page, TaskListRow } from "./types";

// Task lists (督查室 side and 任务归档)

function unitNames(role: UnitRole) {
  return sql<string | null>`(select string_agg(d.name, '、' order by d.sort_order, d.name) from ${taskUnits} tu join ${departments} d on d.id = tu.department_id where tu.task_id = ${tasks.id} and tu.role = ${role})`;
}

/** The filters each office list adds on top of the viewer's scope and the URL filters. */
export function taskKindCondition(kind: TaskListKind, viewer: Actor): SQL | undefined {
  switch (kind) {
    case "review":
      return and(eq(tasks.status, "in_review"), eq(tasks.currentReviewerId, viewer.userId));
    case "dispatch":
      return eq(tasks.status, "signed");
    case "drafts":
      return inArray(tasks.status, ["draft", "returned"]);
    case "archive":
      return eq(tasks.status, "archived");
    default:
      return undefined;
  }
}

/**
 * One page of ids in the 按灯 order (red, yellow, green, none; then due date, newest, id) without computing and
 * sorting every task's light (0.5 s at a million assignments): each light is a range of due dates within the
 * open or the closed tasks (lightCondition), walked in due-date order on the matching partial index
 * `tasks (due_on, created_at desc, id)` for at most offset + limit rows; the page is taken from their union.
 */
async function lightOrderedIds(where: SQL | undefined, light: RowLight, offset: number, limit: number): Promise<string[]> {
  const db = getDb();
  const branches = (["red", "yellow", "green", "none"] as const).map((l, rank) =>
    db
      .select({ id: tasks.id, rank: sql<number>`${rank}::int`.as("rank"), dueOn: tasks.dueOn, createdAt: tasks.createdAt })
      .from(tasks)
      // Green also after today, so that the four ranges cannot overlap whatever the yellow windows are.
      .where(and(where, light.only(l), l === "green" ? sql`not ${light.only("red")}` : undefined))
      .orderBy(asc(tasks.dueOn), desc(tasks.createdAt), asc(tasks.id))
      .limit(offset + limit),
  );
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select u.id from (${sql.join(
      branches.map((b) => sql`(${b})`),
      sql` union all `,
    )}) u order by u.rank, u.due_on, u.created_at desc, u.id limit ${limit} offset ${offset}`,
  );
  return rows.map((r) => r.id);
}

/** How many of the newest tasks (meeting the other conditions) a search looks through first. */
export const SEARCH_WINDOW = 20_000;

export interface SearchWindow {
  /** The window held every task meeting the other conditions: its figures are the search's own. */
  complete: boolean;
  /** Matches in a complete window, counted up to cap + 1 (null: the window was full). */
  matches: number | null;
  /** The page's ids among the window's matches, newest first. */
  ids: string[];
}

/**
 * A search in the default order (newest first) over the newest `window` tasks that meet the other conditions,
 * each tested with the search's own condition — one statement, no index on the term. Its page is exact when
 * the window held the whole page (every match outside it is older than every task in it) or every candidate
 * (`complete`: a unit's few thousand tasks); so is its count when complete. A broad term (a place in one title of
 * twelve, ~28 000 matches at a million) then reads a few hundred rows instead of fetching and sorting all its
 * matches, and a unit's search reads only its own tasks instead of every match of the term.
 */
export async function searchWindow(others: SQL | undefined, q: string, offset: number, limit: number, cap: number, window = SEARCH_WINDOW): Promise<SearchWindow> {
  const db = getDb();
  const recent = db
    .select({ id: tasks.id, createdAt: tasks.createdAt, taskNo: tasks.taskNo, title: tasks.title, content: tasks.content })
    .from(tasks)
    .where(others)
    .orderBy(desc(tasks.createdAt), asc(tasks.id))
    .limit(window);
  const match = searchCondition(q, { id: sql`w.id`, taskNo: sql`w.task_no`, title: sql`w.title`, content: sql`w.content` });
  // The page (it stops after enough matches) beside the window's size (it stops at the window); the matches
  // are counted only in a complete window — in a full one the caller counts with the indexes.
  const [page, candidates] = await Promise.all([
    queryRows<{ id: string }>(db, sql`select w.id from (${recent}) w where ${match} order by w.created_at desc, w.id limit ${limit} offset ${offset}`),
    queryRows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from ${tasks} where ${others ?? sql`true`} limit ${window}) c`),
  ]);
  const complete = candidates[0]!.n < window;
  const matches = complete
    ? (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from (${recent}) w where ${match} limit ${cap + 1}) c`))[0]!.n
    : null;
  return { complete, matches, ids: page.map((r) => r.id) };
}

export async function listTasks(viewer: Actor, kind: TaskListKind, params: TaskListParams): Promise<Page<TaskListRow>> {
  const db = getDb();
  const light = taskLight(await loadLightContext(db));
  const creator = alias(users, "creator");
  const reviewer = alias(users, "reviewer");
  // A registration date range is written on created_at itself (a Beijing day's first instant), not on the
  // local date derived from it, so the created_at index serves it.
  const dayStart = (day: string) => sql`(${day}::date::timestamp at time zone 'Asia/Shanghai')`;
  const from = !params.from ? undefined : params.dateField === "deadline" ? sql`${tasks.deadline} >= ${params.from}` : sql`${tasks.createdAt} >= ${dayStart(params.from)}`;
  const to = !params.to
    ? undefined
    : params.dateField === "deadline"
      ? sql`${tasks.deadline} <= ${params.to}`
      : sql`${tasks.createdAt} < ${dayStart(params.to)} + interval '1 day'`;
  const others = and(
    taskInScope(viewer),
    taskKindCondition(kind, viewer),
    params.status ? eq(tasks.status, params.status) : undefined,
    params.urgency ? eq(tasks.urgencyId, params.urgency) : undefined,
    params.source ? eq(tasks.sourceId, params.source) : undefined,
    params.type ? eq(tasks.taskTypeId, params.type) : undefined,
    params.category
      ? or(
          eq(tasks.categoryId, params.category),
          sql`${tasks.categoryId} in (select id from ${taskCategories} where parent_id = ${params.category})`,
        )
      : undefined,
    from,
    to,
    light.only(params.light),
  );
  const where = and(others, searchCondition(params.q));
  const search = Boolean(params.q);
  const cap = search ? SEARCH_COUNT_CAP : COUNT_CAP;

  // The page's 20 ids first (an index walk that skips ids only), then only those rows get their names, units
  // and light: decorating inside the OFFSET query built the unit-name subqueries for every skipped row.
  const { ids, counted, pageNo } = await pageOfIds(
    params,
    async (offset) => {
      if (params.sort === "light") return lightOrderedIds(where, light, offset, params.pageSize);
      return (
        await db
          .select({ id: tasks.id })
          .from(tasks)
          .where(where)
          .orderBy(...orderFor(params.sort, light))
          .limit(params.pageSize)
          .offset(offset)
      ).map((r) => r.id);
    },
    async () => {
      const [row] = await db.select({ n: count() }).from(db.select({ one: sql`1` }).from(tasks).where(where).limit(cap + 1).as("capped"));
      return row?.n ?? 0;
    },
    { cap },
    // A search in the default order looks through the newest tasks first (searchWindow).
    search && params.sort === "-created"
      ? async (offset) => {
          const w = await searchWindow(others, params.q, offset, params.pageSize, cap);
          return { ids: w.complete || w.ids.length === params.pageSize ? w.ids : null, counted: w.complete ? w.matches : null };
        }
      : undefined,
  );
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({
            id: tasks.id,
            taskNo: tasks.taskNo,
            title: tasks.title,
            status: tasks.status,
            urgencyName: urgencyLevels.name,
            urgencyColor: urgencyLevels.color,
            deadline: tasks.deadline,
            dueOn: tasks.dueOn,
            light: light.light,
            createdAt: tasks.createdAt,
            signedAt: tasks.signedAt,
            dispatchedAt: tasks.dispatchedAt,
            archivedAt: tasks.archivedAt,
            sourceName: eventSources.name,
            categoryName: taskCategories.name,
            taskTypeName: taskTypes.name,
            leadUnits: unitNames("lead"),
            coUnits: unitNames("co"),
            creatorName: creator.displayName,
            reviewerName: reviewer.displayName,
          })
          .from(tasks)
          .innerJoin(urgencyLevels, eq(urgencyLevels.id, tasks.urgencyId))
          .innerJoin(creator, eq(creator.id, tasks.creatorId))
          .leftJoin(reviewer, eq(reviewer.id, tasks.currentReviewerId))
          .leftJoin(eventSources, eq(eventSources.id, tasks.sourceId))
          .leftJoin(taskCategories, eq(taskCategories.id, tasks.categoryId))
          .leftJoin(taskTypes, eq(taskTypes.id, tasks.taskTypeId))
          .where(inArray(tasks.id, ids));
  return page(inIdOrder(ids, rows), counted, params, pageNo, cap);
}
