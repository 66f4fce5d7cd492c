"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { runAction, type ActionResult } from "@/lib/action-result";
import { resendNotification } from "@/lib/services/notifications/resend";

/** 重新发送 a failed or suppressed SMS (the office, task.manage; the verb checks permission and scope). */
export async function resendNotificationAction(input: { id: string }): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const viewer = await actingViewer("task.manage");
    const result = await resendNotification(viewer, { id: input?.id }, await requestMeta());
    revalidatePath("/messages/notifications");
    return result;
  }, "已重新加入发送队列");
}
