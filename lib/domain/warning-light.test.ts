import { describe, expect, it } from "vitest";
import { calendarDaysUntil, warningLight, type WorkdaysUntil } from "./warning-light";

describe("warningLight", () => {
  const today = "2026-11-25"; // a Wednesday

  it("is red once the deadline has passed", () => {
    expect(warningLight({ deadline: "2026-11-24", closed: false, today })).toBe("red");
  });

  it("is yellow on the deadline day and up to two days before it", () => {
    expect(warningLight({ deadline: "2026-11-25", closed: false, today })).toBe("yellow");
    expect(warningLight({ deadline: "2026-11-27", closed: false, today })).toBe("yellow");
  });

  it("is green with more than two days left", () => {
    expect(warningLight({ deadline: "2026-11-28", closed: false, today })).toBe("green");
  });

  it("shows no light for finished tasks, even overdue ones", () => {
    expect(warningLight({ deadline: "2026-01-01", closed: true, today })).toBe("none");
  });

  it("counts working days with the injected calendar: a deadline after a weekend is still two workdays away", () => {
    // Thursday → next Monday: 4 calendar days but only Fri + Mon are working days.
    const weekdaysOnly: WorkdaysUntil = (from, to) => {
      let n = 0;
      const d = new Date(`${from}T00:00:00Z`);
      const end = new Date(`${to}T00:00:00Z`);
      while (d < end) {
        d.setUTCDate(d.getUTCDate() + 1);
        if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) n++;
      }
      return n;
    };
    expect(warningLight({ deadline: "2026-11-30", closed: false, today: "2026-11-26" })).toBe("green");
    expect(warningLight({ deadline: "2026-11-30", closed: false, today: "2026-11-26", workdaysUntil: weekdaysOnly })).toBe("yellow");
  });
});

describe("calendarDaysUntil", () => {
  it("counts across a month end", () => {
    expect(calendarDaysUntil("2026-11-29", "2026-12-02")).toBe(3);
  });
});

