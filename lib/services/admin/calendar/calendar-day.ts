import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { workCalendarDays } from "@/db/schema";
import { isWeekend } from "@/lib/domain/work-calendar";

/** The stored row of one day, row-locked (none: an ordinary day, Mon–Fri work and Sat/Sun rest). */
export async function loadCalendarDayForChange(tx: Tx, day: string) {
  const [row] = await tx.select().from(workCalendarDays).where(eq(workCalendarDays.day, day)).for("update");
  return row ?? null;
}

/** What the 操作日志 shows of a day: its value and where it comes from ("default" when no row exists). */
export async function calendarDaySnapshot(tx: Tx, day: string) {
  const [row] = await tx.select().from(workCalendarDays).where(eq(workCalendarDays.day, day));
  return row ? { isWorkday: row.isWorkday, name: row.name, source: row.source } : { isWorkday: !isWeekend(day), name: "", source: "default" };
}
