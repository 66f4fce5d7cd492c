import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { assignments, departments, eventSources, taskCategories, taskTypes, tasks, urgencyLevels, users } from "@/db/schema";
import { DEPARTMENT_KINDS } from "@/db/schema/org";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { expectKeptCopyRebuilt } from "@/test/kept-copy";
import { getWorkCalendar } from "@/lib/data/base-data";
import { shanghaiDayStart, todayInShanghai } from "@/lib/domain/dates";
import { addDays, type WorkCalendar } from "@/lib/domain/work-calendar";
import { classifyAssignment, COUNT_METRICS, rankUnits as rankUnitsJs, sumMetricCounts, type AssignmentFacts, type CountMetric, type MetricCounts } from "@/lib/domain/stats/definitions";
import type { Actor } from "@/lib/domain/policy";
import {
  countMetricsByDimension,
  countMetricsByMonth,
  countMetricsByUnit,
  countMetricsTotal,
  NO_FILTERS,
  monthCountsServe,
  NOT_SET,
  rankUnits,
  STATS_DIMENSIONS,
  type StatsDimension,
  type StatsFilters,
} from "./metrics";
import { countStatsAssignments, listStatsAssignments, STATS_LIST_PAGE_SIZE } from "./assignments";

/**
 * The statistics' SQL against the definitions' brute force (classifyAssignment + the JavaScript work calendar)
 * over random data: units of random kinds, tasks with random base data (or none), assignments in every status
 * (cancelled ones and cancelled tasks too) dispatched/received/completed at random instants — many right at a
 * Shanghai midnight or at the edges of the period —, random deadlines, urge and extension counts; then random
 * periods, filters, "today" and viewers. Every count, per unit, per month, per dimension, in total, the ranking,
 * and the drill-down list's total for every metric must equal the brute force. Runs on PGlite and, with
 * DATABASE_URL, on the server. The generated data lives in 2031–2032, away from the demo tasks (dispatched "now").
 */

let cleanup: () => Promise<void>;
let office: Actor;
let unitTemplate: Actor;
let calendar: WorkCalendar;
let creatorId: string;
let urgencyIds: string[];
const base = { sources: [] as string[], categories: [] as string[], types: [] as string[] };

const DAY0 = "2031-01-01";
const SPAN_DAYS = 420; // into 2032 (a period crossing a year boundary)

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase({ demo: true }));
  const db = getDb();
  office = await actorNamed("dcs_jbr");
  unitTemplate = await actorNamed("jw_jbr");
  calendar = await getWorkCalendar(db);
  creatorId = (await db.select({ id: users.id }).from(users).limit(1))[0]!.id;
  urgencyIds = (await db.select({ id: urgencyLevels.id }).from(urgencyLevels)).map((r) => r.id);
  base.sources = (await db.insert(eventSources).values([{ name: "统计测试来源甲" }, { name: "统计测试来源乙" }]).returning()).map((r) => r.id);
  base.categories = (await db.insert(taskCategories).values([{ name: "统计测试类别甲" }, { name: "统计测试类别乙" }]).returning()).map((r) => r.id);
  base.types = (await db.insert(taskTypes).values([{ name: "统计测试类型甲" }, { name: "统计测试类型乙" }]).returning()).map((r) => r.id);
}, 120_000);

afterAll(async () => {
  await cleanup?.();
});

// ---- generators -------------------------------------------------------------------------------------------

/** An instant on a Shanghai calendar day, often exactly at its first or last millisecond. */
const instant = (dayOffset: fc.Arbitrary<number>) =>
  fc.record({
    day: dayOffset,
    ms: fc.oneof(fc.constantFrom(0, 1, 86_399_999, 57_600_000 - 1, 57_600_000), fc.integer({ min: 0, max: 86_399_999 })),
  });

const ASSIGNMENT_STATUS_POOL = ["to_receive", "in_progress", "awaiting_sign", "unit_returned", "signed", "reported", "rework", "completed", "cancelled"] as const;

const genAssignment = fc.record({
  unit: fc.nat(),
  status: fc.constantFrom(...ASSIGNMENT_STATUS_POOL),
  dispatched: instant(fc.integer({ min: 0, max: SPAN_DAYS })),
  receivedAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
  completedAfter: fc.integer({ min: 0, max: 90 }),
  completedMs: fc.constantFrom(0, 86_399_999, 40_000_000),
  deadlineAfter: fc.integer({ min: -5, max: 80 }),
  // A completed one's deadline relative to its completion day: often the very day (按期 by one day or not).
  deadlineVsCompletion: fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -20, max: 20 })),
  urgeCount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
  extensionCount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 })),
});

