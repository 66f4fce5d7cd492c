"use client";

import { useState, useTransition } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { FormStatus } from "@/components/admin/form-status";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input } from "@/components/ui/field";
import { resetUserPasswordAction, resetUserTotpAction, setUserEnabledAction } from "../actions";

function ResetPasswordDialog({ id, version, username }: { id: string; version: number; username: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<ActionResult<{ temporaryPassword: string | null }> | null>(null);
  const [pending, startTransition] = useTransition();
  const errors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  return (
    <Dialog.Root
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        if (next) setResult(null);
      }}
    >
      <Dialog.Trigger className={buttonClass("secondary")} data-testid="reset-password">
        重置密码
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none">
          <Dialog.Title className="text-base font-semibold">重置 {username} 的密码</Dialog.Title>
          <Dialog.Description className="mt-1 text-sm text-slate-600">重置后该用户已登录的会话立即失效，下次登录须修改密码。</Dialog.Description>
          {result?.ok ? (
            <div className="mt-4 space-y-3" data-testid="reset-done">
              <FormStatus state={result} />
              {result.data.temporaryPassword && (
                <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
                  临时密码（只显示这一次）：
                  <code className="mt-1 block text-lg font-semibold tracking-wider select-all" data-testid="temporary-password">
                    {result.data.temporaryPassword}
                  </code>
                </div>
              )}
              <div className="flex justify-end">
                <Dialog.Close className={buttonClass("primary")}>完成</Dialog.Close>
              </div>
            </div>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                const formData = new FormData(event.currentTarget);
                startTransition(async () => {
                  const outcome = await resetUserPasswordAction(null, formData);
                  setResult(outcome);
                  if (outcome.ok) router.refresh();
                });
              }}
              className="mt-4 space-y-3"
              noValidate
            >
              <input type="hidden" name="id" value={id} />
              <input type="hidden" name="version" value={version} />
              <Field label="临时密码" htmlFor="reset-password-input" error={errors.password} hint="留空则由系统生成">
                <Input id="reset-password-input" name="password" type="text" autoComplete="new-password" invalid={!!errors.password} />
              </Field>
              {result && !result.ok && !errors.password && <FormStatus state={result} />}
              <div className="flex justify-end gap-2">
                <Dialog.Close className={buttonClass("secondary")} type="button">
                  取消
                </Dialog.Close>
                <Button type="submit" variant="danger" disabled={pending} data-testid="reset-password-confirm">
                  {pending ? "正在重置…" : "重置密码"}
                </Button>
              </div>
            </form>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** 账号状态: enable/disable (asks first) and password reset for one user. */
export function AccountPanel({
  id,
  version,
  username,
  enabled,
  isSelf,
  pendingCount = 0,
  totpBound = false,
}: {
  id: string;
  version: number;
  username: string;
  enabled: boolean;
  isSelf: boolean;
  /** Steps waiting on this user: the confirmation says they must be re-routed (listed below the panel). */
  pendingCount?: number;
  totpBound?: boolean;
}) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult | null>(null);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {enabled ? (
          <ConfirmDialog
            trigger="停用账号"
            testId="disable-user"
            disabled={isSelf}
            title={`停用 ${username}？`}
            description={
              pendingCount > 0
                ? `停用后该用户立即退出登录且不能再登录；其经办记录保留。该用户还有 ${pendingCount} 项待办环节，停用后请在本页“待办环节”中改派给其他人员。`
                : "停用后该用户立即退出登录且不能再登录；其经办记录保留。可随时重新启用。"
            }
            confirmLabel="停用"
            onConfirm={async () => {
              setResult(await setUserEnabledAction({ id, version, enabled: false }));
              router.refresh();
            }}
          />
        ) : (
          <ConfirmDialog
            trigger="启用账号"
            testId="enable-user"
            title={`启用 ${username}？`}
            description="启用后该用户可以重新登录。"
            confirmLabel="启用"
            confirmVariant="primary"
            onConfirm={async () => {
              setResult(await setUserEnabledAction({ id, version, enabled: true }));
              router.refresh();
            }}
          />
        )}
        <ResetPasswordDialog id={id} version={version} username={username} />
        {totpBound && !isSelf && (
          <ConfirmDialog
            trigger="重置动态口令"
            testId="reset-totp"
            title={`重置 ${username} 的动态口令？`}
            description="重置后该用户原手机验证器上的动态口令失效，其登录会话立即结束；该用户用密码登录后可重新绑定（系统要求管理员启用双因素认证时须先绑定）。"
            confirmLabel="重置"
            onConfirm={async () => {
              setResult(await resetUserTotpAction({ id, version }));
              router.refresh();
            }}
          />
        )}
      </div>
      {isSelf && <p className="text-xs text-slate-500">不能停用自己的账号。</p>}
      <FormStatus state={result} testId="account-status" />
    </div>
  );
}
