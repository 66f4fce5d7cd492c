import Link from "next/link";
import { clsx } from "clsx";

type Params = Record<string, string | undefined>;

/** Builds `path?params` keeping only non-empty values, so list links stay short and shareable. */
export function hrefWith(path: string, params: Params): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const s = query.toString();
  return s ? `${path}?${s}` : path;
}

/** Page links for a URL-driven list: the current filters are kept, only `page` changes. */
export function Pagination({ path, params, page, pageSize, total }: { path: string; params: Params; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total === 0) return null;
  const link = (p: number) => hrefWith(path, { ...params, page: p > 1 ? String(p) : undefined });
  const item = "inline-flex min-h-10 min-w-10 items-center justify-center rounded-md border px-3 text-sm";
  return (
    <nav aria-label="分页" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600" data-testid="pagination">
      <span>
        共 {total} 条，第 {Math.min(page, pages)} / {pages} 页
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link href={link(page - 1)} className={clsx(item, "border-slate-300 bg-white hover:bg-slate-50")} rel="prev">
            上一页
          </Link>
        ) : (
          <span className={clsx(item, "border-slate-200 text-slate-400")} aria-disabled>
            上一页
          </span>
        )}
        {page < pages ? (
          <Link href={link(page + 1)} className={clsx(item, "border-slate-300 bg-white hover:bg-slate-50")} rel="next">
            下一页
          </Link>
        ) : (
          <span className={clsx(item, "border-slate-200 text-slate-400")} aria-disabled>
            下一页
          </span>
        )}
      </span>
    </nav>
  );
}
