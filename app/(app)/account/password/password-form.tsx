"use client";

import { useActionState } from "react";
import { changePasswordAction } from "./actions";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

export function PasswordForm() {
  const [state, action, pending] = useActionState<ActionResult | null, FormData>(changePasswordAction, null);
  const errors = state && !state.ok ? (state.fieldErrors ?? {}) : {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field label="原密码" htmlFor="oldPassword" error={errors.oldPassword} required>
        <Input id="oldPassword" name="oldPassword" type="password" autoComplete="current-password" invalid={!!errors.oldPassword} required />
      </Field>
      <Field label="新密码" htmlFor="newPassword" error={errors.newPassword} hint="至少 8 位，包含大写字母、小写字母、数字、符号中的至少三类" required>
        <Input id="newPassword" name="newPassword" type="password" autoComplete="new-password" invalid={!!errors.newPassword} required />
      </Field>
      <Field label="确认新密码" htmlFor="confirmPassword" error={errors.confirmPassword} required>
        <Input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" invalid={!!errors.confirmPassword} required />
      </Field>
      {state && !state.ok && (
        <p role="alert" data-testid="form-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "正在保存…" : "修改密码"}
      </Button>
    </form>
  );
}
