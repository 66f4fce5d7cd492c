import Link from "next/link";
import { clsx } from "clsx";
import { listHref, type SearchParams } from "@/lib/data/task-filters";

/** Page links that keep every other URL parameter; usable by keyboard and at 375 px. */
export function Pagination({ pathname, params, page, pageCount, total }: { pathname: string; params: SearchParams; page: number; pageCount: number; total: number }) {
  if (total === 0) return null;
  const link = (p: number, label: string, disabled: boolean, rel?: string) =>
    disabled ? (
      <span className="rounded-md border border-slate-200 px-3 py-1.5 text-slate-400" aria-disabled>
        {label}
      </span>
    ) : (
      <Link href={listHref(pathname, params, { page: p === 1 ? undefined : p })} rel={rel} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
        {label}
      </Link>
    );
  return (
    <nav aria-label="分页" className={clsx("mt-3 flex flex-wrap items-center justify-between gap-2 text-sm")}>
      <p className="text-slate-600" data-testid="list-total">
        共 {total} 条，第 {Math.min(page, pageCount)} / {pageCount} 页
      </p>
      <div className="flex gap-2">
        {link(page - 1, "上一页", page <= 1, "prev")}
        {link(page + 1, "下一页", page >= pageCount, "next")}
      </div>
    </nav>
  );
}
