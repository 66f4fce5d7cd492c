import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { Card, PageHeader } from "@/components/ui/card";
import { ImportPanel } from "./import-panel";

export const metadata: Metadata = { title: "批量导入用户" };

export default async function ImportUsersPage() {
  await requirePermission("admin.users");
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <PageHeader
        title="批量导入用户"
        description="先预览检查，每一行都没有错误时才能导入；导入要么全部成功，要么一个也不写入。"
        actions={
          <a href="/admin/users/import/template" className="text-sm text-brand-700 underline" data-testid="download-template" download>
            下载导入模板
          </a>
        }
      />
      <Card>
        <ImportPanel />
      </Card>
    </div>
  );
}
