"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { checkViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { throttledMinutes, recordFailure } from "@/lib/auth/ip-throttle";
import { getLockoutPolicy } from "@/lib/data/settings";
import { loginRefusalMessage } from "@/lib/domain/login-messages";
import { verifySecondFactor } from "@/lib/services/auth/verify-second-factor";

export interface TotpState {
  error?: string;
}

/** The login's second step: the 动态口令 of the pending session in this browser's cookie. */
export async function verifyTotpAction(_prev: TotpState, formData: FormData): Promise<TotpState> {
  const check = await checkViewer();
  if (check.state !== "pending") redirect(check.state === "active" ? "/" : "/login?expired=1");
  const code = (formData as unknown) instanceof FormData ? String(formData.get("code") ?? "").trim() : "";
  if (!code) return { error: "请输入 6 位动态口令" };
  const meta = await requestMeta();
  const wait = await throttledMinutes(meta.ip ?? null);
  if (wait > 0) return { error: loginRefusalMessage(`throttled:${wait}`) };
  const result = await verifySecondFactor({ userId: check.actor.userId, sessionId: check.sessionId, code, ...meta }, await getLockoutPolicy());
  if (result.ok) redirect("/");
  await recordFailure(meta.ip ?? null);
  if (result.reason === "totp_invalid") return { error: loginRefusalMessage("totp_invalid") };
  // Locked, or the pending session is gone: this login is over; back to the first step with the reason.
  await signOut({ redirectTo: result.reason === "locked" ? `/login?sso=locked:${result.minutesLeft}` : "/login?expired=1" });
  return {};
}

/** 返回登录: gives up this half-done login. */
export async function cancelTotpAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}
