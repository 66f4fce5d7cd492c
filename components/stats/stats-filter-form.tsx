import Link from "next/link";
import { DEPARTMENT_KINDS } from "@/db/schema/org";
import { DEPARTMENT_KIND_LABELS } from "@/lib/services/admin/departments/department-shared";
import { PERIOD_KINDS, type PeriodKind, type StatsPeriod } from "@/lib/domain/stats/period";
import type { StatsFilters } from "@/lib/data/stats/metrics-filters";
import type { StatsFilterOptions } from "@/lib/data/stats/lookup";
import { buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";

/**
 * The filter form of every statistics page: a plain GET form, so the URL holds the whole view (a link or a
 * bookmark reproduces the figures, and it works before any JavaScript). The period fields are all present;
 * parsePeriod reads the ones its `period` kind needs. `hidden` carries page-specific parameters (the sort,
 * the dimension tab) through a new query.
 */
function Choice({ id, label, all, value, options }: { id: string; label: string; all: string; value: string; options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <div>
      <label htmlFor={`stats-${id}`} className="text-xs text-slate-500">
        {label}
      </label>
      <Select id={`stats-${id}`} name={id} defaultValue={value}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function StatsFilterForm({
  path,
  period,
  filters,
  options,
  hidden = {},
  showUnitKind = true,
}: {
  path: string;
  period: StatsPeriod;
  filters: StatsFilters;
  options: StatsFilterOptions;
  hidden?: Record<string, string>;
  showUnitKind?: boolean;
}) {
  const kinds = DEPARTMENT_KINDS.filter((k) => k !== "office").map((k) => [k, DEPARTMENT_KIND_LABELS[k]] as const);
  const asOptions = (list: { id: string; name: string }[]) => list.map((o) => [o.id, o.name] as const);
  return (
    <form method="get" action={path} role="search" aria-label="统计条件" className="no-print space-y-3 rounded-lg border border-slate-200 bg-white p-3" data-testid="stats-filter-form">
      {Object.entries(hidden).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      <PeriodFields period={period} defaultKind="year" />
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-[repeat(5,1fr)_auto]">
        {showUnitKind && <Choice id="unitKind" label="单位类型" all="全部单位" value={filters.unitKind} options={kinds} />}
        <Choice id="source" label="事件来源" all="全部来源" value={filters.sourceId} options={asOptions(options.sources)} />
        <Choice id="category" label="事项类别" all="全部类别" value={filters.categoryId} options={asOptions(options.categories)} />
        <Choice id="type" label="办件类型" all="全部类型" value={filters.taskTypeId} options={asOptions(options.types)} />
        <Choice id="urgency" label="紧急程度" all="全部" value={filters.urgencyId} options={asOptions(options.urgencies)} />
        <div className="col-span-2 flex items-end gap-2 sm:col-span-1">
          <button type="submit" className={buttonClass("primary", "flex-1 sm:flex-none")}>
            统计
          </button>
          <Link href={path} className={buttonClass("ghost")}>
            重置
          </Link>
        </div>
      </div>
      {filters.departmentId && <input type="hidden" name="unit" value={filters.departmentId} />}
    </form>
  );
}

const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { year: "年度", quarter: "季度", month: "月度", range: "自定义区间" };

/**
 * The period fields of every statistics form (年 / 季度 / 月 / 自定义区间). All are present; parsePeriod reads the
 * ones the chosen kind needs. `defaultKind` is the page's default (this year for the statistics, this month for
 * 绩效考核), offered as the empty choice so a bare URL and the form agree.
 */
export function PeriodFields({ period, defaultKind }: { period: StatsPeriod; defaultKind: PeriodKind }) {
  const year = period.params.year ?? period.from.slice(0, 4);
  return (
  <fieldset className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6">
    <legend className="sr-only">统计周期</legend>
    <Choice
      id="period"
      label="统计周期"
      all={`${PERIOD_KIND_LABELS[defaultKind]}（默认）`}
      value={period.kind === defaultKind ? "" : period.kind}
      options={PERIOD_KINDS.filter((k) => k !== defaultKind).map((k) => [k, PERIOD_KIND_LABELS[k]] as const)}
    />
    <div>
      <label htmlFor="stats-year" className="text-xs text-slate-500">
        年度 / 季度所在年
      </label>
      <Input id="stats-year" name="year" type="number" min={2000} max={2100} defaultValue={year} inputMode="numeric" />
    </div>
    <Choice
      id="q"
      label="季度"
      all="—"
      value={period.params.q ?? ""}
      options={[
        ["1", "第1季度"],
        ["2", "第2季度"],
        ["3", "第3季度"],
        ["4", "第4季度"],
      ]}
    />
    <div>
      <label htmlFor="stats-month" className="text-xs text-slate-500">
        月份
      </label>
      <Input id="stats-month" name="month" type="month" defaultValue={period.params.month ?? ""} />
    </div>
    <div>
      <label htmlFor="stats-from" className="text-xs text-slate-500">
        区间开始
      </label>
      <Input id="stats-from" name="from" type="date" defaultValue={period.params.from ?? ""} />
    </div>
    <div>
      <label htmlFor="stats-to" className="text-xs text-slate-500">
        区间结束
      </label>
      <Input id="stats-to" name="to" type="date" defaultValue={period.params.to ?? ""} />
    </div>
  </fieldset>
  );
}

/** A form with the period alone (pages without the unit and base-data filters, e.g. 绩效考核统计). */
export function PeriodForm({ path, period, defaultKind }: { path: string; period: StatsPeriod; defaultKind: PeriodKind }) {
  return (
    <form method="get" action={path} role="search" aria-label="选择统计周期" className="no-print space-y-3 rounded-lg border border-slate-200 bg-white p-3" data-testid="period-form">
      <PeriodFields period={period} defaultKind={defaultKind} />
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary")}>
          查询
        </button>
        <Link href={path} className={buttonClass("ghost")}>
          重置
        </Link>
      </div>
    </form>
  );
}
