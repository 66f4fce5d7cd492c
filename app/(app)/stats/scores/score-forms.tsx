"use client";

import { useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { FormStatus } from "@/components/admin/form-status";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { adjustScoreAction, answerObjectionAction, publishScoreMonthAction, raiseObjectionAction } from "./actions";

/**
 * 人工加减分 / 人工更正 (the office). A published month in `correctsMonth` makes it a correction entry; a 督办编号 in
 * `taskNo` ties it to one of the unit's tasks. `units` in the organisation's order (not the ranking's).
 */
export function AdjustmentForm({ units, publishedMonths }: { units: Array<{ id: string; name: string }>; publishedMonths: string[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, onSubmit, pending, errors } = useAdminForm(async (prev: ActionResult<unknown> | null, formData: FormData) => {
    const result = await adjustScoreAction(prev, formData);
    if (result.ok) formRef.current?.reset();
    return result;
  });
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-2" data-testid="adjustment-form">
      <div className="grid gap-2 sm:grid-cols-[2fr_1fr_1.5fr]">
        <Field label="单位" htmlFor="adj-unit" error={errors.departmentId} required>
          <Select id="adj-unit" name="departmentId" defaultValue="" invalid={!!errors.departmentId}>
            <option value="">请选择</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="分值（加分为正，扣分为负）" htmlFor="adj-points" error={errors.points} required>
          <Input id="adj-points" name="points" inputMode="decimal" placeholder="如 2 或 -0.5" invalid={!!errors.points} />
        </Field>
        <Field label="计入" htmlFor="adj-month" error={errors.correctsMonth} hint="已发布的月份只能以更正方式录入">
          <Select id="adj-month" name="correctsMonth" defaultValue="">
            <option value="">本月（按录入日期）</option>
            {publishedMonths.map((m) => (
              <option key={m} value={m}>
                更正已发布的 {m}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Field
        label="关联事项（选填）"
        htmlFor="adj-task"
        error={errors.taskNo}
        hint="该单位承办事项的督办编号，可从事项页面复制；填写后计分明细会链接到该事项"
      >
        <Input id="adj-task" name="taskNo" maxLength={60} placeholder="如 渝中督〔2026〕12号" invalid={!!errors.taskNo} />
      </Field>
      <Field label="理由" htmlFor="adj-reason" error={errors.reason} required>
        <Textarea id="adj-reason" name="reason" rows={2} maxLength={500} invalid={!!errors.reason} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "正在保存…" : "录入加减分"}
        </Button>
        <FormStatus state={state} testId="adjustment-status" />
      </div>
    </form>
  );
}

/** 发布并冻结 one ended month, after a confirmation. */
export function PublishButton({ month }: { month: string }) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="space-y-2">
      <ConfirmDialog
        trigger={`发布 ${month} 排名`}
        triggerVariant="primary"
        title={`发布并冻结 ${month} 的绩效排名？`}
        description="发布后该月的计分项、得分和名次即冻结，以后发生的事件不再改变它们；之后只能以“更正”方式补录，不能取消发布。"
        confirmLabel="确定发布"
        confirmVariant="primary"
        testId="publish-month"
        onConfirm={async () => {
          const r = await publishScoreMonthAction(month);
          setResult(r);
          if (r.ok) router.refresh();
        }}
      />
      <FormStatus state={result} testId="publish-status" />
    </div>
  );
}

/** 申诉 on one item (the unit's own). */
export function ObjectionForm({ month, itemKey }: { month: string; itemKey: string }) {
  const [open, setOpen] = useState(false);
  const { state, onSubmit, pending, errors } = useAdminForm(raiseObjectionAction);
  if (state?.ok) return <FormStatus state={state} testId="objection-status" />;
  if (!open)
    return (
      <button type="button" className="text-sm text-brand-700 underline print:hidden" onClick={() => setOpen(true)} data-testid="raise-objection">
        申诉
      </button>
    );
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 print:hidden" data-testid="objection-form">
      <input type="hidden" name="month" value={month} />
      <input type="hidden" name="itemKey" value={itemKey} />
      <Field label="申诉理由" htmlFor={`obj-${itemKey}`} error={errors.reason} required>
        <Textarea id={`obj-${itemKey}`} name="reason" rows={2} maxLength={500} invalid={!!errors.reason} />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          {pending ? "正在提交…" : "提交申诉"}
        </Button>
        <Button type="button" variant="ghost" onClick={() => setOpen(false)}>
          取消
        </Button>
      </div>
      <FormStatus state={state} testId="objection-status" />
    </form>
  );
}

/** 答复申诉 (the office): accept with the correction's points, or reject, with the answer. */
export function AnswerForm({ objectionId, version, itemPoints }: { objectionId: string; version: number; itemPoints: number }) {
  const { state, onSubmit, pending, errors } = useAdminForm(answerObjectionAction);
  const [decision, setDecision] = useState<"accept" | "reject">("accept");
  if (state?.ok) return <FormStatus state={state} testId="answer-status" />;
  const id = (n: string) => `${objectionId}-${n}`;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-2 print:hidden" data-testid="answer-form">
      <input type="hidden" name="objectionId" value={objectionId} />
      <input type="hidden" name="version" value={version} />
      <fieldset className="flex flex-wrap gap-4 text-sm">
        <legend className="sr-only">答复结果</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="decision" value="accept" checked={decision === "accept"} onChange={() => setDecision("accept")} /> 采纳（录入更正）
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="decision" value="reject" checked={decision === "reject"} onChange={() => setDecision("reject")} /> 不采纳
        </label>
      </fieldset>
      {decision === "accept" && (
        <Field label="更正分值" htmlFor={id("points")} error={errors.points} required hint={`该项原为 ${itemPoints} 分；如全额更正请填 ${-itemPoints}`}>
          <Input id={id("points")} name="points" inputMode="decimal" defaultValue={String(-itemPoints)} invalid={!!errors.points} />
        </Field>
      )}
      <Field label="答复意见" htmlFor={id("answer")} error={errors.answer} required>
        <Textarea id={id("answer")} name="answer" rows={2} maxLength={500} invalid={!!errors.answer} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "正在提交…" : "提交答复"}
      </Button>
      <FormStatus state={state} testId="answer-status" />
    </form>
  );
}
