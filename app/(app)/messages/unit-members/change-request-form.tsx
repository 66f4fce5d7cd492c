"use client";

import { useEffect, useRef, useState } from "react";
import { MEMBER_CHANGE_KINDS, MEMBER_CHANGE_KIND_LABELS, type MemberChangeKind } from "@/lib/domain/member-changes";
import { FormStatus } from "@/components/admin/form-status";
import { Button } from "@/components/ui/button";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { useFormAction } from "@/components/tasks/use-form-action";
import { requestMemberChangeAction } from "../actions";

/**
 * 变更申请: which kind, whom, and what should change. Fields that do not apply to the kind are hidden
 * (and not sent); the server checks the same rules (lib/services/members/request-member-change.ts).
 */
export function ChangeRequestForm({ members, preselect }: { members: { id: string; label: string }[]; preselect: string }) {
  const { state, onSubmit, pending, errors } = useFormAction(requestMemberChangeAction);
  const [kind, setKind] = useState<MemberChangeKind>("update");
  const form = useRef<HTMLFormElement>(null);
  // A sent request empties the fields (the kind stays chosen); a refused one keeps what was typed.
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <form ref={form} onSubmit={onSubmit} noValidate className="space-y-3" data-testid="change-request-form">
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-slate-700">
          申请类型<span className="ml-0.5 text-red-600" aria-hidden>*</span>
        </legend>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          {MEMBER_CHANGE_KINDS.map((k) => (
            <label key={k} className="inline-flex min-h-10 items-center gap-2 text-sm">
              <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} className="size-4" data-testid={`kind-${k}`} />
              {MEMBER_CHANGE_KIND_LABELS[k]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        {kind !== "add" && (
          <Field label="人员" htmlFor="targetUserId" error={errors.targetUserId} required>
            <Select id="targetUserId" name="targetUserId" defaultValue={preselect} invalid={!!errors.targetUserId} data-testid="field-targetUserId">
              <option value="">请选择</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.label}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {kind !== "remove" && (
          <>
            <Field label={kind === "add" ? "姓名" : "新姓名"} htmlFor="displayName" error={errors.displayName} required={kind === "add"} hint={kind === "update" ? "不改可不填" : undefined}>
              <Input id="displayName" name="displayName" maxLength={50} invalid={!!errors.displayName} data-testid="field-displayName" />
            </Field>
            <Field label={kind === "add" ? "手机号" : "新手机号"} htmlFor="mobile" error={errors.mobile} hint="11 位大陆手机号；短信接收人必填">
              <Input id="mobile" name="mobile" inputMode="tel" autoComplete="off" maxLength={30} invalid={!!errors.mobile} data-testid="field-mobile" />
            </Field>
            <Field label="接收交办短信" htmlFor="smsRecipient" error={errors.smsRecipient}>
              <Select id="smsRecipient" name="smsRecipient" defaultValue="" data-testid="field-smsRecipient">
                <option value="">{kind === "add" ? "未指定" : "不变"}</option>
                <option value="1">接收</option>
                <option value="0">不接收</option>
              </Select>
            </Field>
          </>
        )}
      </div>
      <Field
        label={kind === "remove" ? "停用原因" : "说明"}
        htmlFor="note"
        error={errors.note}
        required={kind === "remove"}
        hint={kind === "add" ? "如新人员的岗位、角色（经办人或领导）" : undefined}
      >
        <Textarea id="note" name="note" rows={2} maxLength={500} invalid={!!errors.note} data-testid="field-note" />
      </Field>
      {errors._ && (
        <p className="text-sm text-red-600" data-testid="change-request-error">
          {errors._}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending} data-testid="change-request-submit">
          {pending ? "正在提交…" : "提交申请"}
        </Button>
      </div>
      {state && !(state.ok === false && Object.values(state.fieldErrors ?? {}).includes(state.message)) && <FormStatus state={state} testId="change-request-form-status" />}
    </form>
  );
}
