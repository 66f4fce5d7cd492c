import Link from "next/link";
import { clsx } from "clsx";
import { requireViewer } from "@/lib/auth/viewer";
import { restrictedReason } from "@/lib/domain/session";
import { navigationFor } from "@/lib/domain/navigation";
import { getSystemName } from "@/lib/data/settings";
import { NavLinks } from "@/components/shell/nav-links";
import { MobileNav } from "@/components/shell/mobile-nav";
import { BottomNav } from "@/components/shell/bottom-nav";
import { HeaderBadges } from "@/components/shell/header-badges";
import { headerCounts } from "@/lib/data/badges";
import { logoutAction } from "./actions";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  // The forced password change page lives inside the shell, so the shell itself admits that state.
  // The system name does not depend on who is looking: read beside the viewer rather than after.
  const [viewer, systemName] = await Promise.all([requireViewer({ allowMustChangePassword: true }), getSystemName()]);
  const restricted = restrictedReason(viewer) !== null;
  const groups = restricted ? [] : navigationFor(viewer);
  const counts = restricted ? null : await headerCounts(viewer);
  // 密码修改, 操作手册 and 用户注销 at the bottom of the menu sheet on a phone (the header has no room for them).
  const account = (
    <div className="space-y-1 text-sm">
      <p className="px-2 text-slate-500">
        {viewer.displayName} · {viewer.departmentName}
      </p>
      <Link href="/account/password" className="block rounded-md px-2 py-2.5 text-slate-700 hover:bg-slate-100">
        密码修改
      </Link>
      <Link href="/help" className="block rounded-md px-2 py-2.5 text-slate-700 hover:bg-slate-100">
        操作手册
      </Link>
      <form action={logoutAction}>
        <button type="submit" className="w-full rounded-md px-2 py-2.5 text-left text-slate-700 hover:bg-slate-100">
          用户注销
        </button>
      </form>
    </div>
  );
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="no-print sticky top-0 z-30 bg-brand-800 text-white shadow">
        <div className="flex h-14 items-center gap-1 px-3 sm:gap-2 sm:px-5">
          <MobileNav groups={groups} account={account} />
          <Link href="/" className="truncate text-base font-semibold sm:text-lg">
            {systemName}
          </Link>
          <div className="ml-auto flex items-center gap-1 text-sm sm:gap-3">
            <span className="hidden text-right leading-tight md:block" data-testid="header-user">
              <span className="block font-medium">{viewer.displayName}</span>
              <span className="block text-xs text-white/75">{viewer.departmentName}</span>
            </span>
            {counts !== null && <HeaderBadges initial={counts} />}
            {/* On a phone these two live at the bottom of the menu sheet (MobileNav): the header has no room. */}
            <Link href="/help" className="hidden rounded-md px-2 py-1.5 whitespace-nowrap hover:bg-white/10 sm:block">
              帮助
            </Link>
            <Link href="/account/password" className="hidden rounded-md px-2 py-1.5 whitespace-nowrap hover:bg-white/10 sm:block">
              密码修改
            </Link>
            <form action={logoutAction} className="hidden sm:block">
              <button type="submit" className="rounded-md px-2 py-1.5 whitespace-nowrap hover:bg-white/10">
                用户注销
              </button>
            </form>
          </div>
        </div>
      </header>
      <div className="flex flex-1">
        <aside className="no-print hidden w-56 shrink-0 border-r border-slate-200 bg-white p-3 lg:block">
          <NavLinks groups={groups} />
        </aside>
        {/* On a phone the bottom bar is fixed over the page's end: padded so the last row stays reachable. */}
        <main className={clsx("min-w-0 flex-1 p-3 sm:p-5", groups.length > 0 && "pb-[calc(5rem+env(safe-area-inset-bottom))] sm:pb-5")}>{children}</main>
      </div>
      {groups.length > 0 && <BottomNav groups={groups} account={account} />}
    </div>
  );
}
