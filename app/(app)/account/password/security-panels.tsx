"use client";

import { useActionState, useState, useTransition } from "react";
import { confirmTotpAction, endOtherSessionsAction, startTotpAction } from "./security-actions";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

/** 绑定动态口令: start (QR code + secret text), then confirm with the first code. */
export function TotpEnrolment() {
  const [started, setStarted] = useState<{ secret: string; qrSvg: string } | null>(null);
  const [startError, setStartError] = useState<string | null>(null);
  const [starting, startTransition] = useTransition();
  const [state, confirm, confirming] = useActionState<ActionResult | null, FormData>(confirmTotpAction, null);
  const begin = () =>
    startTransition(async () => {
      const result = await startTotpAction();
      if (result.ok) setStarted(result.data);
      else setStartError(result.message);
    });
  if (!started) {
    return (
      <div className="space-y-2">
        <Button onClick={begin} disabled={starting} data-testid="totp-start">
          {starting ? "正在生成…" : "开始绑定"}
        </Button>
        {startError && <p role="alert" className="text-sm text-red-700">{startError}</p>}
      </div>
    );
  }
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">1. 用手机上的身份验证器（如微信小程序“腾讯身份验证器”、Microsoft Authenticator）扫描二维码：</p>
      {/* The SVG is the qrcode package's output for the otpauth address: modules as paths, no text from the request. */}
      <div className="size-44 border border-slate-200" dangerouslySetInnerHTML={{ __html: started.qrSvg }} aria-label="动态口令二维码" role="img" />
      <p className="text-sm text-slate-700">
        无法扫码时手动输入密钥：<code data-testid="totp-secret" className="break-all rounded bg-slate-100 px-1 font-mono">{started.secret}</code>
      </p>
      <form action={confirm} className="space-y-3" noValidate>
        <Field label="2. 输入验证器显示的 6 位数字" htmlFor="totp-code" error={errors.code} required>
          <Input id="totp-code" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} invalid={!!errors.code} />
        </Field>
        {state && !state.ok && !errors.code && <p role="alert" className="text-sm text-red-700">{state.message}</p>}
        <Button type="submit" disabled={confirming}>
          {confirming ? "正在验证…" : "确认绑定"}
        </Button>
      </form>
    </div>
  );
}

/** 退出其他会话 (this browser stays signed in). */
export function EndOtherSessions({ count }: { count: number }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        disabled={pending || count === 0}
        onClick={() =>
          startTransition(async () => {
            const result = await endOtherSessionsAction();
            setMessage(result.ok ? `已退出其他 ${result.data} 个会话` : result.message);
          })
        }
      >
        退出其他会话
      </Button>
      {message && <p role="status" className="text-sm text-slate-700">{message}</p>}
    </div>
  );
}
