import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { workCalendarDays } from "@/db/schema";
import { packageValueFor } from "@/lib/services/admin/calendar/package-calendar";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { isIsoDate } from "@/lib/domain/work-calendar";
import { auditedChange } from "../../audited-change";
import { STALE_MESSAGE, parseInput, type RequestMeta } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";
import { rebuildCalendarDays } from "./rebuild-calendar-days";
import { calendarDaySnapshot, loadCalendarDayForChange } from "./calendar-day";

const schema = z.object({ day: z.string({ error: "请选择日期" }).refine(isIsoDate, "日期格式应为 YYYY-MM-DD") });

/**
 * Admins (admin.rules) undo their edit of one day: it goes back to what the holiday package says, or to
 * an ordinary day (Mon–Fri work, Sat/Sun rest) when the package has nothing for it.
 */
export async function resetCalendarDay(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input);
  await auditedChange({
    actor,
    meta,
    load: async (tx) => {
      const row = await loadCalendarDayForChange(tx, v.day);
      if (!row) throw validation("这一天没有手工调整，无需恢复");
      return row;
    },
    // Calendar rows carry no version: only a day still edited by hand can be reset.
    version: (row) => row.source === "admin",
    snapshot: (tx) => calendarDaySnapshot(tx, v.day),
    apply: async (tx) => {
      const seeded = packageValueFor(v.day);
      const gone = await tx
        .delete(workCalendarDays)
        .where(and(eq(workCalendarDays.day, v.day), eq(workCalendarDays.source, "admin")))
        .returning({ day: workCalendarDays.day });
      if (gone.length === 0) throw conflict(STALE_MESSAGE);
      if (seeded) await tx.insert(workCalendarDays).values({ ...seeded, source: "seed" });
      await rebuildCalendarDays(tx);
    },
    audit: { action: "admin.calendar.reset_day", targetType: "work_calendar_day", targetId: v.day },
  });
}
