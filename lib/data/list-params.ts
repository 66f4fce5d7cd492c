import { isUuid } from "@/lib/domain/ids";
import { isIsoDate } from "@/lib/domain/work-calendar";

/**
 * The pieces every list's URL parser is built from (task lists, 用户管理, 操作日志). URLs get
 * hand-edited, shared and probed, so each piece turns anything malformed into the default view
 * instead of letting it reach SQL: a junk id, an impossible date, a page number past what a bigint
 * OFFSET holds, or a NUL character (which PostgreSQL refuses in text) would otherwise be a 500.
 * Pure, so the browser-side link builder and the server parsers share it.
 */
export type SearchParams = Record<string, string | string[] | undefined>;

/** Far beyond any real list; keeps OFFSET (page × size) well inside a bigint. */
export const MAX_PAGE = 100_000;

/** The first value of a parameter, trimmed ("" when absent). */
export function param(params: SearchParams, key: string): string {
  const v = params[key];
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
}

/** Free text to search for: control characters (NUL included) removed, at most `max` characters. */
export function searchText(value: string, max: number): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, max);
}

/** A 1-based page number; anything else (0, -1, 1.5, 1e3, 99999999999999999999999) → 1. */
export function pageNumber(value: string): number {
  if (!/^\d{1,6}$/.test(value)) return 1;
  const n = Number(value);
  return n >= 1 && n <= MAX_PAGE ? n : 1;
}

/**
 * One page of rows already in memory (an aggregated table: ~1 000 units, a unit's year of 绩效 items): the page the
 * URL asks for, clamped to the last one, and that page's rows.
 */
export function pageOf<T>(rows: readonly T[], pageParam: string, pageSize: number): { page: number; rows: T[] } {
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const page = Math.min(pageNumber(pageParam), pages);
  return { page, rows: rows.slice((page - 1) * pageSize, page * pageSize) };
}

/** `value` if it is one of `allowed`, else `fallback`. */
export function oneOf<T extends string>(value: string, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export const uuidOrEmpty = (value: string): string => (isUuid(value) ? value : "");
/** A real calendar date 'YYYY-MM-DD' (2026-02-30 is not one) that PostgreSQL accepts, else "". */
export const dateOrEmpty = (value: string): string => (isIsoDate(value) && value >= "1900-01-01" && value <= "9999-12-31" ? value : "");

/**
 * The one list link builder: `path` with `params` and then `changes` applied, empty values dropped so
 * links stay short and reproduce the view.
 */
export function listHref(path: string, params: SearchParams, changes: Record<string, string | number | undefined> = {}): string {
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
  return s ? `${path}?${s}` : path;
}
