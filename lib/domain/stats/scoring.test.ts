import { describe, expect, it } from "vitest";
import {
  describeQuantity,
  formatScore,
  monthEndCheckDays,
  rankUnits,
  referenceScoreItems,
  workdaysBetween,
  workingHoursBetween,
  type ScoredAssignment,
  type ScoringRuleRef,
} from "./scoring";

/** Mon–Fri work, plus one holiday (2026-01-01, a Thursday) and one 调休 Saturday (2026-01-10). */
const cal = {
  isWorkday: (d: string) => (d === "2026-01-01" ? false : d === "2026-01-10" ? true : ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())),
};
/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

const RULES: ScoringRuleRef[] = [
  { id: "r-on", name: "按期办结加分", trigger: "completed_on_time", points: 1 },
  { id: "r-early", name: "提前办结加分", trigger: "completed_early", points: 0.5 },
  { id: "r-late", name: "逾期扣分", trigger: "per_workday_overdue", points: -0.5 },
  { id: "r-open", name: "逾期未办结", trigger: "overdue_open", points: -2 },
  { id: "r-ret", name: "退回扣分", trigger: "per_return", points: -1 },
  { id: "r-rec", name: "超时接收", trigger: "late_receipt", points: -1 },
  { id: "r-urge", name: "催办扣分", trigger: "per_urge", points: -0.5 },
  { id: "r-urge2", name: "催办通报", trigger: "per_urge", points: -0.25 },
  { id: "r-ex", name: "评价优秀", trigger: "rating_excellent", points: 2 },
];

function assignment(over: Partial<ScoredAssignment>): ScoredAssignment {
  return {
    id: "a1",
    taskId: "t1",
    departmentId: "u1",
    status: "in_progress",
    taskCancelled: false,
    deadline: "2026-01-16",
    dispatchedAt: sh("2026-01-05T09:00:00"),
    receivedAt: sh("2026-01-05T10:00:00"),
    completedAt: null,
    receiveLimitHours: 24,
    rating: null,
    ratedAt: null,
    urges: [],
    returns: [],
    ...over,
  };
}
const JAN = { from: "2026-01-01", to: "2026-01-31" };
const items = (a: ScoredAssignment, period = JAN, today = "2026-03-01") => referenceScoreItems([a], [], RULES, period, today, cal);

describe("working-day maths of the reference", () => {
  it("counts working days in (a, b], skipping holidays and counting 调休 Saturdays", () => {
    expect(workdaysBetween(cal, "2025-12-31", "2026-01-02")).toBe(1); // 1 Jan is a holiday
    expect(workdaysBetween(cal, "2026-01-09", "2026-01-12")).toBe(2); // Sat 10 is a 调休 workday
    expect(workdaysBetween(cal, "2026-01-16", "2026-01-18")).toBe(0); // a weekend
    expect(workdaysBetween(cal, "2026-01-12", "2026-01-09")).toBe(-2);
  });

  it("runs the working-hour clock only on working days, 24 hours each", () => {
    expect(workingHoursBetween(cal, sh("2026-01-05T09:00:00"), sh("2026-01-05T15:30:00"))).toBe(6.5);
    // Friday 20:00 → Monday 02:00: 4 hours of Friday, 0 of the weekend, 2 of Monday.
    expect(workingHoursBetween(cal, sh("2026-01-16T20:00:00"), sh("2026-01-19T02:00:00"))).toBe(6);
    expect(workingHoursBetween(cal, sh("2026-01-17T08:00:00"), sh("2026-01-18T08:00:00"))).toBe(0);
  });

  it("checks 逾期仍未办结 at each month end in the period, today for the running month", () => {
    expect(monthEndCheckDays({ from: "2026-01-01", to: "2026-03-31" }, "2026-03-20")).toEqual(["2026-01-31", "2026-02-28", "2026-03-20"]);
    expect(monthEndCheckDays({ from: "2026-01-15", to: "2026-02-10" }, "2026-06-01")).toEqual(["2026-01-31"]);
    expect(monthEndCheckDays({ from: "2026-05-01", to: "2026-05-31" }, "2026-04-01")).toEqual([]);
  });
});

