/**
 * The one date and time-zone module. Every calendar date and every time the app shows or compares is
 * in Asia/Shanghai; China has had no daylight saving since 1991, so that zone is always UTC+8 and
 * plain arithmetic replaces Intl (the same result on every server and browser, whatever their zone).
 * Functions that need "now" take it as a parameter so tests can fix the clock.
 */

/** A calendar date written 'YYYY-MM-DD'. Kept as a string so no time zone can shift it by a day. */
export type IsoDate = string;

export const TIME_ZONE = "Asia/Shanghai";
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

const shifted = (at: Date) => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString();

/** The calendar date in Asia/Shanghai at the instant `now`. */
export function todayInShanghai(now: Date): IsoDate {
  return shifted(now).slice(0, 10);
}

/** The calendar year in Asia/Shanghai at `now` (31 Dec 20:00 UTC is already 1 Jan there). */
export function yearInShanghai(now: Date): number {
  return Number(todayInShanghai(now).slice(0, 4));
}

/** The instant a Shanghai calendar day starts, `addDays` days later (for "from … to …" filters). */
export function shanghaiDayStart(day: IsoDate, addDays = 0): Date {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + addDays * DAY_MS);
}

/** 2026-12-01: how the whole app writes a date. A date column's string is taken as it is. */
export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  if (typeof value === "string") return value.slice(0, 10);
  return todayInShanghai(value);
}

/** 2026-12-01 14:05 (with `seconds`: 2026-12-01 14:05:09), in Asia/Shanghai. */
export function formatDateTime(value: Date | null | undefined, options: { seconds?: boolean } = {}): string {
  if (!value) return "—";
  const iso = shifted(value);
  return `${iso.slice(0, 10)} ${iso.slice(11, options.seconds ? 19 : 16)}`;
}

/** 2026-03-05 → 2026年3月5日 (the printed notice's style). */
export function formatChineseDate(value: Date | string | null | undefined): string {
  if (!value) return "　　年　月　日";
  const [y, m, d] = formatDate(value).split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
