"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormStatus } from "@/components/admin/form-status";
import { Field, Textarea } from "@/components/ui/field";
import { decideMemberChangeAction } from "../actions";

/**
 * 已办理 / 不采纳 with a note the unit reads. Closing cannot be undone, so each asks first; the version
 * the page showed goes along, so a second admin acting at the same time is told to refresh.
 */
export function DecideForm({ id, version }: { id: string; version: number }) {
  const router = useRouter();
  const uid = useId();
  const [note, setNote] = useState("");
  const [state, setState] = useState<ActionResult<unknown> | null>(null);
  const decide = async (decision: "done" | "rejected") => {
    const result = await decideMemberChangeAction({ id, version, decision, note });
    setState(result);
    if (result.ok) router.refresh();
  };
  const noteError = state && !state.ok ? state.fieldErrors?.note : undefined;
  return (
    <div className="grid gap-2 sm:grid-cols-[1fr_auto_auto] sm:items-end" data-testid="decide-form">
      <Field label="处理意见" htmlFor={`${uid}-note`} error={noteError} hint="不采纳时必填，单位可以看到">
        <Textarea id={`${uid}-note`} rows={1} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} invalid={!!noteError} data-testid="decide-note" />
      </Field>
      <ConfirmDialog
        trigger="已办理"
        triggerVariant="primary"
        confirmVariant="primary"
        confirmLabel="标记为已办理"
        title="标记为已办理？"
        description="请确认已在用户管理中完成修改。标记后该申请关闭，不能撤回。"
        onConfirm={() => decide("done")}
        testId="decide-done"
      />
      <ConfirmDialog
        trigger="不采纳"
        confirmLabel="不采纳"
        title="不采纳该申请？"
        description="单位会看到处理意见。标记后该申请关闭，不能撤回。"
        onConfirm={() => decide("rejected")}
        testId="decide-reject"
      />
      {state && !(state.ok === false && noteError === state.message) && (
        <div className="sm:col-span-3">
          <FormStatus state={state} testId="decide-status" />
        </div>
      )}
    </div>
  );
}
