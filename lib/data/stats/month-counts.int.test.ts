import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { assignments, departments, reminderRules, tasks, urgencyLevels, users } from "@/db/schema";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { shanghaiDayStart } from "@/lib/domain/dates";
import { setCalendarDay } from "@/lib/services/admin/calendar/set-calendar-day";
import { countMetricsTotal, monthCountsServe, NO_FILTERS } from "./metrics";
import { expectScoreQuantitiesRebuilt } from "@/test/kept-copy";
import { rankingSql } from "./scores-sql";

/**
 * The statistics' monthly copies follow an edit of the work calendar (and 绩效考核's, of 提醒规则).
 *
 * Month counts: marking a working day inside a completed assignment's
 * span as a holiday renumbers the working days after it, and the calendar's trigger recomputes the month of
 * dispatch, so 平均办理工作日 on the month-counts path moves by exactly that day (and a day outside the span moves
 * nothing). The general exactness of both paths is metrics.int.test.ts's.
 */

let cleanup: () => Promise<void>;
let scoreUnit = "";
let urgencyId = "";
const period = { kind: "month" as const, from: "2033-03-01", to: "2033-03-31", label: "2033年3月", params: {} };
const f = { ...NO_FILTERS, period };

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase({ demo: true }));
  const db = getDb();
  const [creator] = await db.select({ id: users.id }).from(users).limit(1);
  const [urgency] = await db.select({ id: urgencyLevels.id }).from(urgencyLevels).limit(1);
  const [unit] = await db.insert(departments).values({ name: "日历测试单位", kind: "district_department", sortOrder: 1 }).returning({ id: departments.id });
  const [task] = await db
    .insert(tasks)
    .values({ title: "日历测试", content: "日历测试", urgencyId: urgency!.id, deadline: "2033-03-31", dueOn: "2033-03-31", creatorId: creator!.id, status: "in_progress" })
    .returning({ id: tasks.id });
  // Dispatched Wed 2033-03-02, completed Wed 2033-03-09: 5 working days (Thu, Fri, Mon, Tue, Wed).
  const [a] = await db
    .insert(assignments)
    .values({ taskId: task!.id, departmentId: unit!.id, role: "lead", deadline: "2033-03-31", dispatchedAt: new Date(shanghaiDayStart("2033-03-02").getTime() + 3_600_000) })
    .returning({ id: assignments.id });
  await db
    .update(assignments)
    .set({ status: "completed", receivedAt: new Date(shanghaiDayStart("2033-03-02").getTime() + 7_200_000), completedAt: new Date(shanghaiDayStart("2033-03-09").getTime() + 3_600_000) })
    .where(eq(assignments.id, a!.id));

  // 绩效考核: in another unit, dispatched Wed 2033-06-01 09:00 with the deadline Fri 06-03, received Mon 06-06 09:00
  // (72 working hours: late against 24) and completed Wed 06-08 (3 working days late: Mon, Tue, Wed).
  urgencyId = urgency!.id;
  await db.update(reminderRules).set({ receiveLimitHours: 24 }).where(eq(reminderRules.urgencyId, urgencyId));
  const [other] = await db.insert(departments).values({ name: "计分日历测试单位", kind: "district_department", sortOrder: 2 }).returning({ id: departments.id });
  scoreUnit = other!.id;
  const [b] = await db
    .insert(assignments)
    .values({ taskId: task!.id, departmentId: scoreUnit, role: "co", deadline: "2033-06-03", dispatchedAt: new Date(shanghaiDayStart("2033-06-01").getTime() + 9 * 3_600_000) })
    .returning({ id: assignments.id });
  await db
    .update(assignments)
    .set({ status: "completed", receivedAt: new Date(shanghaiDayStart("2033-06-06").getTime() + 9 * 3_600_000), completedAt: new Date(shanghaiDayStart("2033-06-08").getTime() + 3_600_000) })
    .where(eq(assignments.id, b!.id));
}, 120_000);

afterAll(async () => cleanup?.());

const workdays = async () => (await countMetricsTotal(null, f, "2033-04-01")).workdaysSum;

