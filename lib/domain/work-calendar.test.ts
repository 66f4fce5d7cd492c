import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, daysOfMonth, isIsoDate, todayInShanghai, WorkCalendar } from "./work-calendar";

/**
 * The State Council's 2026 schedule around 中秋 and 国庆 (国办发明电〔2025〕7号): 9-25 (Fri) off for 中秋,
 * 10-1 … 10-7 off for 国庆, 调休 make-up workdays on Sunday 9-20 and Saturday 10-10.
 */
const AUTUMN_2026 = new WorkCalendar({
  "2026-09-20": true,
  "2026-09-25": false,
  "2026-10-01": false,
  "2026-10-02": false,
  "2026-10-03": false,
  "2026-10-04": false,
  "2026-10-05": false,
  "2026-10-06": false,
  "2026-10-07": false,
  "2026-10-10": true,
});

describe("dates", () => {
  it("accepts only real YYYY-MM-DD dates", () => {
    expect(isIsoDate("2026-10-01")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-1-1")).toBe(false);
    expect(isIsoDate("2026-10-01T00:00:00Z")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("knows the weekday and steps across month and year ends", () => {
    expect(dayOfWeek("2026-10-01")).toBe(4);
    expect(dayOfWeek("2026-10-10")).toBe(6);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
  });

  it("lists the days of a month", () => {
    expect(daysOfMonth(2026, 2)).toHaveLength(28);
    expect(daysOfMonth(2028, 2)).toHaveLength(29);
    expect(daysOfMonth(2026, 10)[0]).toBe("2026-10-01");
    expect(daysOfMonth(2026, 10).at(-1)).toBe("2026-10-31");
  });

  it("rejects malformed input instead of guessing", () => {
    expect(() => AUTUMN_2026.isWorkday("2026-9-30")).toThrow(RangeError);
    expect(() => AUTUMN_2026.addWorkdays("2026-09-30", 1.5)).toThrow(RangeError);
    expect(() => new WorkCalendar({ "2026-02-30": true })).toThrow(RangeError);
  });
});

describe("todayInShanghai", () => {
  it("turns the date at midnight Beijing time, 16:00 UTC", () => {
    expect(todayInShanghai(new Date("2026-09-30T15:59:59.999Z"))).toBe("2026-09-30");
    expect(todayInShanghai(new Date("2026-09-30T16:00:00.000Z"))).toBe("2026-10-01");
  });

  it("crosses the year end eight hours before UTC does", () => {
    expect(todayInShanghai(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
    expect(todayInShanghai(new Date("2027-01-01T00:00:00+08:00"))).toBe("2027-01-01");
  });
});

describe("isWorkday", () => {
  const empty = new WorkCalendar();

  it("without exceptions, Mon–Fri work and Sat/Sun rest", () => {
    expect(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"].map((d) => empty.isWorkday(d))).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(empty.isWorkday("2026-11-28")).toBe(false);
    expect(empty.isWorkday("2026-11-29")).toBe(false);
  });

  it("holidays on weekdays are rest days and 调休 weekends are workdays", () => {
    expect(AUTUMN_2026.isWorkday("2026-09-25")).toBe(false);
    expect(AUTUMN_2026.isWorkday("2026-10-01")).toBe(false);
    expect(AUTUMN_2026.isWorkday("2026-10-07")).toBe(false);
    expect(AUTUMN_2026.isWorkday("2026-09-20")).toBe(true);
    expect(AUTUMN_2026.isWorkday("2026-10-10")).toBe(true);
    expect(AUTUMN_2026.isWorkday("2026-10-11")).toBe(false);
    expect(AUTUMN_2026.isWorkday("2026-10-08")).toBe(true);
  });

  it("accepts a Map as well as a plain object", () => {
    const calendar = new WorkCalendar(new Map([["2026-10-10", true]]));
    expect(calendar.isWorkday("2026-10-10")).toBe(true);
  });

  it("October 2026 has 18 working days (22 weekdays − 5 holidays + 1 make-up Saturday)", () => {
    expect(daysOfMonth(2026, 10).filter((d) => AUTUMN_2026.isWorkday(d))).toHaveLength(18);
  });
});

describe("addWorkdays", () => {
  it("skips the whole National Day week", () => {
    expect(AUTUMN_2026.addWorkdays("2026-09-30", 1)).toBe("2026-10-08");
    expect(AUTUMN_2026.addWorkdays("2026-09-30", 2)).toBe("2026-10-09");
  });

  it("counts the make-up Saturday as a workday", () => {
    expect(AUTUMN_2026.addWorkdays("2026-09-30", 3)).toBe("2026-10-10");
    expect(AUTUMN_2026.addWorkdays("2026-09-30", 4)).toBe("2026-10-12");
    expect(AUTUMN_2026.addWorkdays("2026-09-19", 1)).toBe("2026-09-20");
  });

  it("skips the 中秋 Friday and the weekend after it", () => {
    expect(AUTUMN_2026.addWorkdays("2026-09-24", 1)).toBe("2026-09-28");
  });

  it("starts from a rest day as well as from a workday", () => {
    expect(AUTUMN_2026.addWorkdays("2026-10-03", 1)).toBe("2026-10-08");
    expect(new WorkCalendar().addWorkdays("2026-11-28", 1)).toBe("2026-11-30");
  });

  it("goes backwards for negative n", () => {
    expect(AUTUMN_2026.addWorkdays("2026-10-08", -1)).toBe("2026-09-30");
    expect(AUTUMN_2026.addWorkdays("2026-10-12", -1)).toBe("2026-10-10");
    expect(AUTUMN_2026.addWorkdays("2026-09-21", -1)).toBe("2026-09-20");
  });

  it("n = 0 is the day itself, even on a holiday", () => {
    expect(AUTUMN_2026.addWorkdays("2026-10-01", 0)).toBe("2026-10-01");
  });

  it("a plain 5-day week is 5 working days", () => {
    expect(new WorkCalendar().addWorkdays("2026-11-20", 5)).toBe("2026-11-27");
  });
});

describe("workdaysBetween", () => {
  it("is 0 on the same day and counts the target day, not the start", () => {
    expect(AUTUMN_2026.workdaysBetween("2026-10-08", "2026-10-08")).toBe(0);
    expect(AUTUMN_2026.workdaysBetween("2026-10-08", "2026-10-09")).toBe(1);
  });

  it("spans the holiday with the make-up Saturday", () => {
    expect(AUTUMN_2026.workdaysBetween("2026-09-30", "2026-10-12")).toBe(4);
    expect(AUTUMN_2026.workdaysBetween("2026-09-30", "2026-10-31")).toBe(18);
    expect(AUTUMN_2026.workdaysBetween("2026-09-30", "2026-10-07")).toBe(0);
  });

  it("is negative when the target is in the past (overdue)", () => {
    expect(AUTUMN_2026.workdaysBetween("2026-10-12", "2026-09-30")).toBe(-4);
    expect(AUTUMN_2026.workdaysBetween("2026-10-08", "2026-09-30")).toBe(-1);
  });

  it("across a year end", () => {
    // 2026-12-31 Thu → 2027-01-04 Mon, no exceptions: Fri 1-1 and Mon 1-4.
    expect(new WorkCalendar().workdaysBetween("2026-12-31", "2027-01-04")).toBe(2);
  });

  it("is antisymmetric: from → to is minus to → from, for every pair of days in Sep–Oct 2026", () => {
    const broken: string[] = [];
    for (let a = "2026-09-01"; a <= "2026-10-31"; a = addDays(a, 1)) {
      for (let b = "2026-09-01"; b <= "2026-10-31"; b = addDays(b, 1)) {
        if (AUTUMN_2026.workdaysBetween(a, b) !== 0 - AUTUMN_2026.workdaysBetween(b, a)) broken.push(`${a}→${b}`);
      }
    }
    expect(broken).toEqual([]);
  }, 30_000);

  it("inverts addWorkdays for every day of 2026: forwards always, backwards from a workday", () => {
    const broken: string[] = [];
    for (let day = "2026-01-01"; day <= "2026-12-31"; day = addDays(day, 1)) {
      for (let n = -15; n <= 15; n++) {
        const target = AUTUMN_2026.addWorkdays(day, n);
        if (n !== 0 && !AUTUMN_2026.isWorkday(target)) broken.push(`${day}+${n} lands on rest day ${target}`);
        // From a rest day the rest day itself is not a working day, so one fewer is counted back.
        const expected = n >= 0 || AUTUMN_2026.isWorkday(day) ? n : n + 1;
        if (AUTUMN_2026.workdaysBetween(day, target) !== expected) broken.push(`${day}+${n}`);
      }
    }
    expect(broken).toEqual([]);
  }, 30_000);

  it("on the Saturday after a Friday deadline no working day is lost yet; on Monday one is", () => {
    const plain = new WorkCalendar();
    expect(plain.workdaysBetween("2026-11-28", "2026-11-27")).toBe(0);
    expect(plain.workdaysBetween("2026-11-30", "2026-11-27")).toBe(-1);
  });
});
