import type { Metadata } from "next";
import Link from "next/link";
import { getViewer } from "@/lib/auth/viewer";
import { getSystemName } from "@/lib/data/settings";
import { requestFontSize } from "@/lib/http/font-size";
import { FontSizeSwitch } from "@/components/shell/font-size-switch";
import { HELP_PDF_DOWNLOAD_NAME, HELP_PDF_HREF } from "@/lib/help/screens";

export const metadata: Metadata = { title: { default: "操作手册", template: "%s · 操作手册" } };

/**
 * The 操作手册 is public (proxy.ts lets /help through without a session): the login page links to it, and
 * someone who cannot log in is exactly who needs it. Its own plain shell: system name, 字号, 下载 PDF 版, and
 * 返回系统 or 登录 depending on whether this browser is signed in.
 */
export default async function HelpLayout({ children }: { children: React.ReactNode }) {
  const [viewer, systemName, fontSize] = await Promise.all([getViewer(), getSystemName(), requestFontSize()]);
  return (
    <div className="flex min-h-dvh flex-col bg-white">
      <header className="no-print bg-brand-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
          <Link href="/help" className="flex min-w-0 items-baseline gap-2">
            <span className="truncate text-lg font-semibold">{systemName}</span>
            <span className="shrink-0 text-white/90">操作手册</span>
          </Link>
          <nav aria-label="手册操作" className="ml-auto flex flex-wrap items-center justify-end gap-2 text-sm">
            <FontSizeSwitch initial={fontSize} tone="dark" />
            <a href={HELP_PDF_HREF} download={HELP_PDF_DOWNLOAD_NAME} className="rounded-md border border-white/60 px-3 py-1.5 whitespace-nowrap hover:bg-white/15" data-testid="help-pdf">
              下载 PDF 版
            </a>
            <Link href={viewer ? "/" : "/login"} className="rounded-md bg-white px-3 py-1.5 font-medium whitespace-nowrap text-brand-800 hover:bg-brand-50" data-testid="help-back">
              {viewer ? "返回系统" : "登录"}
            </Link>
          </nav>
        </div>
      </header>
      <div className="flex-1">{children}</div>
      <footer className="no-print border-t border-slate-200 bg-slate-50 px-4 py-4 text-center text-sm text-slate-600">账号和权限问题请联系信息中心；业务问题请联系区政府督查室。</footer>
    </div>
  );
}
