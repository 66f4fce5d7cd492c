import "server-only";
import { getDb, type DbOrTx } from "@/db/client";
import { workCalendarDays } from "@/db/schema";
import { WorkCalendar } from "@/lib/domain/work-calendar";

/**
 * The working-day calendar (holidays, 调休 make-up days and the admin's edits) for deadline maths.
 * Not scoped: every user works to the same calendar. Only exceptions are stored, so this is a few
 * dozen rows per year.
 */
export async function getWorkCalendar(db: DbOrTx = getDb()): Promise<WorkCalendar> {
  const rows = await db.select({ day: workCalendarDays.day, isWorkday: workCalendarDays.isWorkday }).from(workCalendarDays);
  return new WorkCalendar(new Map(rows.map((r) => [r.day, r.isWorkday])));
}
