"use client";

import { useState, type ReactNode } from "react";
import { AlertDialog } from "radix-ui";
import { buttonClass, type ButtonVariant } from "./button";

/**
 * A button that asks before doing something irreversible (or disruptive). `onConfirm` runs when the
 * user confirms; the dialog stays open with a spinner label until it settles, and closes afterwards.
 */
export function ConfirmDialog({
  trigger,
  triggerVariant = "secondary",
  triggerClassName,
  title,
  description,
  confirmLabel = "确定",
  confirmVariant = "danger",
  onConfirm,
  disabled,
  testId,
}: {
  trigger: ReactNode;
  triggerVariant?: ButtonVariant;
  triggerClassName?: string;
  title: string;
  description: ReactNode;
  confirmLabel?: string;
  confirmVariant?: ButtonVariant;
  onConfirm: () => Promise<unknown> | void;
  disabled?: boolean;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => !pending && setOpen(next)}>
      <AlertDialog.Trigger className={buttonClass(triggerVariant, triggerClassName)} disabled={disabled} data-testid={testId}>
        {trigger}
      </AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <AlertDialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none">
          <AlertDialog.Title className="text-base font-semibold text-slate-900">{title}</AlertDialog.Title>
          <AlertDialog.Description asChild>
            <div className="mt-2 text-sm text-slate-600">{description}</div>
          </AlertDialog.Description>
          <div className="mt-5 flex flex-wrap justify-end gap-2">
            <AlertDialog.Cancel className={buttonClass("secondary")} disabled={pending}>
              取消
            </AlertDialog.Cancel>
            <button
              type="button"
              className={buttonClass(confirmVariant)}
              disabled={pending}
              data-testid={testId ? `${testId}-confirm` : undefined}
              onClick={async () => {
                setPending(true);
                try {
                  await onConfirm();
                } finally {
                  setPending(false);
                  setOpen(false);
                }
              }}
            >
              {pending ? "正在处理…" : confirmLabel}
            </button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
