import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, desc, eq, sql } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, departments, taskUnits, tasks, urgencyLevels } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { listAssignments } from "./list-assignments";
import { listTasks, searchWindow } from "./list-tasks";
import { countWorkQueues } from "./work-queues";
import { COUNT_CAP, SEARCH_COUNT_CAP, searchCondition } from "./shared";
import { parseAssignmentListParams, parseTaskListParams } from "@/lib/data/task-filters";

// The list paths at scale: capped counts, clamped pages, ids-first paging, the bigram search. The bulk rows
// are inserted set-based (as the data generator does) so the cap is really crossed.

let cleanup: () => Promise<void>;
let clerk: Actor;
let unitClerk: Actor;
const BULK = COUNT_CAP + 5;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  clerk = await actorNamed("dcs_jbr");
  unitClerk = await actorNamed("jw_jbr");
  const db = getDb();
  const [urgency] = await db.select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "normal"));
  const [jw] = await db.select({ id: departments.id }).from(departments).where(eq(departments.name, "区教委"));
  // BULK dispatched tasks, numbered 1…BULK by creation time (oldest first), each with one 区教委 assignment.
  await db.execute(sql`
    insert into ${tasks} (title, content, task_no, urgency_id, deadline, due_on, status, creator_id, dispatched_at, created_at)
    select '批量事项' || g, '批量内容', '批〔2026〕' || g || '号', ${urgency!.id}, '2030-12-31', '2030-12-31', 'in_progress', ${clerk.userId},
           now() - interval '1 day', timestamptz '2026-01-01' + g * interval '1 minute'
    from generate_series(1, ${BULK}) g`);
  await db.execute(sql`insert into ${taskUnits} (task_id, department_id, role) select id, ${jw!.id}, 'lead' from ${tasks}`);
  await db.execute(sql`
    insert into ${assignments} (task_id, department_id, role, status, deadline, dispatched_at, last_reported_at)
    select id, ${jw!.id}, 'lead', (case when title like '%7' then 'reported' else 'in_progress' end)::assignment_status, '2030-12-31', created_at,
           case when title like '%7' then created_at end
    from ${tasks}`);
}, 240_000);
afterAll(() => cleanup());

describe("counts and pages at scale", () => {
  it("counts up to the cap and says there are more", async () => {
    const page = await listTasks(clerk, "all", parseTaskListParams({}));
    expect(page).toMatchObject({ total: COUNT_CAP, capped: true, pageCount: COUNT_CAP / 20 });
    expect(page.rows[0]!.title).toBe(`批量事项${BULK}`);
    const narrow = await listTasks(clerk, "all", parseTaskListParams({ q: "批量事项1000" }));
    // 批量事项1000 and 批量事项10000…10005: exact below the cap.
    expect(narrow).toMatchObject({ total: 7, capped: false, pageCount: 1 });
  });

  it("serves the last page in order and clamps a page past the end to it", async () => {
    const last = await listTasks(clerk, "all", parseTaskListParams({ page: String(COUNT_CAP / 20) }));
    expect(last.page).toBe(COUNT_CAP / 20);
    expect(last.rows.map((r) => r.title)).toEqual(Array.from({ length: 20 }, (_, i) => `批量事项${BULK - (COUNT_CAP - 20) - i}`));
    for (const p of ["501", "9999"]) {
      const past = await listTasks(clerk, "all", parseTaskListParams({ page: p }));
      expect(past.page).toBe(COUNT_CAP / 20);
      expect(past.rows.map((r) => r.title)).toEqual(last.rows.map((r) => r.title));
    }
    const narrow = await listTasks(clerk, "all", parseTaskListParams({ q: "批量事项1000", page: "7" }));
    expect(narrow.page).toBe(1);
    expect(narrow.rows).toHaveLength(7);
  });

  it("pages a unit's assignments and the feedback queue the same way, decorated rows in the page's order", async () => {
    const unit = await listAssignments(unitClerk, "tracking", parseAssignmentListParams({ page: "3" }));
    expect(unit).toMatchObject({ total: COUNT_CAP, capped: true, page: 3 });
    expect(unit.rows.map((r) => r.title)).toEqual(Array.from({ length: 20 }, (_, i) => `批量事项${BULK - 40 - i}`));
    expect(unit.rows.every((r) => r.departmentName === "区教委")).toBe(true);
    const feedback = await listAssignments(clerk, "feedback", parseAssignmentListParams({}));
    const reported = Math.floor((BULK - 7) / 10) + 1;
    expect(feedback).toMatchObject({ total: reported, capped: false });
    // Oldest report first.
    expect(feedback.rows.slice(0, 3).map((r) => r.title)).toEqual(["批量事项7", "批量事项17", "批量事项27"]);
    const queues = await countWorkQueues(clerk);
    expect(queues.find((q) => q.href === "/tasks/feedback")?.count).toBe(reported);
  });
});

