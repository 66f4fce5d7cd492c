"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { activePhoneTab, phoneTabsFor, type NavGroup } from "@/lib/domain/navigation";
import { MobileNav, PHONE_TAB_CLASS } from "./mobile-nav";

const ICONS: Record<string, React.ReactNode> = {
  首页: <path d="M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z" />,
  待办: <path d="M9 5H6a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1h-3M9 5a3 3 0 0 0 6 0M9 5a3 3 0 0 1 6 0M9 14l2 2 4-4" />,
  任务: <path d="M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01" />,
  消息: <path d="M4 6h16v12H4zM4 7l8 6 8-6" />,
};

/**
 * The phone's bottom bar (below `sm`): 首页, the viewer's 待办 · 任务 · 消息 pages out of their menu
 * (phoneTabsFor over navigationFor), and 菜单, which opens the same menu sheet as the header button.
 * Fixed above the home indicator (safe-area inset); the layout pads the page so nothing hides under it.
 */
export function BottomNav({ groups, account }: { groups: NavGroup[]; account?: React.ReactNode }) {
  const pathname = usePathname();
  const tabs = [{ href: "/", label: "首页", match: [] }, ...phoneTabsFor(groups)];
  const active = pathname === "/" ? tabs[0] : activePhoneTab(tabs, pathname);
  return (
    <nav
      aria-label="底部导航"
      className="no-print fixed inset-x-0 bottom-0 z-30 flex border-t border-slate-200 bg-white/95 pb-[env(safe-area-inset-bottom)] shadow-[0_-1px_4px_rgba(15,23,42,0.06)] backdrop-blur sm:hidden"
      data-testid="bottom-nav"
    >
      {tabs.map((tab) => (
        <Link key={tab.href} href={tab.href} aria-current={active === tab ? "page" : undefined} className={PHONE_TAB_CLASS}>
          <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
            {ICONS[tab.label]}
          </svg>
          <span>{tab.label}</span>
        </Link>
      ))}
      <MobileNav groups={groups} account={account} trigger="tab" />
    </nav>
  );
}
