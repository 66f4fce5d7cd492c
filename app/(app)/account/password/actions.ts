"use server";

import { signOut } from "@/lib/auth/auth";
import { getViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { formInput } from "@/lib/forms/form-input";
import { changePassword } from "@/lib/services/auth/change-password";
import { runAction, type ActionResult } from "@/lib/action-result";
import { DomainError } from "@/lib/domain/errors";

/** 密码修改 (old + new); on success every session ends and the user logs in again with the new one. */
export async function changePasswordAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    // Deliberately not actingViewer(): a user who must change the password may do exactly this.
    const viewer = await getViewer();
    if (!viewer) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
    await changePassword(viewer, formInput(formData), await requestMeta());
  });
  if (result.ok) await signOut({ redirectTo: "/login?changed=1" });
  return result;
}
