import { describe, expect, it } from "vitest";
import { formatChineseDate, formatDate, formatDateTime, shanghaiDayStart, todayInShanghai, yearInShanghai } from "./dates";

describe("dates (Asia/Shanghai, UTC+8)", () => {
  it("turns the day at Shanghai midnight, not UTC midnight", () => {
    expect(todayInShanghai(new Date("2026-11-30T15:59:59.999Z"))).toBe("2026-11-30");
    expect(todayInShanghai(new Date("2026-11-30T16:00:00.000Z"))).toBe("2026-12-01");
    expect(yearInShanghai(new Date("2026-12-31T16:00:00Z"))).toBe(2027);
    expect(yearInShanghai(new Date("2026-12-31T15:59:59Z"))).toBe(2026);
  });

  it("writes dates as 2026-12-01 and times as 2026-12-01 08:05(:09)", () => {
    const at = new Date("2026-12-01T00:05:09Z");
    expect(formatDate(at)).toBe("2026-12-01");
    expect(formatDate("2026-03-05")).toBe("2026-03-05");
    expect(formatDate(null)).toBe("—");
    expect(formatDateTime(at)).toBe("2026-12-01 08:05");
    expect(formatDateTime(at, { seconds: true })).toBe("2026-12-01 08:05:09");
    expect(formatDateTime(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12-01 00:00");
    expect(formatChineseDate("2026-03-05")).toBe("2026年3月5日");
    expect(formatChineseDate(null)).toBe("　　年　月　日");
  });

  it("gives the instant a Shanghai day starts", () => {
    expect(shanghaiDayStart("2026-12-01").toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(shanghaiDayStart("2026-12-01", 1).toISOString()).toBe("2026-12-01T16:00:00.000Z");
  });
});
