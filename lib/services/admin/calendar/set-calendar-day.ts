import { z } from "zod";
import { workCalendarDays } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { isIsoDate, isWeekend } from "@/lib/domain/work-calendar";
import { auditedChange } from "../../audited-change";
import { parseInput, type RequestMeta } from "../base-data/shared";
import type { Actor } from "@/lib/domain/policy";
import { rebuildCalendarDays } from "./rebuild-calendar-days";
import { calendarDaySnapshot, loadCalendarDayForChange } from "./calendar-day";

const bool = (message: string) => z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean({ error: message }));

const schema = z.object({
  day: z.string({ error: "请选择日期" }).refine(isIsoDate, "日期格式应为 YYYY-MM-DD"),
  isWorkday: bool("请选择上班或休息"),
  /** What the admin saw for this day; if it changed meanwhile, the edit is refused. */
  expectedIsWorkday: bool("参数错误，请刷新后重试"),
  name: z.string().trim().max(20, "说明不超过 20 个字").default(""),
});

/**
 * Admins (admin.rules) mark one day as a holiday or a workday in 工作日历 (source 'admin', so a later
 * re-import from the package leaves it alone). Deadlines computed afterwards use the new calendar.
 */
export async function setCalendarDay(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input);
  const name = v.name || (v.isWorkday ? "调整为上班" : "调整为休息");
  await auditedChange({
    actor,
    meta,
    load: async (tx) => {
      const row = await loadCalendarDayForChange(tx, v.day);
      return { isWorkday: row ? row.isWorkday : !isWeekend(v.day) };
    },
    // Calendar rows carry no version: the value the admin saw is the guard.
    version: (current) => current.isWorkday === v.expectedIsWorkday,
    check: (_tx, current) => {
      if (current.isWorkday === v.isWorkday) throw validation(v.isWorkday ? "这一天已经是工作日" : "这一天已经是休息日");
    },
    snapshot: (tx) => calendarDaySnapshot(tx, v.day),
    apply: async (tx) => {
      await tx
        .insert(workCalendarDays)
        .values({ day: v.day, isWorkday: v.isWorkday, name, source: "admin" })
        .onConflictDoUpdate({ target: workCalendarDays.day, set: { isWorkday: v.isWorkday, name, source: "admin", updatedAt: new Date() } });
      await rebuildCalendarDays(tx, [v.day]);
    },
    audit: { action: "admin.calendar.set_day", targetType: "work_calendar_day", targetId: v.day },
  });
}
