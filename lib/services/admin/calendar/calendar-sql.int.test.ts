import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { getWorkCalendar } from "@/lib/data/base-data";
import { addDays } from "@/lib/domain/work-calendar";
import { setCalendarDay } from "./set-calendar-day";
import { resetCalendarDay } from "./reset-calendar-day";
import { rebuildCalendarDays } from "./rebuild-calendar-days";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());

type Row = Record<string, unknown>;
async function rows<T extends Row>(query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await getDb().execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}

const FROM = "2026-01-01";
const TO = "2027-01-31";

/** Every date of the range with what the SQL functions say about it. */
async function sqlView() {
  return rows<{ day: string; is_workday: boolean; between: number; plus1: string; plus3: string; minus1: string; minus4: string }>(sql`
    select to_char(c.day, 'YYYY-MM-DD') as day, c.is_workday, workdays_between(${FROM}::date, c.day) as between,
           to_char(add_workdays(c.day, 1), 'YYYY-MM-DD') as plus1, to_char(add_workdays(c.day, 3), 'YYYY-MM-DD') as plus3,
           to_char(add_workdays(c.day, -1), 'YYYY-MM-DD') as minus1, to_char(add_workdays(c.day, -4), 'YYYY-MM-DD') as minus4
    from calendar_days c where c.day between ${FROM}::date and ${TO}::date order by c.day`);
}

async function expectSqlEqualsWorkCalendar() {
  const calendar = await getWorkCalendar();
  const view = await sqlView();
  let day = FROM;
  for (const r of view) {
    expect(r.day).toBe(day);
    expect({ day, w: r.is_workday, b: r.between, p1: r.plus1, p3: r.plus3, m1: r.minus1, m4: r.minus4 }).toEqual({
      day,
      w: calendar.isWorkday(day),
      b: calendar.workdaysBetween(FROM, day),
      p1: calendar.addWorkdays(day, 1),
      p3: calendar.addWorkdays(day, 3),
      m1: calendar.addWorkdays(day, -1),
      m4: calendar.addWorkdays(day, -4),
    });
    day = addDays(day, 1);
  }
  expect(day).toBe(addDays(TO, 1));
}

describe("calendar_days (the 工作日历 in SQL)", () => {
  it("is filled at seed time over 2015…2045 with a running working-day number", async () => {
    const [r] = await rows<{ n: number; lo: string; hi: string }>(
      sql`select count(*)::int as n, to_char(min(day), 'YYYY-MM-DD') as lo, to_char(max(day), 'YYYY-MM-DD') as hi from calendar_days`,
    );
    expect(r).toEqual({ n: 11_323, lo: "2015-01-01", hi: "2045-12-31" });
  });

  it("agrees with WorkCalendar day by day over 2026 (春节, 国庆 and their 调休 Saturdays/Sundays)", async () => {
    const calendar = await getWorkCalendar();
    // The real 2026 schedule is in the data: 国庆 1–7 Oct off (Thu 1 Oct a holiday), Sat 10 Oct a 调休 workday.
    expect(calendar.isWorkday("2026-10-01")).toBe(false);
    expect(calendar.isWorkday("2026-10-10")).toBe(true);
    const [spot] = await rows<{ a: string; b: number; c: string }>(
      sql`select to_char(add_workdays('2026-09-30', 1), 'YYYY-MM-DD') as a, workdays_between('2026-09-30', '2026-10-12') as b, to_char(add_workdays('2026-10-09', 1), 'YYYY-MM-DD') as c`,
    );
    expect(spot).toEqual({ a: "2026-10-08", b: 4, c: "2026-10-10" });
    await expectSqlEqualsWorkCalendar();
  });

  it("follows an admin's edit and its reset in the same transaction", async () => {
    const admin = await actorNamed("admin");
    await setCalendarDay(admin, { day: "2026-12-04", isWorkday: "false", expectedIsWorkday: "true", name: "区内调休" });
    await setCalendarDay(admin, { day: "2026-12-05", isWorkday: "true", expectedIsWorkday: "false", name: "补班" });
    const [edited] = await rows<{ a: string; w4: boolean }>(
      sql`select to_char(add_workdays('2026-12-03', 1), 'YYYY-MM-DD') as a, (select is_workday from calendar_days where day = '2026-12-04') as w4`,
    );
    expect(edited).toEqual({ a: "2026-12-05", w4: false });
    await expectSqlEqualsWorkCalendar();
    await resetCalendarDay(admin, { day: "2026-12-04" });
    await resetCalendarDay(admin, { day: "2026-12-05" });
    await expectSqlEqualsWorkCalendar();
  });

  it("working hours run only on working days (Asia/Shanghai)", async () => {
    // Friday 2026-12-04 10:00 → Monday 2026-12-07 10:00 (Shanghai): 14 h on Friday, none at the weekend, 10 h Monday.
    const [r] = await rows<{ h: number; weekend: number }>(sql`
      select working_hours_at('2026-12-07T02:00:00Z') - working_hours_at('2026-12-04T02:00:00Z') as h,
             working_hours_at('2026-12-06T12:00:00Z') - working_hours_at('2026-12-05T01:00:00Z') as weekend`);
    expect(r).toEqual({ h: 24, weekend: 0 });
  });

  it("widens on demand to a date outside 2015…2045", async () => {
    await getDb().transaction((tx) => rebuildCalendarDays(tx, ["2046-03-02"]));
    const [r] = await rows<{ hi: string; d: string }>(
      sql`select to_char(max(day), 'YYYY-MM-DD') as hi, to_char(add_workdays('2046-02-23', 5), 'YYYY-MM-DD') as d from calendar_days`,
    );
    expect(r).toEqual({ hi: "2046-03-02", d: "2046-03-02" });
  });
});
