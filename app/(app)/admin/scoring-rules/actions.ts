"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { createScoringRule } from "@/lib/services/admin/rules/create-scoring-rule";
import { updateScoringRule } from "@/lib/services/admin/rules/update-scoring-rule";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

export async function createScoringRuleAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    const result = await createScoringRule(viewer, { ...formInput(formData), enabled: formData.get("enabled") === "on" }, await requestMeta());
    revalidatePath("/admin/scoring-rules");
    return result;
  }, "已添加");
}

export async function updateScoringRuleAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.rules");
    // An unchecked box is absent from FormData: absent means disabled here.
    const result = await updateScoringRule(viewer, { ...formInput(formData), enabled: formData.get("enabled") === "on" }, await requestMeta());
    revalidatePath("/admin/scoring-rules");
    return result;
  }, "已保存");
}
