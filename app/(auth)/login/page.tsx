import type { Metadata } from "next";
import Link from "next/link";
import { LoginForm } from "./login-form";
import { getSystemName } from "@/lib/data/settings";

export const metadata: Metadata = { title: "登录" };

/** The page the user wanted before being sent to log in, as a same-site path. */
function safeNext(callbackUrl: string | undefined): string {
  if (!callbackUrl) return "/";
  const url = new URL(callbackUrl, "http://localhost");
  return url.pathname.startsWith("/login") ? "/" : url.pathname + url.search;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const systemName = await getSystemName();
  // A sign-out is named as such, never as a timeout, even if an older link also carries `expired`.
  const notice = params.changed
    ? "密码已修改，请使用新密码重新登录"
    : params.signedOut
      ? "您已退出登录"
      : params.expired
        ? "登录已超时或失效，请重新登录"
        : null;
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-gradient-to-b from-brand-800 to-brand-600 px-4 py-10">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl sm:p-8">
        <div className="mb-6 text-center">
          <div className="mx-auto mb-3 flex size-12 items-center justify-center rounded-lg bg-brand-700 text-2xl font-bold text-white" aria-hidden>
            督
          </div>
          <h1 className="text-xl font-semibold text-slate-900">{systemName}</h1>
          <p className="mt-1 text-sm text-slate-500">请输入用户名和密码登录</p>
        </div>
        {notice && (
          <p role="status" data-testid="login-notice" className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-800">
            {notice}
          </p>
        )}
        <LoginForm next={safeNext(params.callbackUrl)} />
        <p className="mt-6 text-center text-xs leading-5 text-slate-500">
          离开电脑时请点击“用户注销”退出系统。
          <br />
          账号问题请联系信息中心。
        </p>
        <p className="mt-3 text-center text-sm">
          <Link href="/help" className="text-brand-700 underline underline-offset-4 hover:text-brand-800">
            操作手册
          </Link>
        </p>
      </div>
    </main>
  );
}
