"use client";

import { useActionState } from "react";
import { cancelTotpAction, verifyTotpAction, type TotpState } from "./actions";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export function TotpForm() {
  const [state, action, pending] = useActionState<TotpState, FormData>(verifyTotpAction, {});
  return (
    <div className="space-y-4">
      <form action={action} className="space-y-4" noValidate>
        <Field label="动态口令" htmlFor="code" hint="打开手机上的身份验证器，输入本系统当前显示的 6 位数字">
          <Input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" maxLength={6} required autoFocus />
        </Field>
        {state.error && (
          <p role="alert" data-testid="login-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
            {state.error}
          </p>
        )}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "正在验证…" : "验 证"}
        </Button>
      </form>
      <form action={cancelTotpAction}>
        <button type="submit" className="w-full text-center text-sm text-brand-700 underline underline-offset-2">
          返回登录
        </button>
      </form>
    </div>
  );
}
