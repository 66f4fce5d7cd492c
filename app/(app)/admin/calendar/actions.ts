"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import type { CalendarImportResult } from "@/lib/services/admin/calendar/package-calendar";
import { setCalendarDay } from "@/lib/services/admin/calendar/set-calendar-day";
import { resetCalendarDay } from "@/lib/services/admin/calendar/reset-calendar-day";
import { importHolidays } from "@/lib/services/admin/calendar/import-holidays";
import { requestMeta } from "@/lib/auth/request-context";

function done() {
  revalidatePath("/admin/calendar");
  // Deadline lights and working-day counts everywhere depend on the calendar.
  revalidatePath("/", "layout");
}

export async function setCalendarDayAction(input: { day: string; isWorkday: boolean; expectedIsWorkday: boolean; name: string }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    await setCalendarDay(viewer, input, await requestMeta());
    done();
  }, input?.isWorkday ? `${input.day} 已设为工作日` : `${input?.day} 已设为休息日`);
}

export async function resetCalendarDayAction(input: { day: string }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    await resetCalendarDay(viewer, input, await requestMeta());
    done();
  }, `${input?.day} 已恢复为默认安排`);
}

export async function importHolidaysAction(input: { year: number }): Promise<ActionResult<CalendarImportResult>> {
  const result = await runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    const r = await importHolidays(viewer, input, await requestMeta());
    done();
    return r;
  });
  if (!result.ok) return result;
  const r = result.data;
  const message = r.missingYears.length
    ? `数据包中没有 ${r.missingYears.join("、")} 年的节假日安排，未导入`
    : `已导入 ${r.written} 天${r.keptAdminDays ? `，保留了 ${r.keptAdminDays} 天手工调整` : ""}${r.removed ? `，移除了 ${r.removed} 天过时数据` : ""}`;
  return { ...result, message };
}
