import { describe, expect, it } from "vitest";
import { drillDownHref, parseStatsQuery, statsParams } from "./params";
import { NOT_SET } from "./metrics-filters";

const NOW = new Date("2026-06-15T04:00:00Z");
const ID = "0b6a3c2e-5d4f-4a1b-9c8d-7e6f5a4b3c2d";

describe("statistics URL", () => {
  it("drops malformed filters instead of reaching SQL", () => {
    const q = parseStatsQuery({ unitKind: "planet", source: "x'; drop", category: "1", type: "none", urgency: "none", unit: [ID, "junk"], metric: "everything" }, NOW);
    expect(q.metric).toBeNull();
    expect(q.filters).toMatchObject({ unitKind: "", sourceId: "", categoryId: "", taskTypeId: NOT_SET, urgencyId: "", departmentId: ID });
    expect(q.period).toMatchObject({ from: "2026-01-01", to: "2026-12-31" });
  });

  it("a drill-down link reproduces the page's period and filters plus the metric and the row's own filter", () => {
    const q = parseStatsQuery({ period: "month", month: "2026-03", source: ID }, NOW);
    const href = drillDownHref(q.period, q.filters, "completed_on_time", { taskTypeId: NOT_SET });
    const back = parseStatsQuery(Object.fromEntries(new URL(href, "http://x").searchParams), NOW);
    expect(href.startsWith("/stats/assignments?")).toBe(true);
    expect(back.metric).toBe("completed_on_time");
    expect(back.filters).toEqual({ ...q.filters, taskTypeId: NOT_SET });
    expect(statsParams(back.period, back.filters)).toEqual({ period: "month", month: "2026-03", source: ID, type: NOT_SET });
  });
});
