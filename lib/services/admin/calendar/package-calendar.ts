import { and, eq, gte, lte, notInArray, sql } from "drizzle-orm";
import holidayData from "chinese-days/dist/chinese-days.json";
import type { DbOrTx } from "@/db/client";
import { workCalendarDays } from "@/db/schema";
import { todayInShanghai } from "@/lib/domain/work-calendar";
import { rebuildCalendarDays } from "./rebuild-calendar-days";

/**
 * PRC public holidays and 调休 make-up workdays come from the `chinese-days` package (maintained from
 * the State Council's yearly notices), never typed in by hand. The package is updated when a new
 * year's notice is published (usually November/December of the year before), so "next year" may be
 * missing: callers report missing years instead of guessing.
 */
export const CALENDAR_PACKAGE = "chinese-days";

interface PackageData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

export interface CalendarSeedRow {
  day: string;
  isWorkday: boolean;
  name: string;
}

const data = holidayData as PackageData;

/** "National Day,国庆节,3" → "国庆节". */
function chineseName(raw: string): string {
  return raw.split(",")[1] ?? raw;
}

/** Years for which the package carries the State Council's schedule. */
export function packageYears(): number[] {
  return [...new Set(Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
}

/** The package's exception days of the given years: every holiday (weekend days within it included) and every 调休 workday. */
export function packageCalendarRows(years: readonly number[]): CalendarSeedRow[] {
  const wanted = new Set(years.map(String));
  const rows: CalendarSeedRow[] = [];
  for (const [day, raw] of Object.entries(data.holidays)) if (wanted.has(day.slice(0, 4))) rows.push({ day, isWorkday: false, name: chineseName(raw) });
  for (const [day, raw] of Object.entries(data.workdays)) if (wanted.has(day.slice(0, 4))) rows.push({ day, isWorkday: true, name: `${chineseName(raw)}调休上班` });
  return rows.sort((a, b) => a.day.localeCompare(b.day));
}

/** What the package says about one day (null: an ordinary day, Mon–Fri work and Sat/Sun rest). */
export function packageValueFor(day: string): CalendarSeedRow | null {
  return packageCalendarRows([Number(day.slice(0, 4))]).find((r) => r.day === day) ?? null;
}

/** The current and the next calendar year in Asia/Shanghai. */
export function calendarSeedYears(now: Date = new Date()): number[] {
  const year = Number(todayInShanghai(now).slice(0, 4));
  return [year, year + 1];
}

export interface CalendarImportResult {
  years: number[];
  /** Of `years`, those the installed package has no schedule for (not yet published). */
  missingYears: number[];
  written: number;
  /** Days the admin edited by hand, left as they are. */
  keptAdminDays: number;
  removed: number;
}

/**
 * Writes the package's days into work_calendar_days (source 'seed'). Idempotent; a day the admin
 * edited (source 'admin') is never overwritten. Seed rows of a covered year that the package no longer
 * lists (a corrected notice) are removed.
 */
export async function seedCalendar(db: DbOrTx, years: readonly number[] = calendarSeedYears()): Promise<CalendarImportResult> {
  const covered = new Set(packageYears());
  const coveredYears = years.filter((y) => covered.has(y));
  const missingYears = years.filter((y) => !covered.has(y));
  const rows = packageCalendarRows(coveredYears);
  let written = 0;
  let removed = 0;
  if (rows.length > 0) {
    const result = await db
      .insert(workCalendarDays)
      .values(rows.map((r) => ({ ...r, source: "seed" })))
      .onConflictDoUpdate({
        target: workCalendarDays.day,
        set: { isWorkday: sql`excluded.is_workday`, name: sql`excluded.name`, updatedAt: new Date() },
        setWhere: eq(workCalendarDays.source, "seed"),
      })
      .returning({ day: workCalendarDays.day });
    written = result.length;
  }
  for (const year of coveredYears) {
    const days = rows.filter((r) => r.day.startsWith(`${year}-`)).map((r) => r.day);
    const gone = await db
      .delete(workCalendarDays)
      .where(
        and(
          eq(workCalendarDays.source, "seed"),
          gte(workCalendarDays.day, `${year}-01-01`),
          lte(workCalendarDays.day, `${year}-12-31`),
          days.length ? notInArray(workCalendarDays.day, days) : undefined,
        ),
      )
      .returning({ day: workCalendarDays.day });
    removed += gone.length;
  }
  // The SQL calendar follows in the same transaction (a fresh database is numbered here, after migrate).
  await rebuildCalendarDays(db);
  return { years: [...years], missingYears, written, keptAdminDays: rows.length - written, removed };
}
