import type { Metadata } from "next";
import { checkViewer, requireViewer } from "@/lib/auth/viewer";
import { holdsBackOfficePermission } from "@/lib/domain/policy";
import { listMySessions } from "@/lib/data/account-sessions";
import { formatDateTime } from "@/lib/domain/dates";
import { describeUserAgent, LOGIN_METHOD_LABELS } from "@/lib/domain/session";
import { EndOtherSessions, TotpEnrolment } from "./security-panels";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { PasswordForm } from "./password-form";
import { FontSizeSwitch } from "@/components/shell/font-size-switch";
import { requestFontSize } from "@/lib/http/font-size";

export const metadata: Metadata = { title: "密码修改" };

export default async function PasswordPage() {
  const [viewer, fontSize, check] = await Promise.all([requireViewer({ allowMustChangePassword: true }), requestFontSize(), checkViewer()]);
  const sessions = await listMySessions(viewer);
  const currentId = check.state === "active" ? check.sessionId : null;
  const isAdmin = holdsBackOfficePermission(viewer.permissions);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <PageHeader title="密码修改" description="修改后需使用新密码重新登录" />
      {viewer.mustChangePassword ? (
        <Notice tone="warning" testId="must-change-notice">
          您的密码为初始密码或已被管理员重置，请先修改密码后再使用系统。
        </Notice>
      ) : viewer.passwordExpired ? (
        <Notice tone="warning" testId="must-change-notice">
          您的密码已超过系统规定的有效期，请先修改密码后再使用系统。
        </Notice>
      ) : viewer.mustEnrollTotp ? (
        <Notice tone="warning" testId="totp-required-notice">
          系统要求管理员启用双因素认证：请先在下方绑定动态口令后再使用系统。
        </Notice>
      ) : null}
      <Card>
        <PasswordForm />
      </Card>
      {isAdmin && (
        <Card title="双因素认证（动态口令）">
          {viewer.totpEnabled ? (
            <p className="text-sm text-slate-700" data-testid="totp-enabled">
              已绑定。登录时（含从 OA 进入）须输入手机验证器上的 6 位动态口令。手机丢失或更换时请联系其他系统管理员在“用户管理”中重置。
            </p>
          ) : (
            <TotpEnrolment />
          )}
        </Card>
      )}
      <Card title="我的登录会话">
        <ul className="mb-3 divide-y divide-slate-100 text-sm" data-testid="my-sessions">
          {sessions.map((s) => (
            <li key={s.id} className="py-2">
              <span className="font-medium">{formatDateTime(s.createdAt)}</span> 登录 · {s.ip ?? "未知地址"}
              {s.id === currentId && <span className="ml-2 rounded bg-brand-50 px-1.5 text-xs text-brand-800">当前会话</span>}
              <span className="block text-xs text-slate-500" title={s.userAgent ?? undefined}>
                {describeUserAgent(s.userAgent)} · {LOGIN_METHOD_LABELS[s.method] ?? s.method}
              </span>
            </li>
          ))}
        </ul>
        <EndOtherSessions count={sessions.filter((s) => s.id !== currentId).length} />
      </Card>
      {/* 适老化: the account page is where everyone (desktop header, phone menu) finds their own settings. */}
      <Card title="显示设置">
        <FontSizeSwitch initial={fontSize} />
        <p className="mt-2 text-sm text-slate-600">放大全部页面的文字，只对这台电脑（或手机）的这个浏览器有效。</p>
      </Card>
    </div>
  );
}
