"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { runAction, type ActionResult } from "@/lib/action-result";
import { formInput } from "@/lib/forms/form-input";
import { markRead } from "@/lib/services/messages/mark-read";
import { markAllRead } from "@/lib/services/messages/mark-all-read";
import { requestMemberChange } from "@/lib/services/members/request-member-change";

/** 我的消息: opening a message marks it read; the page then goes to its link or task (when the viewer may open it). */
export async function markReadAction(input: { id: string }): Promise<ActionResult<{ taskId: string | null }>> {
  return runAction(async () => {
    const viewer = await actingViewer("messages.view");
    const { taskId } = await markRead(viewer, input);
    // The badge in the header counts unread messages on every page.
    revalidatePath("/", "layout");
    return { taskId };
  });
}

export async function markAllReadAction(input: { upTo: string }): Promise<ActionResult<{ marked: number }>> {
  return runAction(async () => {
    const viewer = await actingViewer("messages.view");
    const marked = await markAllRead(viewer, input);
    revalidatePath("/", "layout");
    return { marked };
  }, "已全部标为已读");
}

/** 单位用户信息: a 变更申请 to 信息中心. */
export async function requestMemberChangeAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const viewer = await actingViewer("unit.members.view");
    const result = await requestMemberChange(viewer, formInput(formData), await requestMeta());
    revalidatePath("/messages/unit-members");
    return result;
  }, "变更申请已提交，信息中心办理后会在下方显示结果");
}
