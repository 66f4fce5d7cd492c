/** Shown while a list or task page loads (loading.tsx), so a slow network never looks like a dead click. */
export function ListSkeleton() {
  return (
    <div className="mx-auto max-w-7xl animate-pulse" aria-busy="true" aria-live="polite">
      <span className="sr-only">正在加载…</span>
      <div className="mb-4 h-7 w-40 rounded bg-slate-200" />
      <div className="mb-3 h-24 rounded-lg bg-slate-100" />
      <div className="space-y-2">
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="h-12 rounded bg-slate-100" />
        ))}
      </div>
    </div>
  );
}

export function DetailSkeleton() {
  return (
    <div className="mx-auto max-w-5xl animate-pulse space-y-4" aria-busy="true" aria-live="polite">
      <span className="sr-only">正在加载…</span>
      <div className="h-7 w-2/3 rounded bg-slate-200" />
      <div className="h-48 rounded-lg bg-slate-100" />
      <div className="h-32 rounded-lg bg-slate-100" />
    </div>
  );
}
