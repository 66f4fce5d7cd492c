import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { getSettingsForAdmin } from "@/lib/data/settings";
import { SUPPORTED_EXTENSIONS } from "@/lib/domain/file-types";
import { PageHeader } from "@/components/ui/card";
import { SettingsForm } from "./settings-form";

export const metadata: Metadata = { title: "系统参数" };

export default async function SettingsPage() {
  const viewer = await requirePermission("admin.settings");
  const settings = await getSettingsForAdmin(viewer);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader title="系统参数" description="保存后立即生效；未在此保存过的参数使用部署时的环境变量或默认值。" />
      <SettingsForm
        values={{ ...settings.values, attachmentTypes: settings.values.attachmentTypes.join(", "), adminTotpRequired: settings.values.adminTotpRequired ? "on" : "" }}
        versions={settings.versions}
        sources={settings.sources}
        year={settings.year}
        nextSeq={settings.nextSeq}
        supportedTypes={SUPPORTED_EXTENSIONS}
      />
    </div>
  );
}
