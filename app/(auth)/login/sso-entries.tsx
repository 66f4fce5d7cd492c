import { ssoConfig } from "@/lib/auth/sso/config";

/**
 * The OA single sign-on entries that are configured (none by default), as plain links so they work
 * without JavaScript; the OA portal's own "督查工作系统入口" can point at the same addresses.
 */
export function SsoEntries({ next }: { next: string }) {
  const config = ssoConfig();
  const query = next !== "/" ? `?next=${encodeURIComponent(next)}` : "";
  const entries = [
    config.oidc && { href: `/sso/oidc${query}`, label: config.oidc.label, id: "oidc" },
    config.cas && { href: `/sso/cas${query}`, label: config.cas.label, id: "cas" },
  ].filter((e): e is { href: string; label: string; id: string } => Boolean(e));
  if (entries.length === 0) return null;
  return (
    <div className="mb-5 space-y-2" data-testid="sso-entries">
      {entries.map((entry) => (
        <a
          key={entry.id}
          href={entry.href}
          data-testid={`sso-${entry.id}`}
          className="flex min-h-11 w-full items-center justify-center rounded-md border border-brand-700 px-4 py-2 text-sm font-medium text-brand-800 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
        >
          {entry.label}
        </a>
      ))}
      <p className="flex items-center gap-2 pt-1 text-xs text-slate-500" aria-hidden>
        <span className="h-px flex-1 bg-slate-200" />
        或使用本系统账号登录
        <span className="h-px flex-1 bg-slate-200" />
      </p>
    </div>
  );
}
