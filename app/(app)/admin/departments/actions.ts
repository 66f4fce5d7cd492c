"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { createDepartment } from "@/lib/services/admin/departments/create-department";
import { updateDepartment } from "@/lib/services/admin/departments/update-department";
import { moveDepartment } from "@/lib/services/admin/departments/move-department";
import { reorderDepartment } from "@/lib/services/admin/departments/reorder-department";
import { setDepartmentEnabled } from "@/lib/services/admin/departments/set-department-enabled";
import { deleteDepartment } from "@/lib/services/admin/departments/delete-department";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

// Department names appear across the app (user lists, task forms, statistics): refresh everything.
const refresh = () => revalidatePath("/", "layout");

export async function createDepartmentAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(async () => {
    const viewer = await actingViewer("admin.departments");
    const created = await createDepartment(viewer, formInput(formData), await requestMeta());
    refresh();
    return created;
  });
  if (result.ok) redirect(`/admin/departments?created=${result.data.id}`);
  return result;
}

export async function updateDepartmentAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.departments");
    await updateDepartment(viewer, formInput(formData), await requestMeta());
    refresh();
  }, "已保存");
}

export async function moveDepartmentAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.departments");
    await moveDepartment(viewer, formInput(formData), await requestMeta());
    refresh();
  }, "已移动");
}

export async function reorderDepartmentAction(input: { id: string; version: number; direction: "up" | "down" }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.departments");
    await reorderDepartment(viewer, input, await requestMeta());
    refresh();
  });
}

export async function setDepartmentEnabledAction(input: { id: string; version: number; enabled: boolean }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.departments");
    await setDepartmentEnabled(viewer, input, await requestMeta());
    refresh();
  }, input?.enabled ? "已启用" : "已停用");
}

export async function deleteDepartmentAction(input: { id: string; version: number }): Promise<ActionResult> {
  const result = await runAction(async () => {
    const viewer = await actingViewer("admin.departments");
    await deleteDepartment(viewer, input, await requestMeta());
    refresh();
  });
  if (result.ok) redirect("/admin/departments?deleted=1");
  return result;
}
