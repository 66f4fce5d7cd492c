"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormStatus } from "@/components/admin/form-status";
import type { ActionResult } from "@/lib/action-result";
import { resendNotificationAction } from "./actions";

/** 重新发送: asks first (the person gets the SMS again), then puts it back in the delivery queue. */
export function ResendButton({ id, recipient, mobile }: { id: string; recipient: string; mobile: string }) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult<{ id: string }> | null>(null);
  return (
    <div className="mt-1 space-y-1">
      <ConfirmDialog
        trigger="重新发送"
        triggerClassName="min-h-8 px-2 py-1 text-xs"
        testId="resend-sms"
        title="重新发送这条短信？"
        description={`短信将重新加入发送队列，发给 ${recipient}（${mobile}）。`}
        confirmLabel="重新发送"
        confirmVariant="primary"
        onConfirm={async () => {
          setResult(await resendNotificationAction({ id }));
          router.refresh();
        }}
      />
      <FormStatus state={result} testId="resend-status" />
    </div>
  );
}
