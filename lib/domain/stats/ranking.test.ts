import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compareRanking, rankUnits, STATS_DEFINITIONS, type RankingFacts } from "./definitions";

const unit = (dispatched: number, onTime: number, late: number, overdue: number, name = ""): RankingFacts & { name: string } => ({
  dispatched,
  completed_on_time: onTime,
  completed_late: late,
  overdue_open: overdue,
  name,
});

describe("排名规则", () => {
  it("is documented in 口径说明", () => {
    expect(STATS_DEFINITIONS.find((d) => d.term === "排名规则")?.text).toMatch(/按期办结率.*办结率.*逾期未办结/);
  });

  it("orders by 按期办结率, then 办结率, then fewer 逾期未办结", () => {
    const a = unit(10, 9, 1, 0, "a"); // on time 90%
    const b = unit(10, 5, 0, 0, "b"); // on time 100%, completion 50%
    const c = unit(4, 2, 0, 3, "c"); // on time 100%, completion 50%, 3 overdue
    const d = unit(2, 2, 0, 0, "d"); // on time 100%, completion 100%
    expect(rankUnits([a, b, c, d]).map((r) => [r.unit.name, r.rank])).toEqual([
      ["d", 1],
      ["b", 2],
      ["c", 3],
      ["a", 4],
    ]);
  });

  it("puts units without any completion after every unit with one, and leaves out units with nothing dispatched", () => {
    const none = unit(5, 0, 0, 0, "none");
    const poor = unit(5, 0, 1, 4, "poor"); // 0% on time, but it completed something
    const empty = unit(0, 0, 0, 0, "empty");
    expect(rankUnits([none, empty, poor]).map((r) => [r.unit.name, r.rank])).toEqual([
      ["poor", 1],
      ["none", 2],
    ]);
  });

  it("gives equal rates the same place (1/2 ties with 2/4) and skips the next place", () => {
    const ranks = rankUnits([unit(2, 1, 1, 0, "x"), unit(4, 2, 2, 0, "y"), unit(3, 1, 2, 0, "z")]);
    expect(ranks.map((r) => r.rank)).toEqual([1, 1, 3]);
  });

  it("is a consistent order (antisymmetric, transitive on random units)", () => {
    const facts = fc
      .record({ dispatched: fc.integer({ min: 1, max: 30 }), a: fc.nat(30), b: fc.nat(30), overdue_open: fc.nat(10) })
      .map(({ dispatched, a, b, overdue_open }) => {
        const onTime = Math.min(a, dispatched);
        const late = Math.min(b, dispatched - onTime);
        return { dispatched, completed_on_time: onTime, completed_late: late, overdue_open };
      });
    fc.assert(
      fc.property(facts, facts, facts, (x, y, z) => {
        expect(Math.sign(compareRanking(x, y))).toBe(-Math.sign(compareRanking(y, x)) || 0);
        if (compareRanking(x, y) <= 0 && compareRanking(y, z) <= 0) expect(compareRanking(x, z)).toBeLessThanOrEqual(0);
      }),
    );
  });
});
