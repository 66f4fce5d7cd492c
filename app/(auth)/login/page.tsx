import type { Metadata } from "next";
import { LoginForm } from "./login-form";
import { SsoEntries } from "./sso-entries";
import { getEffectiveSettings } from "@/lib/data/settings";
import { oaLogoutUrl } from "@/lib/auth/sso/oa-logout";
import { ssoConfig } from "@/lib/auth/sso/config";
import { ssoRefusalMessage } from "@/lib/domain/login-messages";
import { sameSitePath } from "@/lib/http/same-site-path";
import { PhoneAccess } from "./phone-access";

export const metadata: Metadata = { title: "登录" };

/** The page the user wanted before being sent to log in (the proxy passes it as an absolute URL), as a same-site path. */
function safeNext(callbackUrl: string | undefined): string {
  if (!callbackUrl) return "/";
  try {
    const url = new URL(callbackUrl, "http://localhost");
    return sameSitePath(url.pathname + url.search);
  } catch {
    return "/";
  }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const params = await searchParams;
  const [{ values: settings }, oaLogout] = await Promise.all([getEffectiveSettings(), params.signedOut ? oaLogoutUrl(params.oa) : null]);
  const systemName = settings.systemName;
  const sso = ssoConfig();
  // A refused OA entry (?sso=…) or a failed OpenID Connect round trip (?error=…, from Auth.js).
  const refusal = params.sso ? ssoRefusalMessage(params.sso) : params.error ? ssoRefusalMessage("failed") : null;
  // A sign-out is named as such, never as a timeout, even if an older link also carries `expired`.
  const notice = params.changed
    ? "密码已修改，请使用新密码重新登录"
    : params.signedOut
      ? "您已退出登录"
      : params.displaced
        ? "您的账号已在其他地方登录，本次登录已结束。如非本人操作，请立即修改密码"
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
          <p className="mt-1 text-sm text-slate-500">
            {settings.passwordLogin === "admins_only"
              ? "请从 OA 门户进入；密码登录仅限系统管理员"
              : sso.oidc || sso.cas
                ? "请从 OA 统一身份认证进入，或输入本系统的用户名和密码"
                : "请输入用户名和密码登录"}
          </p>
        </div>
        {notice && (
          <p role="status" data-testid="login-notice" className="mb-4 rounded-md border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-800">
            {notice}
          </p>
        )}
        {refusal && (
          <p role="alert" data-testid="sso-error" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {refusal}
          </p>
        )}
        {oaLogout && (
          <p className="mb-4 text-sm">
            <a href={oaLogout} data-testid="oa-logout" className="text-brand-700 underline underline-offset-2 hover:text-brand-800">
              同时退出 OA 门户
            </a>
            <span className="text-slate-500">（本系统已退出；在公用电脑上请一并退出 OA）</span>
          </p>
        )}
        <SsoEntries next={safeNext(params.callbackUrl)} />
        <LoginForm next={safeNext(params.callbackUrl)} />
        <p className="mt-6 text-center text-xs leading-5 text-slate-500">
          离开电脑时请点击“用户注销”退出系统。
          <br />
          账号问题请联系信息中心。
        </p>
      </div>
      <PhoneAccess />
    </main>
  );
}
