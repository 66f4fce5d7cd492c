import { STATS_DEFINITIONS } from "@/lib/domain/stats/definitions";

/**
 * 口径说明: the definitions every number on the page follows (lib/domain/stats/definitions.ts, the same
 * text the SQL is tested against), folded away until the reader opens it. A native <details>: keyboard
 * usable without JavaScript, and it prints (opened) on paper when the reader opened it on screen.
 */
export function DefinitionsPanel({ extra = [] }: { extra?: ReadonlyArray<{ term: string; text: string }> }) {
  return (
    <details className="group rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="stats-definitions">
      <summary className="cursor-pointer font-medium text-brand-700 select-none">口径说明</summary>
      <dl className="mt-2 grid gap-x-4 gap-y-1.5 sm:grid-cols-[8rem_1fr]">
        {[...STATS_DEFINITIONS, ...extra].map((d) => (
          <div key={d.term} className="contents">
            <dt className="font-medium text-slate-700">{d.term}</dt>
            <dd className="text-slate-600">{d.text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
