import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { workCalendarDays } from "@/db/schema";
import { packageValueFor } from "@/lib/services/admin/calendar/package-calendar";
import { conflict, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { isIsoDate, isWeekend } from "@/lib/domain/work-calendar";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, parseInput, type RequestMeta } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ day: z.string({ error: "请选择日期" }).refine(isIsoDate, "日期格式应为 YYYY-MM-DD") });

/**
 * Admins (admin.rules) undo their edit of one day: it goes back to what the holiday package says, or to
 * an ordinary day (Mon–Fri work, Sat/Sun rest) when the package has nothing for it.
 */
export async function resetCalendarDay(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input);
  await getDb().transaction(async (tx) => {
    const [before] = await tx.select().from(workCalendarDays).where(eq(workCalendarDays.day, v.day)).for("update");
    if (!before) throw validation("这一天没有手工调整，无需恢复");
    if (before.source !== "admin") throw conflict(STALE_MESSAGE);
    const seeded = packageValueFor(v.day);
    const gone = await tx
      .delete(workCalendarDays)
      .where(and(eq(workCalendarDays.day, v.day), eq(workCalendarDays.source, "admin")))
      .returning({ day: workCalendarDays.day });
    if (gone.length === 0) throw conflict(STALE_MESSAGE);
    if (seeded) await tx.insert(workCalendarDays).values({ ...seeded, source: "seed" });
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.calendar.reset_day",
      targetType: "work_calendar_day",
      targetId: v.day,
      ...meta,
      detail: {
        before: { isWorkday: before.isWorkday, name: before.name, source: "admin" },
        after: seeded ? { isWorkday: seeded.isWorkday, name: seeded.name, source: "seed" } : { isWorkday: !isWeekend(v.day), name: "", source: "default" },
      },
    });
  });
}
