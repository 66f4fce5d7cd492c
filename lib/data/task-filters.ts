import { ASSIGNMENT_STATUSES, TASK_STATUSES, type AssignmentStatus, type TaskStatus } from "@/lib/domain/workflow/states";
import { dateOrEmpty, oneOf, pageNumber, param, searchText, uuidOrEmpty, type SearchParams } from "./list-params";

/**
 * List state lives in the URL (filter, sort, page) so a link reproduces the view. This module turns
 * Next's `searchParams` into a typed, validated object and back; anything malformed falls back to the
 * default rather than erroring, since URLs get hand-edited and shared.
 */
export type { SearchParams } from "./list-params";
export { listHref } from "./list-params";

export const TASK_SORTS = {
  "-created": "登记时间（新→旧）",
  created: "登记时间（旧→新）",
  deadline: "办理时限（近→远）",
  "-deadline": "办理时限（远→近）",
  taskNo: "督办编号",
  light: "预警灯（红→黄→绿）",
} as const;
export type TaskSort = keyof typeof TASK_SORTS;

/** ?light=: only rows of one 预警灯 ("" = all). */
export const LIGHT_FILTERS = ["red", "yellow", "green"] as const;
export type LightFilter = (typeof LIGHT_FILTERS)[number] | "";

export const PAGE_SIZES = [10, 20, 50] as const;

export interface TaskListParams {
  q: string;
  status: TaskStatus | "";
  urgency: string;
  source: string;
  category: string;
  type: string;
  /** Which date the range applies to. */
  dateField: "created" | "deadline";
  from: string;
  to: string;
  light: LightFilter;
  sort: TaskSort;
  page: number;
  pageSize: number;
}

export interface AssignmentListParams {
  q: string;
  status: AssignmentStatus | "";
  light: LightFilter;
  sort: TaskSort;
  page: number;
  pageSize: number;
}

function pageSize(params: SearchParams): number {
  const size = Number(param(params, "pageSize"));
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : 20;
}

export function parseTaskListParams(params: SearchParams): TaskListParams {
  return {
    q: searchText(param(params, "q"), 100),
    status: oneOf(param(params, "status"), TASK_STATUSES, "" as TaskStatus) || "",
    urgency: uuidOrEmpty(param(params, "urgency")),
    source: uuidOrEmpty(param(params, "source")),
    category: uuidOrEmpty(param(params, "category")),
    type: uuidOrEmpty(param(params, "type")),
    dateField: param(params, "dateField") === "deadline" ? "deadline" : "created",
    from: dateOrEmpty(param(params, "from")),
    to: dateOrEmpty(param(params, "to")),
    light: oneOf(param(params, "light"), LIGHT_FILTERS, "" as LightFilter) || "",
    sort: oneOf(param(params, "sort"), Object.keys(TASK_SORTS) as TaskSort[], "-created"),
    page: pageNumber(param(params, "page")),
    pageSize: pageSize(params),
  };
}

export function parseAssignmentListParams(params: SearchParams): AssignmentListParams {
  return {
    q: searchText(param(params, "q"), 100),
    status: oneOf(param(params, "status"), ASSIGNMENT_STATUSES, "" as AssignmentStatus) || "",
    light: oneOf(param(params, "light"), LIGHT_FILTERS, "" as LightFilter) || "",
    sort: oneOf(param(params, "sort"), Object.keys(TASK_SORTS) as TaskSort[], "-created"),
    page: pageNumber(param(params, "page")),
    pageSize: pageSize(params),
  };
}
