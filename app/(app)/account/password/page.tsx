import type { Metadata } from "next";
import { requireViewer } from "@/lib/auth/viewer";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "密码修改" };

export default async function PasswordPage() {
  const viewer = await requireViewer({ allowMustChangePassword: true });
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
    </div>
  );
}
