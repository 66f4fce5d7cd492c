import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { and, eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb, queryRows } from "@/db/client";
import { assignments, calendarDays, departments, reminderRules, reports, scoreAdjustments, scoringRules, tasks, urgencyLevels, urges, users } from "@/db/schema";
import { SCORING_TRIGGERS, type ScoringTrigger } from "@/lib/domain/rules";
import {
  DEFAULT_BASE_SCORE,
  RATINGS,
  rankUnits,
  referenceScoreItems,
  type ManualAdjustmentRef,
  type Rating,
  type ScoredAssignment,
  type ScoringRuleRef,
} from "@/lib/domain/stats/scoring";
import { isWholeMonths } from "@/lib/domain/stats/period";
import { expectScoreQuantitiesRebuilt } from "@/test/kept-copy";
import { liveItemsSql, rankingSql, toItem, type LedgerRange } from "./scores-sql";

/** The triggers whose whole-month quantities come from score_month_quantities (migration 0018). */
const COPIED_TRIGGERS: ScoringTrigger[] = ["completed_on_time", "completed_early", "per_workday_overdue", "late_receipt"];

/**
 * The SQL ledger against the brute-force reference (lib/domain/stats/scoring.ts) over generated data: rules,
 * assignments in every state with urges, returns, ratings, late receipts and adjustments, around month ends.
 * Runs on PGlite and, with DATABASE_URL, on the PostgreSQL server.
 */
let cleanup: () => Promise<void>;
let unitIds: string[] = [];
let rankedIds: string[] = [];
let creatorId = "";
let urgency: Array<{ id: string; limit: number }> = [];
const workdays = new Map<string, boolean>();

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  const db = getDb();
  const units = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.enabled, true), eq(departments.isGroup, false), sql`${departments.kind} <> 'office'`))
    .orderBy(departments.name);
  rankedIds = units.map((u) => u.id);
  unitIds = rankedIds.slice(0, 3);
  creatorId = (await db.select({ id: users.id }).from(users).limit(1))[0]!.id;
  const levels = await db
    .select({ id: urgencyLevels.id, limit: reminderRules.receiveLimitHours })
    .from(urgencyLevels)
    .leftJoin(reminderRules, eq(reminderRules.urgencyId, urgencyLevels.id));
  urgency = levels.map((l) => ({ id: l.id, limit: l.limit ?? 24 }));
  for (const d of await db.select().from(calendarDays).where(sql`${calendarDays.day} between '2025-12-01' and '2026-07-31'`)) workdays.set(d.day, d.isWorkday);
}, 240_000);
afterAll(() => cleanup?.());

const BASE = Date.UTC(2026, 0, 1) - 8 * 3_600_000; // 2026-01-01 00:00 in Shanghai
const at = (dayOffset: number, minute: number) => new Date(BASE + dayOffset * 86_400_000 + minute * 60_000);
const isoDay = (dayOffset: number) => new Date(Date.UTC(2026, 0, 1) + dayOffset * 86_400_000).toISOString().slice(0, 10);

const minute = fc.integer({ min: 0, max: 1439 });
const genAssignment = fc.record({
  unit: fc.integer({ min: 0, max: 2 }),
  urgency: fc.nat(),
  dispatchDay: fc.integer({ min: 0, max: 100 }),
  dispatchMinute: minute,
  deadlineAfter: fc.integer({ min: 0, max: 40 }),
  status: fc.constantFrom("to_receive", "in_progress", "completed", "completed", "cancelled"),
  taskCancelled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  receiveAfterHours: fc.integer({ min: 0, max: 120 }),
  completeAfterDays: fc.integer({ min: 0, max: 50 }),
  completeMinute: minute,
  rating: fc.option(fc.constantFrom(...RATINGS), { nil: null }),
  urges: fc.array(fc.record({ after: fc.integer({ min: 0, max: 60 }), minute }), { maxLength: 3 }),
  returns: fc.array(fc.record({ after: fc.integer({ min: 0, max: 60 }), minute }), { maxLength: 2 }),
});
const genRule = fc.record({
  trigger: fc.constantFrom(...SCORING_TRIGGERS.filter((t) => t !== "manual_adjustment")),
  cents: fc.integer({ min: -500, max: 500 }),
  enabled: fc.boolean(),
});
const genAdjustment = fc.record({ unit: fc.integer({ min: 0, max: 2 }), cents: fc.integer({ min: -1000, max: 1000 }).filter((c) => c !== 0), day: fc.integer({ min: 0, max: 120 }), minute });
const genRange = fc.constantFrom<LedgerRange>(
  { from: "2026-01-01", to: "2026-03-31", today: "2026-03-20" },
  { from: "2026-02-01", to: "2026-02-28", today: "2026-05-01" },
  { from: "2026-03-01", to: "2026-03-31", today: "2026-03-31" },
  { from: "2026-01-15", to: "2026-04-10", today: "2026-06-30" },
);

