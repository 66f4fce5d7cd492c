import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";
import { assignments, departments, tasks, urgencyLevels, users } from "@/db/schema";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { shanghaiDayStart } from "@/lib/domain/dates";
import { setCalendarDay } from "@/lib/services/admin/calendar/set-calendar-day";
import { countMetricsTotal, monthCountsServe, NO_FILTERS } from "./metrics";

/**
 * The month counts follow an edit of the work calendar: marking a working day inside a completed assignment's
 * span as a holiday renumbers the working days after it, and the calendar's trigger recomputes the month of
 * dispatch, so 平均办理工作日 on the month-counts path moves by exactly that day (and a day outside the span moves
 * nothing). The general exactness of both paths is metrics.int.test.ts's.
 */

let cleanup: () => Promise<void>;
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