const genTask = fc.record({
  cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  source: fc.integer({ min: -1, max: 1 }),
  category: fc.integer({ min: -1, max: 1 }),
  type: fc.integer({ min: -1, max: 1 }),
  urgency: fc.nat({ max: 2 }),
  assignments: fc.array(genAssignment, { minLength: 1, maxLength: 4 }),
});

const genWorld = fc.record({
  unitKinds: fc.array(fc.constantFrom(...DEPARTMENT_KINDS), { minLength: 1, maxLength: 5 }),
  tasks: fc.array(genTask, { minLength: 3, maxLength: 18 }),
});

/** A filter set in about one query of four (with every filter set at once, most populations would be empty). */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

const genQuery = fc.record({
  periodStart: fc.integer({ min: -10, max: SPAN_DAYS }),
  periodLength: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 31 }), fc.integer({ min: 28, max: 400 })),
  wholeSpan: fc.boolean(),
  today: fc.integer({ min: -5, max: SPAN_DAYS + 120 }),
  // Often "today" is some row's deadline (or the day after), and the period starts or ends on a dispatch day.
  todayAtDeadline: fc.option(fc.record({ row: fc.nat(), shift: fc.constantFrom(0, 1) }), { nil: null, freq: 2 }),
  periodAtDispatch: fc.option(fc.record({ row: fc.nat(), end: fc.boolean() }), { nil: null, freq: 3 }),
  unitKind: rarely(fc.constantFrom(...DEPARTMENT_KINDS)),
  source: rarely(fc.integer({ min: -1, max: 1 })),
  category: rarely(fc.integer({ min: -1, max: 1 })),
  type: rarely(fc.integer({ min: -1, max: 1 })),
  urgency: rarely(fc.nat({ max: 2 })),
  unit: rarely(fc.nat()),
  unitViewer: rarely(fc.nat()),
  // Whole months without base-data filters (half the queries): the month-counts path of metrics.ts.
  wholeMonths: fc.option(fc.record({ start: fc.integer({ min: -1, max: 13 }), months: fc.integer({ min: 1, max: 14 }) }), { nil: null, freq: 2 }),
});

/** The first day of the n-th month after DAY0's (n may be negative). */
function monthStart(n: number): string {
  const y = 2031 + Math.floor(n / 12);
  const m = ((n % 12) + 12) % 12;
  return `${y}-${String(m + 1).padStart(2, "0")}-01`;
}

/** The month counts the triggers kept equal the counts recomputed from the facts (test/kept-copy.ts). */
const expectMonthCountsRebuilt = () =>
  expectKeptCopyRebuilt(
    sql`select department_id::text, month::text, task_status::text, dispatched, received, in_progress, completed_on_time, completed_late, urged, extended, workdays_sum
        from assignment_month_counts
        where (dispatched, received, in_progress, completed_on_time, completed_late, urged, extended, workdays_sum) <> (0, 0, 0, 0, 0, 0, 0, 0)
        order by 1, 2, 3`,
    sql`select dcdb_month_counts_rebuild(null)`,
  );

// ---- the brute force ----------------------------------------------------------------------------------------

interface Row {
  facts: AssignmentFacts;
  departmentId: string;
  kind: string;
  sourceId: string | null;
  categoryId: string | null;
  taskTypeId: string | null;
  urgencyId: string;
  month: string;
}

const zero = (): MetricCounts => ({ ...(Object.fromEntries(COUNT_METRICS.map((m) => [m, 0])) as Record<CountMetric, number>), workdaysSum: 0 });

function tally(rows: Row[], today: string): MetricCounts {
  const out = zero();
  for (const r of rows) {
    const metrics = classifyAssignment(r.facts, today);
    for (const m of metrics) out[m] += 1;
    if (metrics.has("completed_on_time") || metrics.has("completed_late")) out.workdaysSum += calendar.workdaysBetween(r.facts.dispatchedOn, r.facts.completedOn!);
  }
  return out;
}

function groupBy(rows: Row[], key: (r: Row) => string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) {
    const k = key(r);
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}

