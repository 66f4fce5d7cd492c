import Link from "next/link";
import { scoringDefinitions } from "@/lib/domain/stats/scoring";

/** 口径说明: what every figure on the page means (lib/domain/stats/scoring.ts), with the period's 基础分. */
export function ScoringDefinitions({ base }: { base: number }) {
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm print:break-inside-avoid" data-testid="scoring-definitions">
      <summary className="cursor-pointer font-medium text-slate-800">口径说明</summary>
      <dl className="mt-2 space-y-1.5">
        {scoringDefinitions(base).map((d) => (
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
