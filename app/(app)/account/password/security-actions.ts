"use server";

import QRCode from "qrcode";
import { revalidatePath } from "next/cache";
import { checkViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { formInput } from "@/lib/forms/form-input";
import { runAction, type ActionResult } from "@/lib/action-result";
import { DomainError } from "@/lib/domain/errors";
import { totpUri } from "@/lib/auth/totp";
import { getSystemName } from "@/lib/data/settings";
import { confirmTotpEnrolment, startTotpEnrolment } from "@/lib/services/auth/totp-enrolment";
import { endOtherSessions } from "@/lib/services/auth/end-other-sessions";

/**
 * Like 密码修改, open to a user who is held on this page (forced password change, or an administrator who
 * must bind a 动态口令 first): a live, fully signed-in session is all it takes; the services check the rest.
 */
async function signedIn() {
  const check = await checkViewer();
  if (check.state !== "active") throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
  return check;
}

/** 绑定动态口令, step 1: the QR code (SVG drawn on the server) and the secret as text for typing in by hand. */
export async function startTotpAction(): Promise<ActionResult<{ secret: string; qrSvg: string }>> {
  return runAction(async () => {
    const { viewer } = await signedIn();
    const { secret } = await startTotpEnrolment(viewer);
    const uri = totpUri(secret, viewer.username, await getSystemName());
    const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
    return { secret, qrSvg };
  });
}

/** 绑定动态口令, step 2: the first code confirms it. */
export async function confirmTotpAction(_prev: ActionResult | null, formData: FormData): Promise<ActionResult> {
  const result = await runAction(async () => {
    const { viewer } = await signedIn();
    await confirmTotpEnrolment(viewer, formInput(formData), await requestMeta());
  }, "动态口令已绑定，今后登录时须输入动态口令");
  if (result.ok) revalidatePath("/account/password");
  return result;
}

/** 退出其他会话. */
export async function endOtherSessionsAction(): Promise<ActionResult<number>> {
  const result = await runAction(async () => {
    const { viewer, sessionId } = await signedIn();
    return endOtherSessions(viewer, sessionId, await requestMeta());
  });
  if (result.ok) revalidatePath("/account/password");
  return result;
}
