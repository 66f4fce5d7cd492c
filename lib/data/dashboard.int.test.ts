import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, inArray, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { sheetRows } from "@/test/sheet";
import { getDb } from "@/db/client";
import { assignments, departments, tasks } from "@/db/schema";
import { getDashboard, BEHIND_LIMIT, unitsMostBehind, type Dashboard } from "@/lib/data/dashboard";
import { listTasks } from "@/lib/data/tasks/list-tasks";
import { parseTaskListParams } from "@/lib/data/task-filters";
import { parseStatsQuery } from "@/lib/data/stats/params";
import { countMetricsTotal, NO_FILTERS, statsToday } from "@/lib/data/stats/metrics";
import { classifyAssignment, deriveMetrics, type CountMetric } from "@/lib/domain/stats/definitions";
import type { StatsPeriod } from "@/lib/domain/stats/period";
import type { Actor } from "@/lib/domain/policy";
import { now } from "@/lib/clock";
import { addUser, as, expectError, resetActorCache, SETUP_TIMEOUT, taskAt, unitId } from "@/lib/services/tasks/test-fixtures";

// The 最落后的单位 export route as Next calls it, with the signed-in user replaced by `signedIn`.
let signedIn: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({ getViewer: async () => signedIn }));
const { GET: exportBehind } = await import("@/app/(app)/dashboard/behind/export/route");

/**
 * 领导驾驶舱: every figure equals the count of the list its link opens (task lists through the list's own
 * query, assignment figures through a brute-force pass of the 口径 over every assignment, reading period,
 * filters and metric back from the link itself), the units most behind come in the documented order, and
 * only dashboard.view holders get it.
 */

let cleanup: () => Promise<void>;
const today = statsToday();
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const TRAFFIC = "区住房城乡建委";
const COMMERCE = "区城市管理局";
const CULTURE = "解放碑街道";

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  const db = getDb();
  const [a, b, c] = [await unitId(TRAFFIC), await unitId(COMMERCE), await unitId(CULTURE)];
  const units = (id: string) => ({ leadUnitId: a, coUnitIds: [b, c], title: `驾驶舱测试 ${id}` });
  const t1 = await taskAt("in_progress", units("1"));
  const t2 = await taskAt("in_progress", units("2"));
  const t3 = await taskAt("in_progress", units("3"));
  const t4 = await taskAt("in_progress", units("4"));
  const overdue = (ids: (string | undefined)[]) => db.update(assignments).set({ deadline: daysAgo(10) }).where(inArray(assignments.id, ids as string[]));
  // 住建委: three overdue; 城管局: two overdue and one on time; 解放碑: two overdue and one late.
  await overdue([t1.assignments[TRAFFIC], t1.assignments[COMMERCE], t1.assignments[CULTURE]]);
  await overdue([t2.assignments[TRAFFIC], t2.assignments[COMMERCE], t2.assignments[CULTURE]]);
  await overdue([t3.assignments[TRAFFIC]]);
  await db.update(assignments).set({ status: "completed", completedAt: new Date(), receivedAt: new Date() }).where(eq(assignments.id, t3.assignments[COMMERCE]!));
  await db
    .update(assignments)
    .set({ status: "completed", completedAt: new Date(), receivedAt: new Date(), deadline: daysAgo(3) })
    .where(eq(assignments.id, t3.assignments[CULTURE]!));
  // Seven more units with one overdue each: ten units behind, more than the card's eight (the export holds all).
  const others = await db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(sql`${departments.kind} <> 'office' and not ${departments.isGroup} and ${departments.enabled} and ${departments.id} not in (${a}, ${b}, ${c})`)
    .orderBy(departments.name)
    .limit(7);
  expect(others).toHaveLength(7);
  // Each needs an account that can receive (dispatch refuses a unit without one).
  for (const [i, o] of others.entries()) await addUser(`behind_${i}`, `落后测试${i}`, o.name, "unit_clerk");
  const t5 = await taskAt("in_progress", { leadUnitId: others[0]!.id, coUnitIds: others.slice(1).map((o) => o.id), title: "驾驶舱测试 5" });
  await db.update(assignments).set({ deadline: daysAgo(10) }).where(eq(assignments.taskId, t5.id));
  // t4 was dispatched more than a year ago and is overdue: counted in "all periods", not in this year.
  await db
    .update(assignments)
    .set({ deadline: daysAgo(300), dispatchedAt: new Date(Date.now() - 400 * 86_400_000) })
    .where(eq(assignments.taskId, t4.id));
  await db.update(tasks).set({ dueOn: daysAgo(300) }).where(eq(tasks.id, t4.id));
  // Waiting on 李建国 (dcs_ld), not on 王振华 (dcs_ld2).
  await taskAt("in_review", { title: "驾驶舱测试 待审签" });
}, SETUP_TIMEOUT);