const pick = (ids: string[], i: number | null) => (i === null ? "" : i < 0 ? NOT_SET : ids[i]!);
const matches = (value: string | null, filter: string) => !filter || (filter === NOT_SET ? value === null : value === filter);

const byKey = <T extends MetricCounts>(rows: T[], key: (r: T) => string | null) =>
  Object.fromEntries(rows.map((r) => [key(r) ?? NOT_SET, { ...r }])) as Record<string, MetricCounts>;
const strip = (r: MetricCounts) => Object.fromEntries([...COUNT_METRICS, "workdaysSum"].map((k) => [k, r[k as keyof MetricCounts]]));

describe("statistics SQL == brute force over generated data", () => {
  it(
    "every count, rate input, ranking and drill-down total",
    async () => {
      const db = getDb();
      let populated = 0;
      let asked = 0;
      let viaMonthCounts = 0;
      await fc.assert(
        fc.asyncProperty(genWorld, fc.array(genQuery, { minLength: 2, maxLength: 3 }), async (world, queries) => {
          // Insert the world.
          const units = await db
            .insert(departments)
            .values(world.unitKinds.map((kind, i) => ({ name: `统计测试单位${i}-${crypto.randomUUID().slice(0, 8)}`, kind, sortOrder: i })))
            .returning({ id: departments.id, kind: departments.kind });
          const rows: Row[] = [];
          const taskIds: string[] = [];
          try {
            for (const t of world.tasks) {
              const sourceId = t.source < 0 ? null : base.sources[t.source]!;
              const categoryId = t.category < 0 ? null : base.categories[t.category]!;
              const taskTypeId = t.type < 0 ? null : base.types[t.type]!;
              const urgencyId = urgencyIds[t.urgency % urgencyIds.length]!;
              const [task] = await db
                .insert(tasks)
                .values({
                  title: "统计测试",
                  content: "统计测试",
                  // Registered without base data and in progress; its final state is written after its
                  // assignments, so the statistics copy (assignment_facts) must follow both tables' updates.
                  urgencyId: urgencyIds[(t.urgency + 1) % urgencyIds.length]!,
                  deadline: "2031-06-30",
                  dueOn: "2031-06-30",
                  creatorId,
                  status: "in_progress",
                })
                .returning({ id: tasks.id });
              taskIds.push(task!.id);
              // One assignment per unit per task (the schema's rule).
              const seen = new Set<number>();
              const values = [];
              for (const a of t.assignments) {
                const u = a.unit % units.length;
                if (seen.has(u)) continue;
                seen.add(u);
                const dispatchedOn = addDays(DAY0, a.dispatched.day);
                const dispatchedAt = new Date(shanghaiDayStart(dispatchedOn).getTime() + a.dispatched.ms);
                const receivedOn = a.receivedAfter === null ? null : addDays(dispatchedOn, a.receivedAfter);
                const completedOn = a.status === "completed" ? addDays(dispatchedOn, a.completedAfter) : null;
                const deadline = completedOn ? addDays(completedOn, a.deadlineVsCompletion) : addDays(dispatchedOn, a.deadlineAfter);
                values.push({
                  taskId: task!.id,
                  departmentId: units[u]!.id,
                  role: seen.size === 1 ? ("lead" as const) : ("co" as const),
                  status: a.status,
                  deadline,
                  urgeCount: a.urgeCount,
                  extensionCount: a.extensionCount,
                  dispatchedAt,
                  receivedAt: receivedOn ? new Date(shanghaiDayStart(receivedOn).getTime() + a.dispatched.ms) : null,
                  completedAt: completedOn ? new Date(shanghaiDayStart(completedOn).getTime() + a.completedMs) : null,
                });
                rows.push({
                  facts: {
                    status: a.status,
                    taskCancelled: t.cancelled,
                    deadline,
                    dispatchedOn: todayInShanghai(dispatchedAt),
                    receivedOn,
                    completedOn,
                    urgeCount: a.urgeCount,
                    extensionCount: a.extensionCount,
                  },
                  departmentId: units[u]!.id,
                  kind: units[u]!.kind,
                  sourceId,
                  categoryId,
                  taskTypeId,
                  urgencyId,
                  month: dispatchedOn.slice(0, 7),
                });
              }
              // Dispatched as 待接收 with the task's deadline, then moved to the generated state in one update.
              const inserted = await db
                .insert(assignments)
                .values(values.map((v) => ({ ...v, status: "to_receive" as const, deadline: "2031-06-30", urgeCount: 0, extensionCount: 0, receivedAt: null, completedAt: null })))
                .returning({ id: assignments.id, departmentId: assignments.departmentId });
              for (const a of inserted) {
                const v = values.find((x) => x.departmentId === a.departmentId)!;
                await db
                  .update(assignments)
                  .set({ status: v.status, deadline: v.deadline, urgeCount: v.urgeCount, extensionCount: v.extensionCount, receivedAt: v.receivedAt, completedAt: v.completedAt })
                  .where(eq(assignments.id, a.id));
              }
              await db
                .update(tasks)
                .set({ status: t.cancelled ? "cancelled" : "in_progress", urgencyId, sourceId, categoryId, taskTypeId })
                .where(eq(tasks.id, task!.id));
            }

            await expectMonthCountsRebuilt();
            for (const q of queries) {
              const edge = q.periodAtDispatch && rows.length ? rows[q.periodAtDispatch.row % rows.length]!.facts.dispatchedOn : null;
              const from = edge && q.periodAtDispatch && !q.periodAtDispatch.end ? edge : edge ? addDays(edge, -q.periodLength) : addDays(DAY0, q.periodStart);
              const period = q.wholeMonths
                ? { from: monthStart(q.wholeMonths.start), to: addDays(monthStart(q.wholeMonths.start + q.wholeMonths.months), -1) }
                : q.wholeSpan && !edge
                  ? { from: addDays(DAY0, -1), to: addDays(DAY0, SPAN_DAYS + 1) }
                  : { from, to: addDays(from, q.periodLength) };
              const baseFilters = q.wholeMonths ? { ...q, unitKind: null, source: null, category: null, type: null, urgency: null } : q;
              const today =
                q.todayAtDeadline && rows.length ? addDays(rows[q.todayAtDeadline.row % rows.length]!.facts.deadline, q.todayAtDeadline.shift) : addDays(DAY0, q.today);
              const f: StatsFilters = {
                ...NO_FILTERS,
                period,
                unitKind: baseFilters.unitKind ?? "",
                sourceId: pick(base.sources, baseFilters.source),
                categoryId: pick(base.categories, baseFilters.category),
                taskTypeId: pick(base.types, baseFilters.type),
                urgencyId: baseFilters.urgency === null ? "" : urgencyIds[baseFilters.urgency % urgencyIds.length]!,
                departmentId: q.unit === null ? "" : units[q.unit % units.length]!.id,
              };
              const viewer: Actor =
                q.unitViewer === null ? office : { ...unitTemplate, departmentId: units[q.unitViewer % units.length]!.id, dataScope: "own_unit" };
              const inPopulation = (r: Row, ignoreUnit = false) =>
                r.facts.dispatchedOn >= period.from &&
                r.facts.dispatchedOn <= period.to &&
                r.facts.status !== "cancelled" &&
                !r.facts.taskCancelled &&
                (!f.unitKind || r.kind === f.unitKind) &&
                matches(r.sourceId, f.sourceId) &&
                matches(r.categoryId, f.categoryId) &&
                matches(r.taskTypeId, f.taskTypeId) &&
                (!f.urgencyId || r.urgencyId === f.urgencyId) &&
                (ignoreUnit || !f.departmentId || r.departmentId === f.departmentId);
              const visible = (r: Row) => viewer.dataScope === "all_units" || r.departmentId === viewer.departmentId;
              const population = rows.filter((r) => inPopulation(r) && visible(r));

              // Total, per unit, per month.
              const total = await countMetricsTotal(viewer, f, today, db);
              populated += population.length > 0 ? 1 : 0;
              asked += 1;
              if (population.length > 0) viaMonthCounts += monthCountsServe(f) ? 1 : 0;
              expect(strip(total)).toEqual(strip(tally(population, today)));
              const perUnit = await countMetricsByUnit(viewer, f, today, db);
              const expectedUnits = Object.fromEntries([...groupBy(population, (r) => r.departmentId)].map(([k, v]) => [k, strip(tally(v, today))]));
              expect(Object.fromEntries(Object.entries(byKey(perUnit, (r) => r.departmentId)).map(([k, v]) => [k, strip(v)]))).toEqual(expectedUnits);
              const perMonth = await countMetricsByMonth(viewer, f, today, db);
              const expectedMonths = Object.fromEntries([...groupBy(population, (r) => r.month)].map(([k, v]) => [k, strip(tally(v, today))]));
              expect(Object.fromEntries(Object.entries(byKey(perMonth, (r) => (r as { month: string }).month)).map(([k, v]) => [k, strip(v)]))).toEqual(expectedMonths);
              // The pages add up the units' or the months' rows for their totals (sumMetricCounts): the same figures.
              expect(strip(sumMetricCounts(perUnit))).toEqual(strip(total));
              expect(strip(sumMetricCounts(perMonth))).toEqual(strip(total));

              // Per dimension (null → the 未设置 bucket).
              for (const dimension of STATS_DIMENSIONS as readonly StatsDimension[]) {
                const { values: got, months } = await countMetricsByDimension(dimension, viewer, f, today, db);
                const col = (r: Row) => (dimension === "type" ? r.taskTypeId : dimension === "category" ? r.categoryId : r.sourceId) ?? NOT_SET;
                const expected = Object.fromEntries([...groupBy(population, col)].map(([k, v]) => [k, strip(tally(v, today))]));
                expect(Object.fromEntries(Object.entries(byKey(got, (r) => r.key)).map(([k, v]) => [k, strip(v)]))).toEqual(expected);
                // And per (value, month): the trend lines of 部门办件统计.
                const expectedMonths = Object.fromEntries([...groupBy(population, (r) => `${col(r)}@${r.month}`)].map(([k, v]) => [k, strip(tally(v, today))]));
                expect(Object.fromEntries(Object.entries(byKey(months, (r) => `${r.key ?? NOT_SET}@${r.month}`)).map(([k, v]) => [k, strip(v)]))).toEqual(expectedMonths);
              }

              // Ranking: over every unit (the unit filter ignored); a unit viewer gets only its own place.
              const rankPopulation = rows.filter((r) => inPopulation(r, true));
              const perUnitAll = [...groupBy(rankPopulation, (r) => r.departmentId)].map(([departmentId, v]) => ({ departmentId, ...tally(v, today) }));
              const expectedRanks = rankUnitsJs(perUnitAll).map((x) => ({ departmentId: x.unit.departmentId, rank: x.rank, of: perUnitAll.length }));
              const ranks = await rankUnits(viewer, f, today, db);
              const sortById = <T extends { departmentId: string }>(a: T[]) => [...a].sort((x, y) => x.departmentId.localeCompare(y.departmentId));
              expect(sortById(ranks)).toEqual(sortById(expectedRanks.filter((r) => viewer.dataScope === "all_units" || r.departmentId === viewer.departmentId)));

              // The drill-down list behind every number has exactly that many rows.
              for (const metric of COUNT_METRICS) {
                expect(await countStatsAssignments(viewer, f, metric, today, db)).toBe(total[metric]);
              }
              if (total.dispatched > 0) {
                const list = await listStatsAssignments(viewer, f, "dispatched", 1, today, db);
                expect(list.total).toBe(total.dispatched);
                expect(list.rows.length).toBe(Math.min(STATS_LIST_PAGE_SIZE, total.dispatched));
                if (viewer.dataScope !== "all_units") expect(new Set(list.rows.map((r) => r.unitName)).size).toBe(1);
              }
            }
          } finally {
            if (taskIds.length) await db.delete(tasks).where(inArray(tasks.id, taskIds));
            await db.delete(departments).where(
              inArray(
                departments.id,
                units.map((u) => u.id),
              ),
            );
          }
        }),
        // A fixed seed by default: the run (and its coverage check below) is the same on every machine; set
        // STATS_PROPERTY_SEED to explore others or replay a reported failure.
        { numRuns: 25, seed: Number(process.env.STATS_PROPERTY_SEED ?? 20261201) },
      );
      // The generator must exercise the SQL: a good share of the queries have to select something (about a
      // third do with the default seed; an empty population would compare nothing but zeros).
      expect(populated).toBeGreaterThanOrEqual(Math.min(15, asked));
      // Both paths of metrics.ts were compared on populated queries.
      expect(viaMonthCounts).toBeGreaterThanOrEqual(8);
      expect(populated - viaMonthCounts).toBeGreaterThanOrEqual(8);
    },
    120_000,
  );
});
