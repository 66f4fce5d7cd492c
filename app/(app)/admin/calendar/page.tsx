import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/lib/auth/viewer";
import { listCalendarDays } from "@/lib/data/base-data";
import { CALENDAR_PACKAGE, packageYears } from "@/db/seed/calendar";
import { todayInShanghai } from "@/lib/domain/work-calendar";
import { Notice, PageHeader } from "@/components/ui/card";
import { CalendarYear, ImportButton } from "./calendar-year";

export const metadata: Metadata = { title: "工作日历" };

export default async function CalendarPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  const viewer = await requirePermission("admin.rules");
  const today = todayInShanghai(new Date());
  const thisYear = Number(today.slice(0, 4));
  const years = [thisYear - 1, thisYear, thisYear + 1];
  const asked = Number((await searchParams).year);
  const year = years.includes(asked) ? asked : thisYear;
  const [days, covered] = [await listCalendarDays(viewer, year), packageYears()];
  const inPackage = covered.includes(year);
  return (
    <div className="space-y-4">
      <PageHeader
        title="工作日历"
        description="法定节假日和调休上班日决定办理时限与提醒按“工作日”如何计算。点击某一天可调整为上班或休息。"
        actions={<ImportButton year={year} disabled={!inPackage} />}
      />
      <nav aria-label="选择年份" className="flex flex-wrap gap-2" data-testid="calendar-years">
        {years.map((y) => (
          <Link
            key={y}
            href={`/admin/calendar?year=${y}`}
            aria-current={y === year ? "page" : undefined}
            className={clsx("rounded-full border px-3 py-1.5 text-sm", y === year ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50")}
          >
            {y} 年
          </Link>
        ))}
      </nav>
      {inPackage ? (
        <Notice tone="info">
          {year} 年的节假日与调休安排来自 {CALENDAR_PACKAGE} 数据包（依据国务院办公厅通知）。“重新导入”不会覆盖手工调整过的日期。
        </Notice>
      ) : (
        <Notice tone="warning" testId="calendar-missing-year">
          已安装的 {CALENDAR_PACKAGE} 数据包尚未包含 {year} 年的节假日安排（国务院办公厅通常在上一年 11–12 月发布）。在此之前系统按“周一至周五上班”计算；
          通知发布后请升级数据包并重新导入，或在下方手工标注节假日和调休上班日。
        </Notice>
      )}
      <CalendarYear year={year} today={today} days={days} />
    </div>
  );
}
