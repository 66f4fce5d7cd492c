"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { clsx } from "clsx";
import type { NavItem } from "@/lib/domain/navigation";

/** The back office's own tab bar: scrolls sideways on a phone instead of wrapping into a wall. */
export function AdminSubnav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const active = items
    .map((i) => i.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label="系统设置" className="no-print -mx-3 mb-4 overflow-x-auto border-b border-slate-200 px-3 sm:-mx-5 sm:px-5" data-testid="admin-subnav">
      <ul className="flex min-w-max gap-1">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active === item.href ? "page" : undefined}
              className={clsx(
                "-mb-px inline-block border-b-2 px-3 py-2 text-sm whitespace-nowrap",
                active === item.href ? "border-brand-700 font-medium text-brand-800" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900",
              )}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
