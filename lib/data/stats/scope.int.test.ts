import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/test/test-db";
import { sheetRows } from "@/test/sheet";
import { as, resetActorCache, SETUP_TIMEOUT, taskAt, unitId } from "@/lib/services/tasks/test-fixtures";
import { eq } from "drizzle-orm";
import { eventSources, tasks } from "@/db/schema";
import { getDb } from "@/db/client";
import type { Actor } from "@/lib/domain/policy";
import { COUNT_METRICS } from "@/lib/domain/stats/definitions";
import { now } from "@/lib/clock";
import { countMetricsBy, countMetricsTotal, NO_FILTERS, NOT_SET, rankUnits, statsToday, type StatsFilters } from "./metrics";
import { countStatsAssignments, listStatsAssignments } from "./assignments";
import { dimensionStats, supervisionStats } from "./tables";
import { parseStatsQuery } from "./params";

// The export routes as Next calls them, with the signed-in user replaced by `signedIn`.
let signedIn: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({ getViewer: async () => signedIn }));
const { GET: exportSupervision } = await import("@/app/(app)/stats/supervision/export/route");
const { GET: exportList } = await import("@/app/(app)/stats/assignments/export/route");
const { GET: exportBusiness } = await import("@/app/(app)/stats/business/export/route");

/**
 * Who sees which statistics: the office every unit, a unit its own row and its place only (also when it asks
 * for another unit by URL), and every drill-down's total equals the number it came from, for every metric and
 * several filters, on the demo data plus two tasks of a source only this file uses. The export routes write
 * the filters into the sheet and keep the scope.
 */

let cleanup: () => Promise<void>;
let office: Actor;
let jw: Actor;
let sourceId: string;
let jwId: string;
let mzId: string;

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  sourceId = (await getDb().insert(eventSources).values({ name: "统计范围测试来源" }).returning({ id: eventSources.id }))[0]!.id;
  // Two tasks to 区教委 (lead) and 区民政局 (co); one loses its 办件类型 (as tasks imported from the old system
  // have none: the form requires one), for the 未设置 bucket.
  await taskAt("in_progress", { sourceId });
  const legacy = await taskAt("in_progress", { sourceId });
  await getDb().update(tasks).set({ taskTypeId: null }).where(eq(tasks.id, legacy.id));
  office = await as("dcs_jbr");
  jw = await as("jw_jbr");
  jwId = await unitId("区教委");
  mzId = await unitId("区民政局");
}, SETUP_TIMEOUT);

afterAll(async () => {
  await cleanup?.();
});

const filters = (over: Partial<StatsFilters> = {}): StatsFilters => ({ ...parseStatsQuery({}, now()).filters, ...over });

describe("statistics scope", () => {
  it("the office sees every unit; a unit only its own row, its own totals and its place", async () => {
    const f = filters({ sourceId });
    const all = await supervisionStats(office, f);
    expect(all.units.map((u) => u.name).sort()).toEqual(["区教委", "区民政局"]);
    expect(all.total.dispatched).toBe(4);
    expect(all.total).toEqual(await countMetricsTotal(office, f, statsToday()));
    expect(all.ownRank).toBeNull();
    expect(all.units.every((u) => u.rank !== null)).toBe(true);
    // The office's ranks (from its rows by the 排名规则) are the SQL ranking's.
    const sqlRanks = await rankUnits(office, f, statsToday());
    expect(Object.fromEntries(all.units.map((u) => [u.departmentId, u.rank]))).toEqual(Object.fromEntries(sqlRanks.map((r) => [r.departmentId, r.rank])));
    expect(all.rankedUnits).toBe(sqlRanks[0]!.of);

    const own = await supervisionStats(jw, f);
    expect(own.units.map((u) => u.departmentId)).toEqual([jwId]);
    expect(own.total.dispatched).toBe(2);
    expect(own.total).toEqual(await countMetricsTotal(jw, f, statsToday()));
    expect(own.ownRank).toMatchObject({ departmentId: jwId, of: 2 });
    expect(own.ownRank!.rank).toBe(all.units.find((u) => u.departmentId === jwId)!.rank);
  });

  it("another unit's id in unit= gives a unit viewer nothing, on the page and in the list", async () => {
    const f = filters({ sourceId, departmentId: mzId });
    const stats = await supervisionStats(jw, f);
    expect(stats.units).toEqual([]);
    expect(stats.total.dispatched).toBe(0);
    expect(await countStatsAssignments(jw, f, "dispatched")).toBe(0);
    expect((await listStatsAssignments(jw, f, "dispatched", 1)).rows).toEqual([]);
    // The office asking for the same unit gets its rows.
    expect(await countStatsAssignments(office, f, "dispatched")).toBe(2);
  });

  it("every drill-down total equals the number on the page, for every metric and several filters and viewers", async () => {
    const today = statsToday();
    const cases: Array<[Actor, StatsFilters]> = [
      [office, filters()],
      [office, filters({ sourceId })],
      [office, filters({ sourceId, taskTypeId: NOT_SET })],
      [office, filters({ departmentId: jwId })],
      [office, filters({ unitKind: "district_department" })],
      [jw, filters()],
      [jw, filters({ sourceId })],
    ];
    for (const [viewer, f] of cases) {
      const total = await countMetricsTotal(viewer, f, today);
      const page = await supervisionStats(viewer, f);
      for (const metric of COUNT_METRICS) {
        expect(await countStatsAssignments(viewer, f, metric, today), `${viewer.username} ${metric}`).toBe(total[metric]);
        for (const unit of page.units) {
          expect(await countStatsAssignments(viewer, { ...f, departmentId: unit.departmentId }, metric, today)).toBe(unit[metric]);
        }
      }
    }
    // The 未设置 bucket of 部门办件统计 and its drill-down (type=none).
    const byType = await countMetricsBy("type", office, filters({ sourceId }), today);
    expect(byType.find((r) => r.key === null)?.dispatched).toBe(2);
    expect(await countStatsAssignments(office, filters({ sourceId, taskTypeId: NOT_SET }), "dispatched", today)).toBe(2);
  });

  it("bad URL parameters give the default view, not an error", async () => {
    const q = parseStatsQuery({ period: "quarter", q: "9", unit: "../../etc", source: "'", metric: "x", unitKind: "moon" }, now());
    expect(q.filters).toMatchObject({ ...NO_FILTERS, period: q.period });
    await expect(supervisionStats(office, q.filters)).resolves.toBeTruthy();
  });
});


