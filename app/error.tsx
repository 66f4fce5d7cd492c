"use client";

/**
 * What a page shows when rendering it failed on the server (the database restarting, a bug): a clear Chinese
 * message instead of Next's English default. Production hides the error's text from the browser; the server log
 * has it, and the digest ties the two together.
 */
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return (
    <main className="mx-auto max-w-lg px-4 pt-20 text-center" data-testid="error-page">
      <h1 className="text-lg font-semibold">页面暂时无法显示</h1>
      <p className="mt-2 text-sm text-slate-700">系统暂时无法完成请求（数据库可能正在重启或维护），您的操作未被保存。请稍后重试；若持续出现，请联系系统管理员。</p>
      {error.digest ? <p className="mt-2 text-xs text-slate-500">错误编号：{error.digest}</p> : null}
      <p className="mt-4 text-sm">
        {/* A fresh request: the failure was on the server, so re-rendering what the browser has would not help. */}
        <button type="button" onClick={() => window.location.reload()} className="rounded border border-slate-300 px-3 py-1.5 text-brand-700 underline">
          重试
        </button>
      </p>
    </main>
  );
}