afterAll(async () => cleanup?.());

/** Every assignment with what the 口径 reads of it (the brute-force side). */
async function allAssignments() {
  const rows = await getDb()
    .select({
      departmentId: assignments.departmentId,
      status: assignments.status,
      taskStatus: tasks.status,
      deadline: assignments.deadline,
      dispatchedOn: sql<string>`((${assignments.dispatchedAt}) at time zone 'Asia/Shanghai')::date::text`,
      receivedOn: sql<string | null>`((${assignments.receivedAt}) at time zone 'Asia/Shanghai')::date::text`,
      completedOn: sql<string | null>`((${assignments.completedAt}) at time zone 'Asia/Shanghai')::date::text`,
      urgeCount: assignments.urgeCount,
      extensionCount: assignments.extensionCount,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId));
  return rows.map((r) => ({ ...r, taskCancelled: r.taskStatus === "cancelled", metrics: classifyAssignment({ ...r, taskCancelled: r.taskStatus === "cancelled" }, today) }));
}

function inPeriod(r: { dispatchedOn: string }, p: Pick<StatsPeriod, "from" | "to">) {
  return r.dispatchedOn >= p.from && r.dispatchedOn <= p.to;
}

/** What the drill-down list behind `href` holds, counted by brute force from the link's own parameters. */
async function drillDownCount(href: string): Promise<number> {
  const url = new URL(href, "http://x");
  expect(url.pathname).toBe("/stats/assignments");
  const { period, filters, metric } = parseStatsQuery(Object.fromEntries(url.searchParams), now());
  expect(metric).not.toBeNull();
  const rows = await allAssignments();
  return rows.filter((r) => inPeriod(r, period) && (!filters.departmentId || r.departmentId === filters.departmentId) && r.metrics.has(metric as CountMetric)).length;
}

/** What the 全部任务 list at `href` counts for this viewer. */
async function taskListCount(viewer: Actor, href: string): Promise<number> {
  const url = new URL(href, "http://x");
  expect(url.pathname).toBe("/tasks");
  const page = await listTasks(viewer, "all", parseTaskListParams(Object.fromEntries(url.searchParams)));
  return page.total;
}

/** [逾期未办结, 按期办结率] of every unit behind in the period, in the documented order, by brute force. */
async function behindByBruteForce(period: StatsPeriod): Promise<Array<readonly [number, number | null]>> {
  const rows = (await allAssignments()).filter((r) => inPeriod(r, period));
  const byUnit = new Map<string, { overdue: number; onTime: number; late: number }>();
  for (const r of rows) {
    const u = byUnit.get(r.departmentId) ?? { overdue: 0, onTime: 0, late: 0 };
    if (r.metrics.has("overdue_open")) u.overdue += 1;
    if (r.metrics.has("completed_on_time")) u.onTime += 1;
    if (r.metrics.has("completed_late")) u.late += 1;
    byUnit.set(r.departmentId, u);
  }
  const rate = (u: { onTime: number; late: number }) => (u.onTime + u.late > 0 ? u.onTime / (u.onTime + u.late) : null);
  return [...byUnit.values()]
    .filter((u) => u.overdue > 0 || u.late > 0)
    .map((u) => [u.overdue, rate(u)] as const)
    .sort((x, y) => y[0] - x[0] || (x[1] ?? 2) - (y[1] ?? 2));
}


