import Link from "next/link";

/**
 * notFound() inside the signed-in shell (another unit's task, a mistyped id): HTTP 404, rendered inside
 * the shell's <main>. Unknown URLs outside the shell get app/not-found.tsx.
 */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="not-found">
      <h1 className="font-medium text-slate-700">页面不存在或您无权查看</h1>
      <p className="mt-2 text-sm text-slate-500">
        <Link href="/" className="text-brand-700 underline">返回首页</Link>
      </p>
    </div>
  );
}
