/**
 * Working-day maths on calendar dates ('YYYY-MM-DD', Asia/Shanghai).
 *
 * The calendar stores only exceptions (a public holiday that falls on Mon–Fri, a 调休 make-up workday on
 * Sat/Sun, or any day the admin marked by hand); every other Mon–Fri is a workday and every Sat/Sun a rest
 * day. Dates are plain strings so that no time zone can shift them by a day.
 */

import type { IsoDate } from "./dates";
export type { IsoDate } from "./dates";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written as 'YYYY-MM-DD' (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

function toUtcMs(day: IsoDate): number {
  if (!isIsoDate(day)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

function fromUtcMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export { todayInShanghai } from "./dates";

/** `day` shifted by `n` calendar days (negative = earlier). */
export function addDays(day: IsoDate, n: number): IsoDate {
  return fromUtcMs(toUtcMs(day) + n * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(day: IsoDate): number {
  return new Date(toUtcMs(day)).getUTCDay();
}

export function isWeekend(day: IsoDate): boolean {
  const dow = dayOfWeek(day);
  return dow === 0 || dow === 6;
}

/** Every date of one month, for calendar views. `month` is 1–12. */
export function daysOfMonth(year: number, month: number): IsoDate[] {
  const days: IsoDate[] = [];
  for (let ms = Date.UTC(year, month - 1, 1); new Date(ms).getUTCMonth() === month - 1; ms += DAY_MS) days.push(fromUtcMs(ms));
  return days;
}

export type CalendarExceptions = ReadonlyMap<IsoDate, boolean> | Readonly<Record<IsoDate, boolean>>;

export class WorkCalendar {
  private readonly exceptions: ReadonlyMap<IsoDate, boolean>;

  constructor(exceptions: CalendarExceptions = new Map()) {
    const map = exceptions instanceof Map ? new Map(exceptions) : new Map(Object.entries(exceptions));
    for (const day of map.keys()) toUtcMs(day);
    this.exceptions = map;
  }

  /** A stored exception wins; otherwise Mon–Fri work and Sat/Sun rest. */
  isWorkday(day: IsoDate): boolean {
    return this.workdayAt(toUtcMs(day));
  }

  /** The same on a UTC-midnight timestamp, without re-validating: the loops below stay cheap. */
  private workdayAt(ms: number): boolean {
    const exception = this.exceptions.get(fromUtcMs(ms));
    if (exception !== undefined) return exception;
    const dow = new Date(ms).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /**
   * The n-th working day after `day` (n < 0: before it); `day` itself is never counted, so a task
   * dispatched on Friday with 1 working day is due on the next working day. n = 0 returns `day`.
   */
  addWorkdays(day: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`addWorkdays needs a whole number of days, got ${n}`);
    let ms = toUtcMs(day);
    const step = n < 0 ? -DAY_MS : DAY_MS;
    for (let left = Math.abs(n); left > 0; ) {
      ms += step;
      if (this.workdayAt(ms)) left--;
    }
    return fromUtcMs(ms);
  }

  /**
   * Working days from `from` to `to`: the number of workdays in (from, to] when `to` is later, minus the
   * number in (to, from] when it is earlier, 0 on the same day. So `workdaysBetween(d, addWorkdays(d, n))
   * === n`, and `workdaysBetween(today, deadline)` is "working days left" (0 = due today, negative =
   * overdue by that many working days). Being overdue itself is `deadline < today`, a date comparison.
   */
  workdaysBetween(from: IsoDate, to: IsoDate): number {
    const start = toUtcMs(from);
    const end = toUtcMs(to);
    if (start === end) return 0;
    const [low, high, sign] = start < end ? [start, end, 1] : [end, start, -1];
    let count = 0;
    for (let ms = low + DAY_MS; ms <= high; ms += DAY_MS) if (this.workdayAt(ms)) count++;
    // `|| 0` so that no -0 ever reaches a template literal or an Object.is comparison.
    return sign * count || 0;
  }
}