describe.each(["dcs_ld2", "qld"])("领导驾驶舱 of %s", (username) => {
  let viewer: Actor;
  let d: Dashboard;
  beforeAll(async () => {
    viewer = await as(username);
    d = await getDashboard(viewer, today);
  });

  it("counts 未办结事项 and 红灯事项 exactly as the task lists they link to", async () => {
    expect(d.openTasks.href).toBe("/tasks?status=in_progress");
    expect(d.redTasks.href).toBe("/tasks?light=red");
    expect(d.openTasks.count).toBe(await taskListCount(viewer, d.openTasks.href));
    expect(d.redTasks.count).toBe(await taskListCount(viewer, d.redTasks.href));
    // The four test tasks are under way; the old one is past its due date.
    expect(d.openTasks.count).toBeGreaterThanOrEqual(4);
    expect(d.redTasks.count).toBeGreaterThanOrEqual(1);
  });

  it("counts 逾期未办结 over all periods exactly as its drill-down, including the assignment dispatched last year", async () => {
    expect(d.overdue.count).toBe(await drillDownCount(d.overdue.href));
    // 7 overdue this year + 3 of the old task.
    expect(d.overdue.count).toBeGreaterThanOrEqual(10);
    expect(d.overdue.count).toBeGreaterThan(d.year.counts.overdue_open);
  });

  it("gives this year's and this month's figures and rates as the brute force does, linking to the statistics of the period", async () => {
    const rows = await allAssignments();
    for (const p of [d.year, d.month]) {
      const inside = rows.filter((r) => inPeriod(r, p.period));
      const n = (m: CountMetric) => inside.filter((r) => r.metrics.has(m)).length;
      expect(p.counts.dispatched).toBe(n("dispatched"));
      expect(p.counts.completed_on_time).toBe(n("completed_on_time"));
      expect(p.counts.completed_late).toBe(n("completed_late"));
      const rates = deriveMetrics({ dispatched: n("dispatched"), completed_on_time: n("completed_on_time"), completed_late: n("completed_late"), workdaysSum: 0 });
      expect(p.rates.completionRate).toBe(rates.completionRate);
      expect(p.rates.onTimeRate).toBe(rates.onTimeRate);
      expect(p.counts.dispatched).toBe(await drillDownCount(p.dispatchedHref));
      expect(p.counts.completed_on_time).toBe(await drillDownCount(p.onTimeHref));
      expect(p.counts.completed_late).toBe(await drillDownCount(p.lateHref));
      expect(p.statsHref).toMatch(/^\/stats\/supervision\?/);
      // Every count (taken from the trend's months) equals the statistics' own total over the period.
      expect(p.counts).toEqual(await countMetricsTotal(viewer, { ...NO_FILTERS, period: p.period }, today));
    }
    expect(d.year.statsHref).toBe(`/stats/supervision?period=year&year=${today.slice(0, 4)}`);
    expect(d.month.statsHref).toBe(`/stats/supervision?period=month&month=${today.slice(0, 7)}`);
    expect(d.month.counts.dispatched).toBeGreaterThanOrEqual(9);
  });

  it("lists the units most behind: most overdue first, then the lowest on-time rate, each linking to its overdue list", async () => {
    const names = d.behind.map((u) => u.name);
    expect(names.indexOf(TRAFFIC)).toBeGreaterThanOrEqual(0);
    // 住建委 3 overdue; 解放碑 and 城管局 2 each, 解放碑's one completion late (0%), 城管局's on time (100%).
    expect(names.indexOf(TRAFFIC)).toBeLessThan(names.indexOf(CULTURE));
    expect(names.indexOf(CULTURE)).toBeLessThan(names.indexOf(COMMERCE));
    // The same ordering key over every unit, by brute force.
    const expected = (await behindByBruteForce(d.year.period)).slice(0, BEHIND_LIMIT);
    expect(d.behind.map((u) => [u.overdueOpen, u.onTimeRate])).toEqual(expected);
    for (const u of d.behind) {
      expect(u.overdueOpen).toBe(await drillDownCount(u.href));
      expect(new URL(u.href, "http://x").searchParams.get("unit")).toBe(u.departmentId);
    }
  });

  it("exports every unit behind (not only the card's first eight) in the card's order, with the period in the sheet", async () => {
    signedIn = viewer;
    const response = await exportBehind();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const rows = await sheetRows(response);
    expect(rows.some((r) => r.includes(`周期：${d.year.period.label}`))).toBe(true);
    const header = rows.findIndex((r) => r.startsWith("序号|承办单位|交办"));
    expect(header).toBeGreaterThanOrEqual(0);
    const data = rows.slice(header + 1).map((r) => r.split("|"));
    const all = await unitsMostBehind(viewer, d.year.period, today, null);
    const brute = await behindByBruteForce(d.year.period);
    expect(brute.length).toBeGreaterThan(BEHIND_LIMIT);
    expect(data).toHaveLength(brute.length);
    expect(all.map((u) => [u.overdueOpen, u.onTimeRate])).toEqual(brute);
    expect(data.map((r) => r[1])).toEqual(all.map((u) => u.name));
    expect(data.slice(0, BEHIND_LIMIT).map((r) => r[1])).toEqual(d.behind.map((u) => u.name));
    // The 逾期未办结 column holds each unit's figure (the column after 交办, 已接收, 办理中, 按期办结, 逾期办结).
    const overdueColumn = rows[header]!.split("|").indexOf("逾期未办结");
    expect(data.map((r) => Number(r[overdueColumn]))).toEqual(all.map((u) => u.overdueOpen));
  });

  it("draws the twelve-month trend with this month's dispatches", () => {
    expect(d.trend).toHaveLength(12);
    expect(d.trend.at(-1)).toMatchObject({ month: today.slice(0, 7), dispatched: d.month.counts.dispatched });
  });
});