describe("month counts and the work calendar", () => {
  it("reads this period from the month counts", () => {
    expect(monthCountsServe(f)).toBe(true);
  });

  it("moves 平均办理工作日 by the holiday inside the span, and not by one outside it", async () => {
    expect(await workdays()).toBe(5);
    const admin = await actorNamed("admin");
    await setCalendarDay(admin, { day: "2033-03-07", isWorkday: "false", expectedIsWorkday: "true", name: "测试休息" });
    expect(await workdays()).toBe(4);
    await setCalendarDay(admin, { day: "2033-03-21", isWorkday: "false", expectedIsWorkday: "true", name: "测试休息" });
    expect(await workdays()).toBe(4);
    await setCalendarDay(admin, { day: "2033-03-05", isWorkday: "true", expectedIsWorkday: "false", name: "测试调休" });
    expect(await workdays()).toBe(5);
    // And the kept counts equal a rebuild from the facts.
    const [row] = await queryRows<{ workdays_sum: number }>(
      getDb(),
      sql`select sum(workdays_sum)::int as workdays_sum from assignment_month_counts where month = '2033-03-01'`,
    );
    expect(row!.workdays_sum).toBe(5);
  });
});

describe("绩效考核's monthly quantities, the work calendar and 提醒规则", () => {
  const june = async () => {
    const [row] = await queryRows<{ workdays_late: number; late_receipts: number }>(
      getDb(),
      sql`select coalesce(sum(workdays_late), 0)::int as workdays_late, coalesce(sum(late_receipts), 0)::int as late_receipts
          from score_month_quantities where department_id = ${scoreUnit}::uuid and month = '2033-06-01'`,
    );
    return row!;
  };
  // The unit's items total on the monthly-copy path (whole June) and on the live path (a range one day wider,
  // with nothing on the extra day) must agree after every edit.
  const bothPaths = async (): Promise<number> => {
    const rank = async (from: string) =>
      (await queryRows<{ department_id: string; items_total: string }>(getDb(), rankingSql({ from, to: "2033-06-30", today: "2033-06-15" }, 100))).find(
        (r) => r.department_id === scoreUnit,
      )?.items_total;
    const total = await rank("2033-06-01");
    expect(total).toBe(await rank("2033-05-31"));
    return Number(total);
  };

  it("moves 逾期工作日 with a holiday inside the lateness and 超时接收 with holidays inside the receipt's wait", async () => {
    expect(await june()).toEqual({ workdays_late: 3, late_receipts: 1 });
    const admin = await actorNamed("admin");
    await setCalendarDay(admin, { day: "2033-06-07", isWorkday: "false", expectedIsWorkday: "true", name: "测试休息" });
    expect(await june()).toEqual({ workdays_late: 2, late_receipts: 1 });
    // Thu and Fri off: the receipt waited Wed 15 h + Mon 9 h = 24 working hours, no longer over the limit.
    await setCalendarDay(admin, { day: "2033-06-02", isWorkday: "false", expectedIsWorkday: "true", name: "测试休息" });
    await setCalendarDay(admin, { day: "2033-06-03", isWorkday: "false", expectedIsWorkday: "true", name: "测试休息" });
    expect(await june()).toEqual({ workdays_late: 2, late_receipts: 0 });
    await expectScoreQuantitiesRebuilt();
    // The seeded rules: 逾期每个工作日 −0.5 × 2 (and 按期/提前 nothing): the figure is not an empty agreement.
    expect(await bothPaths()).toBeLessThan(0);
  });

  it("recomputes 超时接收 when the urgency's 接收时限 changes", async () => {
    await getDb().update(reminderRules).set({ receiveLimitHours: 12 }).where(eq(reminderRules.urgencyId, urgencyId));
    expect((await june()).late_receipts).toBe(1);
    await getDb().update(reminderRules).set({ receiveLimitHours: 48 }).where(eq(reminderRules.urgencyId, urgencyId));
    expect((await june()).late_receipts).toBe(0);
    await expectScoreQuantitiesRebuilt();
    await bothPaths();
  });
});
