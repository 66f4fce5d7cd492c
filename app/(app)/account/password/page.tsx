import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/viewer";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { PasswordForm } from "./password-form";
import { FontSizeSwitch } from "@/components/shell/font-size-switch";
import { requestFontSize } from "@/lib/http/font-size";

export const metadata: Metadata = { title: "密码修改" };

export default async function PasswordPage() {
  const [viewer, fontSize] = await Promise.all([requireViewer({ allowMustChangePassword: true }), requestFontSize()]);
  return (
    <div className="mx-auto max-w-md space-y-4">
      <PageHeader title="密码修改" description="修改后需使用新密码重新登录" />
      {viewer.mustChangePassword && (
        <Notice tone="warning" testId="must-change-notice">
          您的密码为初始密码或已被管理员重置，请先修改密码后再使用系统。
        </Notice>
      )}
      <Card>
        <PasswordForm />
      </Card>
      {/* 适老化: the account page is where everyone (desktop header, phone menu) finds their own settings. */}
      <Card title="显示设置">
        <FontSizeSwitch initial={fontSize} />
        <p className="mt-2 text-sm text-slate-600">放大全部页面的文字，只对这台电脑（或手机）的这个浏览器有效。</p>
      </Card>
    </div>
  );
}
