import { z } from "zod";
import { getDb } from "@/db/client";
import { calendarSeedYears, CALENDAR_PACKAGE, seedCalendar, type CalendarImportResult } from "@/lib/services/admin/calendar/package-calendar";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { parseInput, type RequestMeta } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  year: z.coerce
    .number({ error: "年份无效" })
    .int("年份无效")
    .min(2000, "年份无效")
    .max(2100, "年份无效")
    .optional(),
});

/**
 * Admins (admin.rules) re-import holidays and 调休 days from the installed chinese-days package (one year,
 * or this year and the next). Days the admin edited by hand are kept.
 */
export async function importHolidays(actor: Actor, input: unknown, meta: RequestMeta = {}, now: Date = new Date()): Promise<CalendarImportResult> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input ?? {});
  const years = v.year ? [v.year] : calendarSeedYears(now);
  return getDb().transaction(async (tx) => {
    const result = await seedCalendar(tx, years);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.calendar.import",
      targetType: "work_calendar",
      targetId: years.join(","),
      ...meta,
      detail: { package: CALENDAR_PACKAGE, ...result },
    });
    return result;
  });
}