type GenAssignment = typeof genAssignment extends fc.Arbitrary<infer T> ? T : never;

async function load(gen: GenAssignment[], genRules: Array<{ trigger: ScoringTrigger; cents: number; enabled: boolean }>, genAdj: Array<{ unit: number; cents: number; day: number; minute: number }>) {
  const db = getDb();
  // Each run starts from nothing but the seeded organisation: this file's database is its own.
  await db.delete(tasks).where(sql`true`);
  await db.delete(scoreAdjustments).where(sql`true`);
  await db.delete(scoringRules).where(sql`true`);
  const rules: ScoringRuleRef[] = [];
  for (const [i, r] of genRules.entries()) {
    const id = randomUUID();
    await db.insert(scoringRules).values({ id, name: `规则${i}`, trigger: r.trigger, points: r.cents / 100, enabled: r.enabled });
    if (r.enabled) rules.push({ id, name: `规则${i}`, trigger: r.trigger, points: r.cents / 100 });
  }
  const facts: ScoredAssignment[] = [];
  for (const g of gen) {
    const taskId = randomUUID();
    const id = randomUUID();
    const level = urgency[g.urgency % urgency.length]!;
    const dispatchedAt = at(g.dispatchDay, g.dispatchMinute);
    const deadline = isoDay(g.dispatchDay + g.deadlineAfter);
    const receivedAt = g.status === "to_receive" ? null : new Date(dispatchedAt.getTime() + g.receiveAfterHours * 3_600_000);
    const completedAt = g.status === "completed" ? at(g.dispatchDay + g.completeAfterDays, g.completeMinute) : null;
    const rating: Rating | null = completedAt ? g.rating : null;
    // Inserted as just dispatched (in another unit, with another deadline), then updated to its final state and
    // its task cancelled by an update: the statistics' copies kept by triggers (assignment_facts,
    // score_month_quantities) must take the old contribution out as well as put the new one in.
    await db.insert(tasks).values({ id: taskId, title: "生成事项", content: "生成", urgencyId: level.id, deadline, dueOn: deadline, creatorId, status: "in_progress" });
    await db.insert(assignments).values({
      id,
      taskId,
      departmentId: unitIds[(g.unit + 1) % unitIds.length]!,
      role: "lead",
      status: "to_receive",
      deadline: isoDay(g.dispatchDay + g.deadlineAfter + 3),
      dispatchedAt,
    });
    await db
      .update(assignments)
      .set({ departmentId: unitIds[g.unit]!, status: g.status as "completed", deadline, receivedAt, completedAt, rating, ratedAt: rating ? completedAt : null })
      .where(eq(assignments.id, id));
    if (g.taskCancelled) await db.update(tasks).set({ status: "cancelled" }).where(eq(tasks.id, taskId));
    const urgeRows = g.urges.map((u) => ({ id: randomUUID(), at: at(g.dispatchDay + u.after, u.minute) }));
    for (const u of urgeRows)
      await db.insert(urges).values({ id: u.id, assignmentId: id, taskId, departmentId: unitIds[g.unit]!, kind: "manual", urgedByName: "测试", createdAt: u.at });
    const returnRows = g.returns.map((r) => ({ id: randomUUID(), at: at(g.dispatchDay + r.after, r.minute) }));
    for (const [i, r] of returnRows.entries())
      await db.insert(reports).values({ id: r.id, assignmentId: id, taskId, kind: "final", path: "direct", revision: i + 1, body: "反馈", status: "returned", authorId: creatorId, reviewedAt: r.at });
    facts.push({
      id,
      taskId,
      departmentId: unitIds[g.unit]!,
      status: g.status,
      taskCancelled: g.taskCancelled,
      deadline,
      dispatchedAt,
      receivedAt,
      completedAt,
      receiveLimitHours: level.limit,
      rating,
      ratedAt: rating ? completedAt : null,
      urges: urgeRows,
      returns: returnRows,
    });
  }
  const adjustments: ManualAdjustmentRef[] = [];
  for (const a of genAdj) {
    const row = { id: randomUUID(), departmentId: unitIds[a.unit]!, taskId: null, points: a.cents / 100, reason: "生成", at: at(a.day, a.minute) };
    await db.insert(scoreAdjustments).values({ ...row, month: row.at.toISOString().slice(0, 7), createdByName: "测试", createdAt: row.at });
    adjustments.push(row);
  }
  return { rules, facts, adjustments };
}

