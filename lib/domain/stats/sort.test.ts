import { describe, expect, it } from "vitest";
import { COUNT_METRICS, type MetricCounts } from "./definitions";
import { parseStatsSort, sortStatsRows } from "./sort";

const counts = (over: Partial<MetricCounts>): MetricCounts => ({ ...(Object.fromEntries(COUNT_METRICS.map((m) => [m, 0])) as unknown as MetricCounts), workdaysSum: 0, ...over });

describe("statistics table sort", () => {
  it("parses the URL, anything unknown → the ranking order", () => {
    expect(parseStatsSort("", "")).toEqual({ sort: "rank", dir: "asc" });
    expect(parseStatsSort("dispatched", "")).toEqual({ sort: "dispatched", dir: "desc" });
    expect(parseStatsSort("on_time_rate", "asc")).toEqual({ sort: "on_time_rate", dir: "asc" });
    expect(parseStatsSort("'; drop table", "sideways")).toEqual({ sort: "rank", dir: "asc" });
    expect(parseStatsSort("workdaysSum", "desc")).toEqual({ sort: "rank", dir: "desc" });
  });

  it("sorts by a count or a ratio, “—” last in both directions, ties by the unit order", () => {
    const rows = [
      { ...counts({ dispatched: 4, completed_on_time: 1, completed_late: 1 }), tieOrder: 2, name: "b" },
      { ...counts({ dispatched: 4 }), tieOrder: 1, name: "none" },
      { ...counts({ dispatched: 4, completed_on_time: 2 }), tieOrder: 3, name: "c" },
      { ...counts({ dispatched: 2, completed_on_time: 1, completed_late: 1 }), tieOrder: 0, name: "a" },
    ];
    const names = (s: Parameters<typeof sortStatsRows>[1]) => sortStatsRows(rows, s).map((r) => r.name);
    expect(names({ sort: "on_time_rate", dir: "desc" })).toEqual(["c", "a", "b", "none"]);
    expect(names({ sort: "on_time_rate", dir: "asc" })).toEqual(["a", "b", "c", "none"]);
    expect(names({ sort: "dispatched", dir: "desc" })).toEqual(["none", "b", "c", "a"]);
    expect(names({ sort: "completion_rate", dir: "desc" })).toEqual(["a", "b", "c", "none"]);
  });
});
