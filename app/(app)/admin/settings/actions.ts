"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import type { SettingKey } from "@/lib/domain/settings";
import { updateSettings } from "@/lib/services/admin/settings/update-settings";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

export async function updateSettingsAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ changed: SettingKey[] }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.settings");
    const result = await updateSettings(viewer, formInput(formData), await requestMeta());
    // The system name is in every page's header.
    revalidatePath("/", "layout");
    return result;
  }, "已保存");
}
