import { ASSIGNMENT_STATUSES, TASK_STATUSES, type AssignmentStatus, type TaskStatus } from "@/lib/domain/workflow/states";

/**
 * List state lives in the URL (filter, sort, page) so a link reproduces the view. This module turns
 * Next's `searchParams` into a typed, validated object and back; anything malformed falls back to the
 * default rather than erroring, since URLs get hand-edited and shared.
 */
export type SearchParams = Record<string, string | string[] | undefined>;

export const TASK_SORTS = {
  "-created": "登记时间（新→旧）",
  created: "登记时间（旧→新）",
  deadline: "办理时限（近→远）",
  "-deadline": "办理时限（远→近）",
  taskNo: "督办编号",
} as const;
export type TaskSort = keyof typeof TASK_SORTS;

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
  sort: TaskSort;
  page: number;
  pageSize: number;
}

export interface AssignmentListParams {
  q: string;
  status: AssignmentStatus | "";
  sort: TaskSort;
  page: number;
  pageSize: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function one(params: SearchParams, key: string): string {
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
}

function pick<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function positiveInt(value: string, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : fallback;
}

function pageSize(params: SearchParams): number {
  const size = Number(one(params, "pageSize"));
  return (PAGE_SIZES as readonly number[]).includes(size) ? size : 20;
}

const uuidOrEmpty = (v: string) => (UUID.test(v) ? v : "");
const dayOrEmpty = (v: string) => (DAY.test(v) && !Number.isNaN(Date.parse(v)) ? v : "");

export function parseTaskListParams(params: SearchParams): TaskListParams {
  return {
    q: one(params, "q").slice(0, 100),
    status: pick(one(params, "status"), TASK_STATUSES, "" as TaskStatus) || "",
    urgency: uuidOrEmpty(one(params, "urgency")),
    source: uuidOrEmpty(one(params, "source")),
    category: uuidOrEmpty(one(params, "category")),
    type: uuidOrEmpty(one(params, "type")),
    dateField: one(params, "dateField") === "deadline" ? "deadline" : "created",
    from: dayOrEmpty(one(params, "from")),
    to: dayOrEmpty(one(params, "to")),
    sort: pick(one(params, "sort"), Object.keys(TASK_SORTS) as TaskSort[], "-created"),
    page: positiveInt(one(params, "page"), 1),
    pageSize: pageSize(params),
  };
}

export function parseAssignmentListParams(params: SearchParams): AssignmentListParams {
  return {
    q: one(params, "q").slice(0, 100),
    status: pick(one(params, "status"), ASSIGNMENT_STATUSES, "" as AssignmentStatus) || "",
    sort: pick(one(params, "sort"), Object.keys(TASK_SORTS) as TaskSort[], "-created"),
    page: positiveInt(one(params, "page"), 1),
    pageSize: pageSize(params),
  };
}

/** The query string for `params` with `changes` applied; defaults are left out to keep links short. */
export function listHref(pathname: string, params: SearchParams, changes: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value) qs.set(k, value);
  }
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === "") qs.delete(k);
    else qs.set(k, String(v));
  }
  const s = qs.toString();
  return s ? `${pathname}?${s}` : pathname;
}
