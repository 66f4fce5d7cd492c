import { describe, expect, it, vi } from "vitest";
import { MAX_PAGE, listHref, pageNumber, searchText, type SearchParams, pageOf } from "./list-params";
import { parseAssignmentListParams, parseTaskListParams } from "./task-filters";

vi.mock("server-only", () => ({}));
const { parseUserFilters } = await import("./admin-users");
const { parseAuditFilters } = await import("./audit");

/**
 * Issue 7 item 25, list side: every URL parameter of every list, fed every nasty value, must parse to
 * the default view (never reach SQL in a form PostgreSQL refuses, which would be a 500).
 */
const NASTY = [
  "\u0000",
  "a\u0000b",
  "99999999999999999999999",
  "-1",
  "-0",
  "1.5",
  "1e3",
  "NaN",
  "Infinity",
  "2026-02-30",
  "0000-01-01",
  "1 or 1=1",
  "'; drop table users; --",
  "<script>alert(1)</script>",
  "%00",
  "\ud800",
  "x".repeat(5000),
  "------------------------------------",
];

const PARSERS: Record<string, { parse: (p: SearchParams) => object; keys: string[]; free: string[] }> = {
  tasks: { parse: parseTaskListParams, keys: ["q", "status", "urgency", "source", "category", "type", "dateField", "from", "to", "sort", "page", "pageSize"], free: ["q"] },
  assignments: { parse: parseAssignmentListParams, keys: ["q", "status", "sort", "page", "pageSize"], free: ["q"] },
  users: { parse: parseUserFilters, keys: ["q", "unit", "role", "enabled", "page"], free: ["q"] },
  audit: { parse: parseAuditFilters, keys: ["who", "action", "from", "to", "ip", "page"], free: ["who", "ip"] },
};

describe.each(Object.entries(PARSERS))("%s list URL", (_, { parse, keys, free }) => {
  const defaults = parse({}) as Record<string, unknown>;
  const cases = keys.flatMap((key) => NASTY.map((value) => [key, value] as const));

  it.each(cases)("%s = %j falls back to the default view", (key, value) => {
    const parsed = parse({ [key]: value }) as Record<string, unknown>;
    for (const k of keys) {
      if (k === key && free.includes(k)) continue;
      expect(parsed[k], k).toEqual(defaults[k]);
    }
    if (free.includes(key)) {
      // Free text stays searchable but never carries a control character, and is bounded.
      expect(String(parsed[key])).not.toMatch(/[\u0000-\u001f]/);
      expect(String(parsed[key]).length).toBeLessThanOrEqual(100);
    }
  });

  it("keeps a page number within what the database can offset", () => {
    expect((parse({ page: String(MAX_PAGE) }) as { page: number }).page).toBe(MAX_PAGE);
    expect((parse({ page: String(MAX_PAGE + 1) }) as { page: number }).page).toBe(1);
    expect((parse({ page: "7" }) as { page: number }).page).toBe(7);
    expect((parse({ page: "0" }) as { page: number }).page).toBe(1);
  });
});

describe("list-params pieces", () => {
  it("pageNumber accepts plain positive integers only", () => {
    expect(["1", "2", "100000"].map(pageNumber)).toEqual([1, 2, 100000]);
    expect(["", " 2", "2 ", "+2", "0x10", "1e2", "99999999999999999999999"].map(pageNumber)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });

  it("searchText removes NUL and other control characters", () => {
    expect(searchText(" 交\u0000通\u0007 ", 50)).toBe("交通");
  });

  it("the audit filter keeps a known action and a real date", () => {
    expect(parseAuditFilters({ action: "auth.login_failed", from: "2026-12-01", to: "2026-12-31" })).toMatchObject({ action: "auth.login_failed", from: "2026-12-01", to: "2026-12-31" });
  });

  it("listHref keeps filters, applies changes and drops empties", () => {
    expect(listHref("/admin/audit", { who: "张", page: "2", ip: "" }, { page: 3 })).toBe("/admin/audit?who=%E5%BC%A0&page=3");
    expect(listHref("/admin/audit", { who: "张" }, { page: undefined, who: "" })).toBe("/admin/audit");
  });
});

describe("pageOf", () => {
  const rows = Array.from({ length: 250 }, (_, i) => i);
  it("gives the page the URL asks for, clamped to the last, and a bad page number as the first", () => {
    expect(pageOf(rows, "2", 100)).toEqual({ page: 2, rows: rows.slice(100, 200) });
    expect(pageOf(rows, "3", 100).rows).toEqual(rows.slice(200));
    expect(pageOf(rows, "9", 100).page).toBe(3);
    for (const bad of ["", "0", "-1", "abc", "1e3", "2.5"]) expect(pageOf(rows, bad, 100).page).toBe(1);
    expect(pageOf([], "4", 100)).toEqual({ page: 1, rows: [] });
  });
});
