import { describe, expect, it } from "vitest";
import { calendarSeedYears, packageCalendarRows, packageValueFor, packageYears } from "./calendar";
import { WorkCalendar } from "@/lib/domain/work-calendar";

describe("holiday data from the chinese-days package", () => {
  it("covers 2026", () => {
    expect(packageYears()).toContain(2026);
  });

  it("has the 2026 National Day week off and the 调休 Sunday 9-20 and Saturday 10-10 as workdays", () => {
    const rows = packageCalendarRows([2026]);
    const calendar = new WorkCalendar(new Map(rows.map((r) => [r.day, r.isWorkday])));
    for (let d = 1; d <= 7; d++) expect(calendar.isWorkday(`2026-10-0${d}`)).toBe(false);
    expect(calendar.isWorkday("2026-09-20")).toBe(true);
    expect(calendar.isWorkday("2026-10-10")).toBe(true);
    expect(packageValueFor("2026-10-01")).toEqual({ day: "2026-10-01", isWorkday: false, name: "国庆节" });
    expect(packageValueFor("2026-10-10")).toEqual({ day: "2026-10-10", isWorkday: true, name: "国庆节调休上班" });
    expect(packageValueFor("2026-11-27")).toBeNull();
  });

  // 261 weekdays − 19 weekday holidays (元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1, 国庆 5) + 6 调休 weekend days.
  it("2026 has 248 working days", () => {
    const calendar = new WorkCalendar(new Map(packageCalendarRows([2026]).map((r) => [r.day, r.isWorkday])));
    expect(calendar.workdaysBetween("2025-12-31", "2026-12-31")).toBe(248);
  });

  it("returns nothing for a year the package does not cover", () => {
    expect(packageCalendarRows([1999])).toEqual([]);
  });

  it("seeds the current and the next year in Beijing time", () => {
    expect(calendarSeedYears(new Date("2026-12-31T16:00:00Z"))).toEqual([2027, 2028]);
    expect(calendarSeedYears(new Date("2026-11-27T10:00:00Z"))).toEqual([2026, 2027]);
  });
});
