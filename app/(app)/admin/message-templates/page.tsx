import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { listMessageTemplates } from "@/lib/data/message-templates";
import { getEffectiveSettings } from "@/lib/data/settings";
import { PageHeader } from "@/components/ui/card";
import { TemplateEditor } from "./template-editor";

export const metadata: Metadata = { title: "消息模板" };

export default async function MessageTemplatesPage() {
  const viewer = await requirePermission("admin.rules");
  const [templates, settings] = await Promise.all([listMessageTemplates(viewer), getEffectiveSettings()]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="消息模板"
        description="每类通知一套模板：标题用于站内消息，正文同时用于短信和站内消息；短信前自动加上系统参数中的短信签名。保存后，之后发出的消息使用新模板，已发出的不变。"
      />
      <div className="grid gap-4 lg:grid-cols-2">
        {templates.map((t) => (
          <TemplateEditor key={t.kind} template={t} signature={settings.values.smsSignature} />
        ))}
      </div>
    </div>
  );
}
