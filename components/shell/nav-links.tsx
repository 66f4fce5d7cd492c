"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { clsx } from "clsx";
import type { NavGroup } from "@/lib/domain/navigation";

export function NavLinks({ groups, onNavigate }: { groups: NavGroup[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  // The longest matching href wins, so /tasks/new does not also light up /tasks.
  const active = groups
    .flatMap((g) => g.items.map((i) => i.href))
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label="主导航" className="space-y-5 text-sm">
      <Link
        href="/"
        onClick={onNavigate}
        aria-current={pathname === "/" ? "page" : undefined}
        className={clsx("block rounded-md px-3 py-2 font-medium", pathname === "/" ? "bg-brand-50 text-brand-800" : "text-slate-700 hover:bg-slate-100")}
      >
        首页
      </Link>
      {groups.map((group) => (
        <div key={group.label}>
          <p className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500">{group.label}</p>
          <ul className="space-y-0.5">
            {group.items.map((item) => (
              <li key={item.href}>
                <Link
                  href={item.href}
                  onClick={onNavigate}
                  aria-current={active === item.href ? "page" : undefined}
                  className={clsx(
                    "block rounded-md px-3 py-2",
                    active === item.href ? "bg-brand-50 font-medium text-brand-800" : "text-slate-700 hover:bg-slate-100",
                  )}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
