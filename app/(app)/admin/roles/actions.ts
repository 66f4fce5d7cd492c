"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { createRole } from "@/lib/services/admin/roles/create-role";
import { updateRole } from "@/lib/services/admin/roles/update-role";
import { deleteRole } from "@/lib/services/admin/roles/delete-role";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

export async function createRoleAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await runAction(async () => {
    const viewer = await actingViewer("admin.roles");
    const created = await createRole(viewer, formInput(formData, ["permissions"]), await requestMeta());
    revalidatePath("/admin/roles");
    return created;
  });
  if (result.ok) redirect(`/admin/roles/${result.data.id}?created=1`);
  return result;
}

export async function updateRoleAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.roles");
    await updateRole(viewer, formInput(formData, ["permissions"]), await requestMeta());
    revalidatePath("/admin/roles", "layout");
  }, "已保存，拥有该角色的用户下一次操作起生效");
}

export async function deleteRoleAction(input: { id: string; version: number }): Promise<ActionResult> {
  const result = await runAction(async () => {
    const viewer = await actingViewer("admin.roles");
    await deleteRole(viewer, input, await requestMeta());
    revalidatePath("/admin/roles");
  });
  if (result.ok) redirect("/admin/roles?deleted=1");
  return result;
}
