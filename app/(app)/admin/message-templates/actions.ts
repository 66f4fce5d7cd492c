"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { resetMessageTemplate, updateMessageTemplate } from "@/lib/services/admin/templates/update-message-template";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

export async function updateMessageTemplateAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    const result = await updateMessageTemplate(viewer, formInput(formData), await requestMeta());
    revalidatePath("/admin/message-templates");
    return result;
  }, "已保存，之后发出的该类消息使用新模板");
}

export async function resetMessageTemplateAction(input: { kind: string; version: number }): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    const result = await resetMessageTemplate(viewer, input, await requestMeta());
    revalidatePath("/admin/message-templates");
    return result;
  }, "已恢复默认模板");
}