describe("registration date range", () => {
  it("takes whole Beijing days, bounds included", async () => {
    // Task g was registered at 2026-01-01T00:00Z + g minutes = 08:00 Beijing + g minutes: 2026-01-01 holds g ≤ 959.
    const first = await listTasks(clerk, "all", parseTaskListParams({ to: "2026-01-01" }));
    expect(first).toMatchObject({ total: 959, capped: false });
    const second = await listTasks(clerk, "all", parseTaskListParams({ from: "2026-01-02", to: "2026-01-02" }));
    expect(second.total).toBe(1440);
    expect(second.rows[0]!.title).toBe(`批量事项${959 + 1440}`);
  });
});

describe("search by character pairs", () => {
  it("finds two-character words, keeps the pairs in step with the title, and needs the pairs in order", async () => {
    const db = getDb();
    const [one] = await db.select({ id: tasks.id }).from(tasks).where(eq(tasks.title, "批量事项1"));
    const find = async (q: string) => (await listTasks(clerk, "all", parseTaskListParams({ q }))).rows.map((r) => r.title);
    expect(await find("教育")).toEqual([]);
    await db.update(tasks).set({ title: "推进Smart教育园区建设" }).where(eq(tasks.id, one!.id));
    expect(await find("教育")).toEqual(["推进Smart教育园区建设"]);
    expect(await find("smart")).toEqual(["推进Smart教育园区建设"]);
    expect(await find("育教")).toEqual([]);
    // Pairs all present but not as one substring: ILIKE rechecks.
    expect(await find("园教")).toEqual([]);
    await db.update(tasks).set({ title: "批量事项1" }).where(eq(tasks.id, one!.id));
    expect(await find("教育")).toEqual([]);
    // One character: no pairs to look up, still a substring search.
    expect((await listTasks(clerk, "all", parseTaskListParams({ q: "批" }))).capped).toBe(true);
  });
});

describe("broad searches", () => {
  /** The generic plan's ids (the search's indexes, sorted), for comparison. */
  const indexed = async (q: string, offset: number) =>
    (await getDb().select({ id: tasks.id }).from(tasks).where(searchCondition(q)).orderBy(desc(tasks.createdAt), asc(tasks.id)).limit(20).offset(offset)).map((r) => r.id);

  it("count to SEARCH_COUNT_CAP, serve their 50 pages newest first, and clamp past the end", async () => {
    const first = await listTasks(clerk, "all", parseTaskListParams({ q: "批量事项" }));
    expect(first).toMatchObject({ total: SEARCH_COUNT_CAP, capped: true, pageCount: SEARCH_COUNT_CAP / 20 });
    expect(first.rows.map((r) => r.title)).toEqual(Array.from({ length: 20 }, (_, i) => `批量事项${BULK - i}`));
    const last = await listTasks(clerk, "all", parseTaskListParams({ q: "批量事项", page: "50" }));
    expect(last.rows.map((r) => r.id)).toEqual(await indexed("批量事项", 49 * 20));
    const past = await listTasks(clerk, "all", parseTaskListParams({ q: "批量事项", page: "51" }));
    expect(past.page).toBe(50);
    // A unit name (every bulk task is 区教委's) goes the same way.
    const byUnit = await listTasks(clerk, "all", parseTaskListParams({ q: "区教委", page: "3" }));
    expect(byUnit.capped).toBe(true);
    expect(byUnit.rows.map((r) => r.id)).toEqual(await indexed("区教委", 40));
  });

  it("take the page from the newest tasks when they hold all of it or every candidate, else fall back to the indexes", async () => {
    const w = await searchWindow(undefined, "批量事项", 20, 20, SEARCH_COUNT_CAP);
    expect(w).toMatchObject({ complete: true, matches: SEARCH_COUNT_CAP + 1 });
    expect(w.ids).toEqual(await indexed("批量事项", 20));
    // A window of 100 of the 10 005: not complete, but it holds page 2 (the newest 100 all match).
    const held = await searchWindow(undefined, "批量事项", 20, 20, SEARCH_COUNT_CAP, 100);
    expect(held).toMatchObject({ complete: false, matches: null });
    expect(held.ids).toEqual(await indexed("批量事项", 20));
    // A window of 30 holds only a few titles with a 7: not the page, not complete.
    const small = await searchWindow(undefined, "7", 0, 20, SEARCH_COUNT_CAP, 30);
    expect(small.complete).toBe(false);
    expect(small.ids.length).toBeLessThan(20);
    // The list then uses the indexes: same page either way.
    const sevens = await listTasks(clerk, "all", parseTaskListParams({ q: "7" }));
    expect(sevens.rows.map((r) => r.id)).toEqual(await indexed("7", 0));
    // Other conditions apply inside the window (a unit clerk: only tasks with 区教委's assignment).
    const unitPage = await listTasks(unitClerk, "all", parseTaskListParams({ q: "批量事项1000" }));
    expect(unitPage).toMatchObject({ total: 7, capped: false });
    expect(unitPage.rows.map((r) => r.id)).toEqual(await indexed("批量事项1000", 0));
  });
});
