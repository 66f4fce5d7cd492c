"use client";

import { useState } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import type { NavGroup } from "@/lib/domain/navigation";
import { NavLinks } from "./nav-links";

/** A tab of the phone's bottom bar (BottomNav), links and the 菜单 button alike. */
export const PHONE_TAB_CLASS =
  "flex min-h-14 flex-1 flex-col items-center justify-center gap-0.5 text-xs text-slate-600 hover:text-brand-700 aria-[current=page]:font-semibold aria-[current=page]:text-brand-700";

/**
 * On narrow screens the sidebar becomes a sheet opened from the header. On a phone the header has no room for
 * the account links either (they wrapped into a column of single characters), so `account` (密码修改, 用户注销)
 * is shown at the bottom of the sheet instead. `trigger="tab"`: opened from the bottom bar's 菜单 tab.
 */
export function MobileNav({ groups, account, trigger = "header" }: { groups: NavGroup[]; account?: React.ReactNode; trigger?: "header" | "tab" }) {
  const [open, setOpen] = useState(false);
  const icon = (
    <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <path d="M4 6h16M4 12h16M4 18h16" />
    </svg>
  );
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      {trigger === "header" ? (
        <Dialog.Trigger className="min-h-11 min-w-11 rounded-md p-2 text-white hover:bg-white/10 lg:hidden" aria-label="打开菜单">
          {icon}
        </Dialog.Trigger>
      ) : (
        // The last tab of the phone's bottom bar (BottomNav) opens the same sheet.
        <Dialog.Trigger className={PHONE_TAB_CLASS} data-testid="bottom-nav-menu">
          {icon}
          <span>菜单</span>
        </Dialog.Trigger>
      )}
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] overflow-y-auto bg-white p-4 shadow-xl focus:outline-none">
          <div className="mb-4 flex items-center justify-between">
            <Dialog.Title className="font-semibold">菜单</Dialog.Title>
            <Dialog.Close className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100" aria-label="关闭菜单">
              ✕
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">系统功能导航</Dialog.Description>
          <NavLinks groups={groups} onNavigate={() => setOpen(false)} />
          {account && <div className="mt-4 border-t border-slate-200 pt-3 sm:hidden">{account}</div>}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