describe("referenceScoreItems", () => {
  it("an early completion is both 按期 and 提前, dated by its completion day", () => {
    const got = items(assignment({ status: "completed", completedAt: sh("2026-01-14T17:00:00") }));
    expect(got.map((i) => [i.trigger, i.points, i.day])).toEqual([
      ["completed_on_time", 1, "2026-01-14"],
      ["completed_early", 0.5, "2026-01-14"],
    ]);
  });

  it("completing on the deadline day is on time but not early", () => {
    expect(items(assignment({ status: "completed", completedAt: sh("2026-01-16T23:00:00") })).map((i) => i.trigger)).toEqual(["completed_on_time"]);
  });

  it("a late completion counts its working days after the deadline × the rule's points", () => {
    const [late] = items(assignment({ status: "completed", completedAt: sh("2026-01-21T10:00:00") }));
    expect(late).toMatchObject({ trigger: "per_workday_overdue", quantity: 3, points: -1.5, day: "2026-01-21" });
    expect(describeQuantity(late!.trigger, late!.quantity, late!.unitPoints)).toBe("3 个工作日 × −0.5 分");
  });

  it("late only by a weekend: no working days, no item", () => {
    expect(items(assignment({ status: "completed", completedAt: sh("2026-01-18T10:00:00") }))).toEqual([]);
  });

  it("逾期仍未办结 once per month end while open and past the deadline; the completion month counts its overdue days instead", () => {
    const open = items(assignment({}), { from: "2026-01-01", to: "2026-03-31" }, "2026-03-10");
    expect(open.map((i) => i.day)).toEqual(["2026-01-31", "2026-02-28", "2026-03-10"]);
    const closedInFeb = items(assignment({ status: "completed", completedAt: sh("2026-02-03T10:00:00") }), { from: "2026-01-01", to: "2026-03-31" }, "2026-03-10");
    expect(closedInFeb.map((i) => [i.trigger, i.day])).toEqual([
      ["per_workday_overdue", "2026-02-03"],
      ["overdue_open", "2026-01-31"],
    ]);
  });

  it("each urge counts under every per_urge rule, each office return once, on their own days", () => {
    const got = items(assignment({ urges: [{ id: "u1", at: sh("2026-01-20T09:00:00") }], returns: [{ id: "p1", at: sh("2026-01-31T23:30:00") }] }), JAN, "2026-01-31");
    expect(got.filter((i) => i.trigger === "per_urge").map((i) => [i.ruleName, i.points])).toEqual([
      ["催办扣分", -0.5],
      ["催办通报", -0.25],
    ]);
    expect(got.find((i) => i.trigger === "per_return")).toMatchObject({ day: "2026-01-31", key: "per_return:r-ret:p1" });
  });

  it("超时接收: received after the urgency's working-hour limit", () => {
    const a = assignment({ dispatchedAt: sh("2026-01-16T20:00:00"), receivedAt: sh("2026-01-19T21:00:00"), receiveLimitHours: 24 });
    // Friday 4 h + Monday 21 h = 25 working hours > 24 (the weekend does not count): late, dated by the receipt.
    expect(items(a).filter((i) => i.trigger === "late_receipt").map((i) => [i.day, i.points])).toEqual([["2026-01-19", -1]]);
    const inTime = { ...a, receivedAt: sh("2026-01-19T19:00:00") }; // 23 working hours
    expect(items(inTime).filter((i) => i.trigger === "late_receipt")).toEqual([]);
  });

  it("a rating counts on its day; cancelled tasks and assignments count nothing", () => {
    const rated = assignment({ status: "completed", completedAt: sh("2026-01-15T10:00:00"), rating: "excellent", ratedAt: sh("2026-01-15T10:00:00") });
    expect(items(rated).find((i) => i.trigger === "rating_excellent")).toMatchObject({ points: 2, day: "2026-01-15" });
    expect(items({ ...rated, taskCancelled: true })).toEqual([]);
    expect(items(assignment({ status: "cancelled", urges: [{ id: "u", at: sh("2026-01-20T09:00:00") }] }))).toEqual([]);
  });

  it("manual adjustments are items of their own, dated by entry", () => {
    const got = referenceScoreItems([], [{ id: "m1", departmentId: "u2", taskId: null, points: -1.25, reason: "材料不实", at: sh("2026-02-01T00:30:00") }], RULES, JAN, "2026-03-01", cal);
    expect(got).toEqual([]);
    const feb = referenceScoreItems([], [{ id: "m1", departmentId: "u2", taskId: null, points: -1.25, reason: "材料不实", at: sh("2026-02-01T00:30:00") }], RULES, { from: "2026-02-01", to: "2026-02-28" }, "2026-03-01", cal);
    expect(feb).toMatchObject([{ trigger: "manual_adjustment", points: -1.25, ruleName: "人工加减分：材料不实", day: "2026-02-01" }]);
  });
});

describe("rankUnits", () => {
  it("adds the base score, shares ranks on ties and skips the next (1, 1, 3)", () => {
    const ranked = rankUnits(["a", "b", "c", "d"], [
      { departmentId: "a", points: -1 },
      { departmentId: "b", points: 2 },
      { departmentId: "c", points: 2 },
      { departmentId: "x", points: 9 }, // not a ranked unit
    ]);
    expect(ranked.map((r) => [r.departmentId, r.total, r.rank])).toEqual([
      ["b", 102, 1],
      ["c", 102, 1],
      ["d", 100, 3],
      ["a", 99, 4],
    ]);
  });

  it("formats points with a sign and up to two decimals", () => {
    expect([formatScore(2), formatScore(-0.5), formatScore(0), formatScore(1.25), formatScore(-3, false)]).toEqual(["+2", "−0.5", "0", "+1.25", "−3"]);
  });
});
