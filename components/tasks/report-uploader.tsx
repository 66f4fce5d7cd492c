import { getAttachmentRules } from "@/lib/data/attachments";
import { AttachmentUploader } from "@/components/attachments/uploader";

/** The files engineer's uploader with the limits in force (系统参数 / env), for task and report forms. */
export async function ReportUploader({ label = "附件" }: { label?: string }) {
  const rules = await getAttachmentRules();
  return <AttachmentUploader label={label} rules={{ maxMb: rules.maxMb, maxBytes: rules.maxBytes, extensions: rules.extensions }} />;
}
