import Link from "next/link";
import { clsx } from "clsx";
import type { ReactNode } from "react";
import type { Actor } from "@/lib/domain/policy";
import { getDashboard, type Figure, type PeriodFigures } from "@/lib/data/dashboard";
import { formatRate } from "@/lib/domain/stats/definitions";
import { TODO_KIND_LABELS, todoHref } from "@/lib/domain/todo";
import { listHref } from "@/lib/data/list-params";
import { Card, EmptyState } from "@/components/ui/card";
import { WarningDot } from "@/components/tasks/badges";
import { BehindUnitsChart } from "@/components/charts/behind-units-chart";
import { TrendSparkline } from "@/components/charts/trend-sparkline";

/**
 * 领导驾驶舱 (the home page of dashboard.view holders). Leaders open the system to look: every number is a
 * link to the list behind it (lib/data/dashboard.ts counts it with that list's conditions). Cards stack on a
 * phone, sit side by side from `md`, and print on A4 (links print as text; the charts print as drawn).
 */

const linkNumber = "rounded text-brand-700 underline-offset-4 hover:underline";

function Headline({ figure, label, unit, hint, tone, testId }: { figure: Figure; label: string; unit: string; hint: string; tone: "slate" | "amber" | "red"; testId: string }) {
  const tones = { slate: "text-slate-900", amber: "text-amber-700", red: "text-red-700" };
  return (
    <Link
      href={figure.href}
      className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600 print:break-inside-avoid print:shadow-none"
      data-testid="headline-figure"
      data-figure={testId}
    >
      <span className="text-sm text-slate-600">{label}</span>
      <span className="mt-1 flex items-baseline gap-1">
        <span className={clsx("text-3xl font-semibold tabular-nums", tones[tone])} data-testid="figure-count">
          {figure.count}
        </span>
        <span className="text-sm text-slate-500">{unit}</span>
      </span>
      <span className="mt-1 block text-xs text-slate-500">{hint}</span>
    </Link>
  );
}

function PeriodColumn({ title, p }: { title: string; p: PeriodFigures }) {
  const row = (label: string, value: ReactNode) => (
    <div className="flex items-baseline justify-between gap-2 border-b border-slate-100 py-2 last:border-0">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="text-right">{value}</dd>
    </div>
  );
  const count = (n: number, href: string, key: string) => (
    <Link href={href} className={clsx(linkNumber, "text-lg font-semibold tabular-nums")} data-testid="period-count" data-metric={key}>
      {n}
    </Link>
  );
  const rate = (value: number | null, key: string) => (
    <Link href={p.statsHref} className={clsx(linkNumber, "text-lg font-semibold tabular-nums")} data-testid="period-rate" data-metric={key}>
      {formatRate(value)}
    </Link>
  );
  return (
    <section className="min-w-0 print:break-inside-avoid" data-testid="period-figures" data-period={p.period.kind}>
      <h3 className="mb-1 flex items-baseline justify-between gap-2 text-sm font-semibold text-slate-800">
        <span>
          {title}
          <span className="ml-1 font-normal text-slate-500">{p.period.label}</span>
        </span>
        <Link href={p.statsHref} className="text-xs font-normal text-brand-700 hover:underline print:hidden">
          查看统计
        </Link>
      </h3>
      <dl>
        {row("办结率", rate(p.rates.completionRate, "completion_rate"))}
        {row("按期办结率", rate(p.rates.onTimeRate, "on_time_rate"))}
        {row("交办（件）", count(p.counts.dispatched, p.dispatchedHref, "dispatched"))}
        {row("按期办结（件）", count(p.counts.completed_on_time, p.onTimeHref, "completed_on_time"))}
        {row("逾期办结（件）", count(p.counts.completed_late, p.lateHref, "completed_late"))}
      </dl>
    </section>
  );
}

