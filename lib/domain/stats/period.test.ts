import { describe, expect, it } from "vitest";
import { monthsOf, parsePeriod } from "./period";

// 2026-12-31 16:30 UTC is already 2027-01-01 in Shanghai: "this year" is 2027.
const NEW_YEAR_IN_SHANGHAI = new Date("2026-12-31T16:30:00Z");
const p = (params: Record<string, string>, now = new Date("2026-06-15T04:00:00Z")) => parsePeriod((k) => params[k] ?? "", now);

describe("parsePeriod", () => {
  it("defaults to this year in Asia/Shanghai", () => {
    expect(p({})).toMatchObject({ kind: "year", from: "2026-01-01", to: "2026-12-31" });
    expect(p({}, NEW_YEAR_IN_SHANGHAI)).toMatchObject({ from: "2027-01-01", to: "2027-12-31" });
  });

  it("reads year, quarter, month and range", () => {
    expect(p({ period: "year", year: "2025" })).toMatchObject({ from: "2025-01-01", to: "2025-12-31", label: "2025年" });
    expect(p({ period: "quarter", year: "2024", q: "1" })).toMatchObject({ from: "2024-01-01", to: "2024-03-31" });
    expect(p({ period: "month", month: "2024-02" })).toMatchObject({ from: "2024-02-01", to: "2024-02-29", label: "2024年2月" });
    expect(p({ period: "month", month: "2023-02" })).toMatchObject({ to: "2023-02-28" });
    expect(p({ period: "range", from: "2026-01-05", to: "2026-01-05" })).toMatchObject({ kind: "range", from: "2026-01-05", to: "2026-01-05" });
  });

  it("turns anything malformed into this year, never a throw", () => {
    const bads: Array<Record<string, string>> = [
      { period: "quarter", year: "2026", q: "5" },
      { period: "month", month: "2026-13" },
      { period: "month", month: "2026-1" },
      { period: "month", month: "1999-05" },
      { period: "range", from: "2026-02-30", to: "2026-03-01" },
      { period: "range", from: "2026-03-02", to: "2026-03-01" },
      { period: "range", from: "2000-01-01", to: "2026-03-01" },
      { period: "range", from: "2026-01-01" },
      { period: "decade" },
      { period: "year", year: "20261" },
      { period: "year", year: "-2026" },
    ];
    for (const bad of bads) {
      const got = p(bad);
      // An unknown quarter keeps the year; everything else falls back to this year.
      expect(got.kind === "year" && got.from.endsWith("-01-01"), JSON.stringify(bad)).toBe(true);
    }
    expect(p({ period: "year", year: "1999" }).from).toBe("2026-01-01");
  });

  it("with 月度 as the page's default: a bare URL is this month, a bare month is that month, a named kind wins", () => {
    const m = (params: Record<string, string>, now = new Date("2026-06-15T04:00:00Z")) => parsePeriod((k) => params[k] ?? "", now, "month");
    expect(m({})).toMatchObject({ kind: "month", from: "2026-06-01", to: "2026-06-30" });
    expect(m({}, NEW_YEAR_IN_SHANGHAI)).toMatchObject({ kind: "month", from: "2027-01-01", to: "2027-01-31" });
    expect(m({ month: "2025-01" })).toMatchObject({ kind: "month", from: "2025-01-01", to: "2025-01-31" });
    expect(m({ month: "2025-13" })).toMatchObject({ from: "2026-06-01" });
    expect(m({ period: "year", year: "2025", month: "2024-03" })).toMatchObject({ kind: "year", from: "2025-01-01" });
    expect(m({ period: "quarter", year: "2025", q: "2" })).toMatchObject({ kind: "quarter", from: "2025-04-01", to: "2025-06-30" });
  });

  it("lists the months a period touches, across a year boundary", () => {
    expect(monthsOf({ from: "2025-11-20", to: "2026-02-01" })).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(monthsOf({ from: "2026-03-01", to: "2026-03-31" })).toEqual(["2026-03"]);
  });
});