describe("待我处理 and who gets the dashboard", () => {
  it("lists what waits on this leader and nothing of another's", async () => {
    const mine = await getDashboard(await as("dcs_ld"), today);
    expect(mine.todo.items.map((i) => i.title)).toContain("驾驶舱测试 待审签");
    expect(mine.todo.counts).toContainEqual({ kind: "review", count: expect.any(Number) });
    const other = await getDashboard(await as("dcs_ld2"), today);
    expect(other.todo.items.map((i) => i.title)).not.toContain("驾驶舱测试 待审签");
    // 区领导 only looks: nothing ever waits on them.
    const district = await getDashboard(await as("qld"), today);
    expect(district.todo).toEqual({ total: 0, counts: [], items: [] });
  });

  it.each(["jw_jbr", "jw_ld", "dcs_jbr", "admin"])("refuses %s (no dashboard.view), and its export too", async (username) => {
    await expectError(getDashboard(await as(username), today), "FORBIDDEN");
    signedIn = await as(username);
    expect((await exportBehind()).status).toBe(403);
    signedIn = null;
    expect((await exportBehind()).status).toBe(401);
  });

  it("counts a unit-scoped holder of dashboard.view within its own unit only", async () => {
    const jw = await as("jw_ld");
    const scoped: Actor = { ...jw, permissions: new Set([...jw.permissions, "dashboard.view"]) };
    const d = await getDashboard(scoped, today);
    const [own] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, "区教委"));
    expect(d.behind.every((u) => u.departmentId === own!.id)).toBe(true);
    const rows = (await allAssignments()).filter((r) => r.departmentId === own!.id && inPeriod(r, d.year.period));
    expect(d.year.counts.dispatched).toBe(rows.filter((r) => r.metrics.has("dispatched")).length);
  });
});
