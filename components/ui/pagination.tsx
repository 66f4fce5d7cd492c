import Link from "next/link";
import { clsx } from "clsx";
import { listHref, type SearchParams } from "@/lib/data/list-params";

/**
 * The one pager of every URL-driven list (task lists, 用户管理, 操作日志): the current filters are
 * kept, only `page` changes. Usable by keyboard and at 375 px (40 px touch targets).
 */
/**
 * `capped`: the list counted only up to `total` and there are more (task lists stop counting at 10 000, see
 * lib/data/tasks/shared.ts COUNT_CAP): the pager says "10 000+" and that later rows need a narrower filter.
 */
export function Pagination({
  path,
  params,
  page,
  pageSize,
  total,
  capped = false,
  noun = "条",
}: {
  path: string;
  params: SearchParams;
  page: number;
  pageSize: number;
  total: number;
  capped?: boolean;
  /** What is counted ("条" rows; "个单位" on a statistics table). */
  noun?: string;
}) {
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const item = "inline-flex min-h-10 min-w-10 items-center justify-center rounded-md border px-3 text-sm";
  const link = (p: number, label: string, disabled: boolean, rel: string) =>
    disabled ? (
      <span className={clsx(item, "border-slate-200 text-slate-500")} aria-disabled>
        {label}
      </span>
    ) : (
      <Link href={listHref(path, params, { page: p > 1 ? p : undefined })} rel={rel} className={clsx(item, "border-slate-300 bg-white hover:bg-slate-50")}>
        {label}
      </Link>
    );
  return (
    <nav aria-label="分页" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600" data-testid="pagination">
      <span data-testid="list-total">
        {capped ? `超过 ${total.toLocaleString("zh-CN")} 条` : `共 ${total} ${noun}`}，第 {Math.min(page, pages)} / {pages} 页
        {capped && <span className="ml-1 text-slate-500">（只列出前 {total.toLocaleString("zh-CN")} 条，请用检索或筛选缩小范围）</span>}
      </span>
      <span className="flex gap-2">
        {link(page - 1, "上一页", page <= 1, "prev")}
        {link(page + 1, "下一页", page >= pages, "next")}
      </span>
    </nav>
  );
}
