import type { StatsPeriod } from "@/lib/domain/stats/period";

/** What the statistics pages filter by (lib/data/stats/params.ts parses it from the URL). Pure, no server-only. */
/** The filters of the statistics pages ("" = not filtered). */
export interface StatsFilters {
  period: Pick<StatsPeriod, "from" | "to">;
  /** departments.kind: 区级部门, 街道, 国有企业 … */
  unitKind: string;
  sourceId: string;
  categoryId: string;
  taskTypeId: string;
  urgencyId: string;
  /** One unit (a drill-down from its row). */
  departmentId: string;
}

/** The value of source / category / type that selects tasks registered without one (the "未设置" bucket). */
export const NOT_SET = "none";

export const NO_FILTERS: Omit<StatsFilters, "period"> = { unitKind: "", sourceId: "", categoryId: "", taskTypeId: "", urgencyId: "", departmentId: "" };

