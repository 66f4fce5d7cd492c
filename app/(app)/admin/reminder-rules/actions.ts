"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { updateReminderRule } from "@/lib/services/admin/rules/update-reminder-rule";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

export async function updateReminderRuleAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    const result = await updateReminderRule(viewer, formInput(formData, ["targets"]), await requestMeta());
    revalidatePath("/admin/reminder-rules");
    return result;
  }, "已保存");
}
