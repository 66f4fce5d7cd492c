/**
 * How the worker delivers 督查工作通知 (pure): retry back-off, quiet hours and the per-person daily SMS cap.
 * lib/services/notifications/deliver.ts applies these; the values come from 系统参数 (lib/domain/settings.ts).
 * Asia/Shanghai has no daylight saving, so local time is UTC+8 arithmetic (see lib/domain/dates.ts).
 */
import { SHANGHAI_OFFSET_MS } from "./dates";

/** Delivery attempts before a message is given up as `failed` (the office may then resend it). */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** The first retry waits this long; each further one twice as long (1, 2, 4, 8, 16 min …). */
export const RETRY_BASE_MS = 60_000;
/** Back-off never waits longer than this. */
export const RETRY_MAX_MS = 6 * 60 * 60_000;

/** The wait before the next try after `attempts` failed tries (attempts ≥ 1). */
export function retryDelayMs(attempts: number): number {
  const n = Math.max(1, Math.floor(attempts));
  return Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (n - 1));
}

/** After a failed try: give up (`failed`) or try again at `nextAttemptAt`. */
export function afterFailure(attempts: number, now: Date, maxAttempts = MAX_DELIVERY_ATTEMPTS): { giveUp: true } | { giveUp: false; nextAttemptAt: Date } {
  if (attempts >= maxAttempts) return { giveUp: true };
  return { giveUp: false, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)) };
}

/** "HH:MM" (00:00–23:59). */
export const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function minutesOfDay(hhmm: string): number {
  if (!CLOCK_TIME.test(hhmm)) throw new RangeError(`不是有效的时间：${hhmm}`);
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export interface QuietHours {
  /** Start and end in Asia/Shanghai, "HH:MM"; start > end wraps past midnight (22:00–07:00). Equal = none. */
  start: string;
  end: string;
}

/**
 * When a non-urgent SMS due at `now` may go out: null when `now` is outside quiet hours, else the instant
 * quiet hours end (the message waits, it does not fail).
 */
export function quietHoursEnd(now: Date, quiet: QuietHours): Date | null {
  const start = minutesOfDay(quiet.start);
  const end = minutesOfDay(quiet.end);
  if (start === end) return null;
  const local = now.getTime() + SHANGHAI_OFFSET_MS;
  const dayStartLocal = Math.floor(local / 86_400_000) * 86_400_000;
  const minute = (local - dayStartLocal) / 60_000;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  // The end is today if it is still ahead, else tomorrow (22:30 → 07:00 next day).
  let endLocal = dayStartLocal + end * 60_000;
  if (endLocal <= local) endLocal += 86_400_000;
  return new Date(endLocal - SHANGHAI_OFFSET_MS);
}