export async function LeaderDashboard({ viewer }: { viewer: Actor }) {
  const d = await getDashboard(viewer);
  const trendDispatched = d.trend.reduce((n, r) => n + r.dispatched, 0);
  const trendCompleted = d.trend.reduce((n, r) => n + r.completed, 0);
  return (
    <div className="space-y-4" data-testid="leader-dashboard">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <Headline figure={d.openTasks} label="未办结事项" unit="项" hint="已交办、尚有单位未办结的督办事项" tone="slate" testId="open" />
        <Headline figure={d.overdue} label="逾期未办结" unit="件" hint={`超过办理期限仍未办结的承办任务（${d.allTime.from} 以来交办）`} tone="amber" testId="overdue" />
        <Headline figure={d.redTasks} label="红灯事项" unit="项" hint="已超过办理时限的在办督办事项" tone="red" testId="red" />
      </div>

      <Card title="办结情况" actions={<span className="text-xs text-slate-500">按交办日期归入周期，口径见统计页“口径说明”</span>}>
        <div className="grid gap-6 sm:grid-cols-2">
          <PeriodColumn title="本年" p={d.year} />
          <PeriodColumn title="本月" p={d.month} />
        </div>
      </Card>

      <div className="grid gap-4 md:grid-cols-2">
        <Card
          title={`最落后的单位（${d.year.period.label}）`}
          className="min-w-0 print:break-inside-avoid"
          actions={
            d.behind.length > 0 && (
              <a href="/dashboard/behind/export" className="text-sm text-brand-700 hover:underline print:hidden" data-testid="behind-export" download>
                导出 Excel
              </a>
            )
          }
        >
          {d.behind.length === 0 ? (
            <p className="text-sm text-slate-500" data-testid="behind-empty">
              本年没有逾期未办结或逾期办结的单位。
            </p>
          ) : (
            <>
              <BehindUnitsChart rows={d.behind.map((u) => ({ name: u.name, overdueOpen: u.overdueOpen }))} />
              <ol className="mt-2 divide-y divide-slate-100 text-sm" data-testid="behind-units">
                {d.behind.map((u, i) => (
                  <li key={u.departmentId} className="flex items-center justify-between gap-2 py-2" data-testid="behind-unit">
                    <Link href={u.href} className="min-w-0 text-brand-700 hover:underline">
                      <span className="mr-1 text-slate-500 tabular-nums">{i + 1}.</span>
                      {u.name}
                    </Link>
                    <span className="shrink-0 text-right text-xs text-slate-600 tabular-nums">
                      逾期未办结 <span className="font-semibold text-red-700">{u.overdueOpen}</span> 件 · 按期办结率 {formatRate(u.onTimeRate)}
                    </span>
                  </li>
                ))}
              </ol>
              <p className="mt-2 text-xs text-slate-500">按逾期未办结件数从多到少，相同时按期办结率低的在前。点击单位查看其逾期未办结清单；导出 Excel 含全部落后单位及各项统计数。</p>
            </>
          )}
        </Card>

        <Card
          title="待我处理"
          className="min-w-0 print:break-inside-avoid"
          actions={
            <Link href="/messages/todo" className="text-sm text-brand-700 hover:underline print:hidden">
              全部待办（{d.todo.total}）
            </Link>
          }
        >
          {d.todo.total === 0 ? (
            <EmptyState title="暂无待您处理的事项" />
          ) : (
            <>
              <ul className="mb-2 flex flex-wrap gap-2" aria-label="按类型">
                {d.todo.counts.map((c) => (
                  <li key={c.kind}>
                    <Link
                      href={listHref("/messages/todo", {}, { kind: c.kind })}
                      className="inline-flex min-h-9 items-center gap-1 rounded-full border border-slate-300 px-3 text-sm hover:border-brand-600"
                      data-testid="todo-kind"
                    >
                      {TODO_KIND_LABELS[c.kind]} <span className="font-semibold tabular-nums">{c.count}</span>
                    </Link>
                  </li>
                ))}
              </ul>
              <ul className="divide-y divide-slate-100 text-sm" data-testid="todo-items">
                {d.todo.items.map((item) => (
                  <li key={`${item.kind}-${item.refId ?? item.assignmentId ?? item.taskId}`} className="flex items-start gap-2 py-2" data-testid="todo-item">
                    <WarningDot light={item.light} />
                    <Link href={todoHref(item, viewer)} className="min-w-0 flex-1 text-brand-700 hover:underline">
                      <span className="block text-xs text-slate-500">
                        {TODO_KIND_LABELS[item.kind]}
                        {item.unitName ? ` · ${item.unitName}` : ""} · 期限 {item.deadline}
                      </span>
                      {item.title}
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Card>
      </div>

      <Card title="近12个月交办与办结" className="print:break-inside-avoid">
        <TrendSparkline rows={d.trend} />
        <p className="mt-1 text-xs text-slate-500" data-testid="trend-summary">
          {d.trendPeriod.label}：交办 {trendDispatched} 件，其中已办结 {trendCompleted} 件（按交办月份统计）。
        </p>
      </Card>
      <p className="text-xs text-slate-500">数据截至 {d.today}（北京时间），每次打开页面时重新计算。</p>
    </div>
  );
}

export function LeaderDashboardSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true" aria-label="正在加载驾驶舱">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        {[0, 1, 2].map((i) => (
          <div key={i} className="h-28 animate-pulse rounded-lg bg-slate-100" />
        ))}
      </div>
      <div className="h-56 animate-pulse rounded-lg bg-slate-100" />
      <div className="grid gap-4 md:grid-cols-2">
        <div className="h-64 animate-pulse rounded-lg bg-slate-100" />
        <div className="h-64 animate-pulse rounded-lg bg-slate-100" />
      </div>
    </div>
  );
}
