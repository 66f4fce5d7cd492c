import Link from "next/link";
import type { ReactNode } from "react";
import { inputClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { LIGHT_FILTERS, TASK_SORTS } from "@/lib/data/task-filters";
import { WARNING_LIGHT_LABELS, WARNING_LIGHT_RULES } from "@/lib/domain/warning-light";

/**
 * The filter bar of every list: a plain GET form, so the filters land in the URL, work without
 * JavaScript and by keyboard (Enter submits). Page resets to 1 because `page` is not a field.
 */
export function ListFilters({
  pathname,
  q,
  sort,
  placeholder,
  children,
  showSort = true,
  moreLabel,
  moreOpen = false,
  light,
}: {
  pathname: string;
  q: string;
  sort: string;
  placeholder: string;
  children?: ReactNode;
  showSort?: boolean;
  /** When set, `children` fold into a "more filters" disclosure (long filter sets on a phone). */
  moreLabel?: string;
  /** Unfold it, e.g. because one of those filters is in use. */
  moreOpen?: boolean;
  /** The current ?light= (offers the 预警灯 filter when given). */
  light?: string;
}) {
  return (
    <form method="get" action={pathname} role="search" className="mb-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="list-filters">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="block text-sm sm:col-span-2">
          <span className="mb-1 block text-slate-600">关键字</span>
          <input type="search" name="q" defaultValue={q} placeholder={placeholder} className={inputClass} data-testid="filter-q" />
        </label>
        {light !== undefined && (
          <FilterSelect label="预警灯" name="light" value={light} allLabel="全部">
            {LIGHT_FILTERS.map((l) => (
              <option key={l} value={l} title={WARNING_LIGHT_RULES[l]}>
                {l === "red" ? "红灯" : l === "yellow" ? "黄灯" : "绿灯"}（{WARNING_LIGHT_LABELS[l]}）
              </option>
            ))}
          </FilterSelect>
        )}
        {!moreLabel && children}
        {showSort && (
          <FilterSelect label="排序" name="sort" value={sort}>
            {Object.entries(TASK_SORTS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </FilterSelect>
        )}
      </div>
      {moreLabel && children && (
        <details open={moreOpen} className="group mt-3">
          <summary className="cursor-pointer select-none text-sm text-brand-700 hover:underline">{moreLabel}</summary>
          <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">{children}</div>
        </details>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="submit" className={buttonClass("primary")} data-testid="filter-submit">
          查询
        </button>
        <Link href={pathname} className={buttonClass("secondary")}>
          重置
        </Link>
      </div>
    </form>
  );
}

export function FilterSelect({ label, name, value, children, allLabel }: { label: string; name: string; value: string; children: ReactNode; allLabel?: string }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block text-slate-600">{label}</span>
      <select name={name} defaultValue={value} className={inputClass} data-testid={`filter-${name}`}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {children}
      </select>
    </label>
  );
}

export function FilterDate({ label, name, value }: { label: string; name: string; value: string }) {
  return (
    <label className="block text-sm">
      <span className="mb-1 block text-slate-600">{label}</span>
      <input type="date" name={name} defaultValue={value} className={inputClass} data-testid={`filter-${name}`} />
    </label>
  );
}