const cal = { isWorkday: (d: string) => workdays.get(d) ?? ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()) };
const comparable = (i: { key: string; departmentId: string; points: number; quantity: number; day: string }) =>
  `${i.key}|${i.departmentId}|${i.points.toFixed(2)}|${i.quantity}|${i.day}`;

/**
 * Loads the generated world, checks the kept monthly copy against its rebuild, and compares the live items and
 * the ranking with the reference. Returns the reference's items.
 */
async function expectAgreement(gen: GenAssignment[], genRules: Array<{ trigger: ScoringTrigger; cents: number; enabled: boolean }>, genAdj: Array<{ unit: number; cents: number; day: number; minute: number }>, range: LedgerRange) {
  const { rules, facts, adjustments } = await load(gen, genRules, genAdj);
  await expectScoreQuantitiesRebuilt();
  const expected = referenceScoreItems(facts, adjustments, rules, range, range.today, cal);
  const actual = (await queryRows(getDb(), liveItemsSql(range, null))).map((r) => toItem({ ...r, day: String(r.day instanceof Date ? r.day.toISOString() : r.day) }));
  expect(actual.map(comparable).sort()).toEqual(expected.map(comparable).sort());

  const ranking = await queryRows(getDb(), rankingSql(range, DEFAULT_BASE_SCORE));
  const want = rankUnits(rankedIds, expected);
  const got = ranking.map((r) => ({ departmentId: String(r.department_id), total: Number(r.total), rank: Number(r.rank), items: Number(r.item_count) }));
  const byId = new Map(got.map((g) => [g.departmentId, g]));
  for (const w of want) {
    const items = expected.filter((i) => i.departmentId === w.departmentId).length;
    expect(byId.get(w.departmentId), w.departmentId).toEqual({ departmentId: w.departmentId, total: w.total, rank: w.rank, items });
  }
  expect(got.length).toBe(want.length);
  return expected;
}

describe("绩效考核 ledger SQL = brute-force reference", () => {
  it("items and ranking agree over generated data", async () => {
    // The generator must reach every trigger, or a wrong branch could pass unseen.
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.array(genAssignment, { maxLength: 14 }),
        fc.array(genRule, { minLength: 1, maxLength: 14 }),
        fc.array(genAdjustment, { maxLength: 3 }),
        genRange,
        async (gen, genRules, genAdj, range) => {
          const expected = await expectAgreement(gen, genRules, genAdj, range);
          for (const i of expected) seen.set(i.trigger, (seen.get(i.trigger) ?? 0) + 1);
        },
      ),
      { numRuns: 25, seed: Number(process.env.FC_SEED ?? 20261201) },
    );
    expect([...seen.keys()].sort()).toEqual([...SCORING_TRIGGERS].sort());
  });

  it("whole months rank from the monthly copy (score_month_quantities) exactly as the items add up", async () => {
    // Every trigger has an enabled rule, so most runs have completions and receipts to score; the ranges are whole
    // months, the path that reads the copy.
    let fromCopy = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(genAssignment, { minLength: 5, maxLength: 24 }),
        fc.array(fc.integer({ min: -500, max: 500 }).filter((c) => c !== 0), { minLength: SCORING_TRIGGERS.length, maxLength: SCORING_TRIGGERS.length }),
        fc.constantFrom<LedgerRange>(
          { from: "2026-01-01", to: "2026-03-31", today: "2026-03-20" },
          { from: "2026-02-01", to: "2026-02-28", today: "2026-05-01" },
          { from: "2026-01-01", to: "2026-04-30", today: "2026-07-31" },
        ),
        async (gen, cents, range) => {
          expect(isWholeMonths(range)).toBe(true);
          const rules = SCORING_TRIGGERS.filter((t) => t !== "manual_adjustment").map((trigger, i) => ({ trigger, cents: cents[i]!, enabled: true }));
          const expected = await expectAgreement(gen, rules, [], range);
          if (expected.some((i) => COPIED_TRIGGERS.includes(i.trigger))) fromCopy++;
        },
      ),
      { numRuns: 15, seed: Number(process.env.FC_SEED ?? 20261202) },
    );
    expect(fromCopy).toBeGreaterThanOrEqual(12);
  });

  it("one unit's ledger holds exactly that unit's items", async () => {
    const range: LedgerRange = { from: "2026-01-01", to: "2026-03-31", today: "2026-03-20" };
    const all = (await queryRows(getDb(), liveItemsSql(range, null))).map(toItem);
    const one = (await queryRows(getDb(), liveItemsSql(range, unitIds[0]!))).map(toItem);
    expect(one.map((i) => i.key).sort()).toEqual(all.filter((i) => i.departmentId === unitIds[0]).map((i) => i.key).sort());
  });
});
