import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, workCalendarDays } from "@/db/schema";
import { getWorkCalendar } from "@/lib/data/base-data";
import { seedCalendar } from "@/db/seed/calendar";
import { setCalendarDay } from "./set-calendar-day";
import { resetCalendarDay } from "./reset-calendar-day";
import { importHolidays } from "./import-holidays";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;
const meta = { ip: "10.0.0.9", userAgent: "vitest" };

const actor = actorNamed;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actor("admin");
  clerk = await actor("dcs_jbr");
});
afterAll(() => cleanup());

const error = (promise: Promise<unknown>) => expectDomainError(promise);
async function row(day: string) {
  return (await getDb().select().from(workCalendarDays).where(eq(workCalendarDays.day, day)))[0];
}
async function lastAudit(action: string) {
  return (await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1))[0];
}

describe("seeded calendar", () => {
  it("holds the 2026 National Day holiday and the make-up Saturday from the package", async () => {
    const calendar = await getWorkCalendar();
    expect(calendar.isWorkday("2026-10-01")).toBe(false);
    expect(calendar.isWorkday("2026-10-10")).toBe(true);
    expect(calendar.addWorkdays("2026-09-30", 1)).toBe("2026-10-08");
    expect(await row("2026-10-10")).toMatchObject({ source: "seed", name: "国庆节调休上班" });
  });

  it("re-seeding is idempotent", async () => {
    const before = (await getDb().select().from(workCalendarDays)).length;
    await seedCalendar(getDb(), [2026]);
    expect((await getDb().select().from(workCalendarDays)).length).toBe(before);
  });
});

describe("setCalendarDay / resetCalendarDay", () => {
  it("marks an ordinary Friday as a holiday; deadlines move; the audit has before/after", async () => {
    await setCalendarDay(admin, { day: "2026-12-04", isWorkday: "false", expectedIsWorkday: "true", name: "区内调休" }, meta);
    expect(await row("2026-12-04")).toMatchObject({ isWorkday: false, source: "admin", name: "区内调休" });
    expect((await getWorkCalendar()).addWorkdays("2026-12-03", 1)).toBe("2026-12-07");
    expect(await lastAudit("admin.calendar.set_day")).toMatchObject({ targetId: "2026-12-04" });
    expect((await lastAudit("admin.calendar.set_day"))?.detail).toEqual({
      before: { isWorkday: true, name: "", source: "default" },
      after: { isWorkday: false, name: "区内调休", source: "admin" },
    });
  });

  it("a second admin acting on what they saw before is refused", async () => {
    const e = await error(setCalendarDay(admin, { day: "2026-12-04", isWorkday: "false", expectedIsWorkday: "true" }, meta));
    expect(e).toMatchObject({ code: "CONFLICT", message: "该记录已被他人修改，请刷新后重试" });
  });

  it("re-import keeps the admin's edit of a seeded day", async () => {
    await setCalendarDay(admin, { day: "2026-10-07", isWorkday: "true", expectedIsWorkday: "false" }, meta);
    const result = await importHolidays(admin, { year: "2026" }, meta);
    expect(result.keptAdminDays).toBe(1);
    expect(await row("2026-10-07")).toMatchObject({ isWorkday: true, source: "admin" });
    expect(await lastAudit("admin.calendar.import")).toMatchObject({ detail: { package: "chinese-days", keptAdminDays: 1 } });
  });

  it("reset puts a seeded day back to the package value and an ordinary day back to the weekday rule", async () => {
    await resetCalendarDay(admin, { day: "2026-10-07" }, meta);
    expect(await row("2026-10-07")).toMatchObject({ isWorkday: false, source: "seed", name: "国庆节" });
    expect((await lastAudit("admin.calendar.reset_day"))?.detail).toEqual({
      before: { isWorkday: true, name: "调整为上班", source: "admin" },
      after: { isWorkday: false, name: "国庆节", source: "seed" },
    });
    await resetCalendarDay(admin, { day: "2026-12-04" }, meta);
    expect((await lastAudit("admin.calendar.reset_day"))?.detail).toEqual({
      before: { isWorkday: false, name: "区内调休", source: "admin" },
      after: { isWorkday: true, name: "", source: "default" },
    });
    expect(await row("2026-12-04")).toBeUndefined();
    expect((await getWorkCalendar()).isWorkday("2026-12-04")).toBe(true);
    expect((await error(resetCalendarDay(admin, { day: "2026-12-04" }, meta))).code).toBe("VALIDATION");
  });

  it("validation writes nothing; a clerk is forbidden", async () => {
    const count = (await getDb().select().from(auditLogs)).length;
    expect((await error(setCalendarDay(admin, { day: "2026-02-30", isWorkday: "true", expectedIsWorkday: "true" }, meta))).fieldErrors?.day).toBe("日期格式应为 YYYY-MM-DD");
    expect((await error(setCalendarDay(admin, { day: "2026-12-07", isWorkday: "true", expectedIsWorkday: "true" }, meta))).message).toBe("这一天已经是工作日");
    expect((await getDb().select().from(auditLogs)).length).toBe(count);
    expect((await error(setCalendarDay(clerk, { day: "2026-12-05", isWorkday: "true", expectedIsWorkday: "false" }, meta))).code).toBe("FORBIDDEN");
    expect((await error(importHolidays(clerk, {}, meta))).code).toBe("FORBIDDEN");
    expect((await error(resetCalendarDay(clerk, { day: "2026-10-01" }, meta))).code).toBe("FORBIDDEN");
  });

  it("importing this year and next reports a year the package does not have", async () => {
    const result = await importHolidays(admin, {}, meta, new Date("2026-11-27T02:00:00Z"));
    expect(result.years).toEqual([2026, 2027]);
    // chinese-days 1.5.7 has no 2027 schedule yet; when it does, this expectation changes with it.
    expect(result.missingYears).toEqual([2027]);
  });
});