describe("statistics exports", () => {
  it("the table sheet names the filters and holds the page's rows; a unit's sheet only its own row", async () => {
    signedIn = office;
    const url = `http://localhost/stats/supervision/export?source=${sourceId}`;
    const rows = await sheetRows(await exportSupervision(new Request(url)));
    expect(rows[0]).toBe("政务督查统计");
    expect(rows.join("\n")).toContain("事件来源：统计范围测试来源");
    expect(rows.some((r) => r.startsWith("区教委|"))).toBe(true);
    expect(rows.some((r) => r.startsWith("区民政局|"))).toBe(true);
    expect(rows.some((r) => r.startsWith("合计|"))).toBe(true);

    signedIn = jw;
    const own = await sheetRows(await exportSupervision(new Request(url)));
    expect(own.some((r) => r.startsWith("区教委|"))).toBe(true);
    expect(own.some((r) => r.startsWith("区民政局|"))).toBe(false);
    expect(own.join("\n")).toMatch(/本单位排名第 \d 名 \/ 共 2 个单位/);
  });

  it("部门办件统计's sheet holds the page's rows per dimension value (未设置 included), within the viewer's scope", async () => {
    for (const [viewer, unitName] of [
      [office, null],
      [jw, "区教委"],
    ] as const) {
      signedIn = viewer;
      const rows = await sheetRows(await exportBusiness(new Request(`http://localhost/stats/business/export?dim=type&source=${sourceId}`)));
      expect(rows[0]).toBe("部门办件统计（按办件类型）");
      expect(rows.join("\n")).toContain("事件来源：统计范围测试来源");
      const page = await dimensionStats("type", viewer, filters({ sourceId }));
      // One sheet row per page row, with the same 交办 figure (the column after the value's name).
      const header = rows.findIndex((r) => r.startsWith("办件类型|"));
      const data = rows.slice(header + 1).map((r) => r.split("|"));
      expect(data.map((r) => [r[0], Number(r[1])]).sort()).toEqual(page.rows.map((r) => [r.name, r.dispatched]).sort());
      expect(data.map((r) => r[0])).toContain("未设置");
      // Two tasks, each to 区教委 and 区民政局: four assignments for the office, the unit's own two for 区教委.
      expect(data.reduce((n, r) => n + Number(r[1]), 0)).toBe(unitName ? 2 : 4);
    }
    signedIn = null;
    expect((await exportBusiness(new Request("http://localhost/stats/business/export"))).status).toBe(401);
  });

  it("the drill-down sheet has exactly the rows behind the number, and refuses a signed-out caller", async () => {
    signedIn = office;
    const rows = await sheetRows(await exportList(new Request(`http://localhost/stats/assignments/export?source=${sourceId}&unit=${jwId}&metric=dispatched`)));
    expect(rows.join("\n")).toContain("承办单位：区教委");
    expect(rows.join("\n")).toContain("共 2 件");
    expect(rows.filter((r) => r.includes("推进老旧小区改造加装电梯工作"))).toHaveLength(2);
    signedIn = null;
    expect((await exportList(new Request("http://localhost/stats/assignments/export"))).status).toBe(401);
  });
});
