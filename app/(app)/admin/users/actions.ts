"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { createUser } from "@/lib/services/admin/users/create-user";
import { updateUser } from "@/lib/services/admin/users/update-user";
import { setUserEnabled } from "@/lib/services/admin/users/set-user-enabled";
import { resetUserPassword } from "@/lib/services/admin/users/reset-user-password";
import { resetUserTotp } from "@/lib/services/admin/users/reset-user-totp";
import { decideMemberChange } from "@/lib/services/admin/users/decide-member-change";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

export async function createUserAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ id: string; temporaryPassword: string | null }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.users");
    const result = await createUser(viewer, formInput(formData, ["roleIds"]), await requestMeta());
    revalidatePath("/admin/users");
    return result;
  }, "用户已创建");
}

export async function updateUserAction(_prev: unknown, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.users");
    await updateUser(viewer, formInput(formData, ["roleIds"]), await requestMeta());
    revalidatePath("/admin/users", "layout");
  }, "已保存");
}

export async function setUserEnabledAction(input: { id: string; version: number; enabled: boolean }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.users");
    await setUserEnabled(viewer, input, await requestMeta());
    revalidatePath("/admin/users", "layout");
  }, input?.enabled ? "已启用该用户" : "已停用该用户，其登录会话已失效");
}

export async function resetUserPasswordAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ temporaryPassword: string | null }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.users");
    const result = await resetUserPassword(viewer, formInput(formData), await requestMeta());
    revalidatePath("/admin/users", "layout");
    return result;
  }, "密码已重置，该用户下次登录时须修改密码");
}

/** 重置动态口令 (admin.users): the recovery for a lost phone; audited. */
export async function resetUserTotpAction(input: { id: string; version: number }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.users");
    await resetUserTotp(viewer, input, await requestMeta());
    revalidatePath("/admin/users", "layout");
  }, "动态口令已重置，该用户的登录会话已失效");
}

export async function decideMemberChangeAction(input: { id: string; version: number; decision: "done" | "rejected"; note: string }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.users");
    await decideMemberChange(viewer, input, await requestMeta());
    revalidatePath("/admin/users", "layout");
  }, input?.decision === "done" ? "已标记为已办理" : "已标记为不采纳");
}
