import Link from "next/link";
import type { StatsPeriod } from "@/lib/domain/stats/period";
import { SCORING_DEFINITIONS } from "@/lib/domain/stats/scoring";
import { buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

/** The period chooser: month (default), quarter or year, in the URL like every statistics page. */
export function PeriodForm({ period, action }: { period: StatsPeriod; action: string }) {
  const year = period.from.slice(0, 4);
  const q = String(Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1);
  return (
    <form method="get" action={action} role="search" aria-label="选择统计周期" className="grid grid-cols-2 items-end gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-[1fr_1fr_1fr_1fr_auto] print:hidden">
      <div>
        <label htmlFor="period" className="text-xs text-slate-500">
          周期
        </label>
        <Select id="period" name="period" defaultValue={period.kind === "range" ? "month" : period.kind}>
          <option value="month">月度</option>
          <option value="quarter">季度</option>
          <option value="year">年度</option>
        </Select>
      </div>
      <div>
        <label htmlFor="month" className="text-xs text-slate-500">
          月份（月度）
        </label>
        <Input id="month" name="month" type="month" defaultValue={period.from.slice(0, 7)} />
      </div>
      <div>
        <label htmlFor="year" className="text-xs text-slate-500">
          年份（季度、年度）
        </label>
        <Input id="year" name="year" inputMode="numeric" defaultValue={year} />
      </div>
      <div>
        <label htmlFor="q" className="text-xs text-slate-500">
          季度
        </label>
        <Select id="q" name="q" defaultValue={q}>
          {["1", "2", "3", "4"].map((n) => (
            <option key={n} value={n}>
              第{n}季度
            </option>
          ))}
        </Select>
      </div>
      <button type="submit" className={buttonClass("primary", "col-span-2 sm:col-span-1")}>
        查询
      </button>
    </form>
  );
}

/** 口径说明: what every figure on the page means (lib/domain/stats/scoring.ts). */
export function ScoringDefinitions() {
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm print:break-inside-avoid" data-testid="scoring-definitions">
      <summary className="cursor-pointer font-medium text-slate-800">口径说明</summary>
      <dl className="mt-2 space-y-1.5">
        {SCORING_DEFINITIONS.map((d) => (
          <div key={d.term} className="sm:flex sm:gap-2">
            <dt className="shrink-0 font-medium text-slate-700 sm:w-28">{d.term}</dt>
            <dd className="text-slate-600">{d.text}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-2 text-xs text-slate-500">
        加减分值见 <Link href="/admin/scoring-rules" className="underline">绩效规则设置</Link>（系统管理员维护）。
      </p>
    </details>
  );
}

export function Points({ value }: { value: number }) {
  const cls = value > 0 ? "text-green-700" : value < 0 ? "text-red-700" : "text-slate-500";
  const text = value > 0 ? `+${value}` : value < 0 ? `−${Math.abs(value)}` : "0";
  return <span className={`tabular-nums ${cls}`}>{text}</span>;
}
