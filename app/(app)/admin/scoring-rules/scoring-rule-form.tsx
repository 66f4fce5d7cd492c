"use client";

import { useRef, useState } from "react";
import { clsx } from "clsx";
import type { ActionResult } from "@/lib/action-result";
import type { ScoringRuleRow } from "@/lib/data/base-data";
import { formatPoints, SCORING_TRIGGER_LABELS, type ScoringTrigger } from "@/lib/domain/rules";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { FormStatus } from "@/components/admin/form-status";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { createScoringRuleAction, updateScoringRuleAction } from "./actions";

const TRIGGERS = Object.keys(SCORING_TRIGGER_LABELS) as ScoringTrigger[];

/** One 绩效规则 item: an existing one (edit) or a new one (create). */
export function ScoringRuleForm({ rule }: { rule?: ScoringRuleRow }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [points, setPoints] = useState(rule ? String(rule.points) : "");
  const { state, onSubmit, pending, errors } = useAdminForm(async (prev: ActionResult<unknown> | null, formData: FormData) => {
    const result = rule ? await updateScoringRuleAction(prev, formData) : await createScoringRuleAction(prev, formData);
    if (result.ok && !rule) {
      formRef.current?.reset();
      setPoints("");
    }
    return result;
  });
  const id = (name: string) => `${rule?.id ?? "new"}-${name}`;
  const n = Number(points);
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-2" noValidate data-testid={rule ? "scoring-rule-form" : "new-scoring-rule-form"} data-name={rule?.name}>
      {rule && <input type="hidden" name="id" value={rule.id} />}
      {rule && <input type="hidden" name="version" value={rule.version} />}
      <div className="grid grid-cols-2 items-end gap-2 sm:grid-cols-[2fr_2fr_1fr_auto_auto]">
        <div className="col-span-2 sm:col-span-1">
          <Field label="名称" htmlFor={id("name")} error={errors.name} required>
            <Input id={id("name")} name="name" defaultValue={rule?.name} maxLength={30} invalid={!!errors.name} />
          </Field>
        </div>
        <div className="col-span-2 sm:col-span-1">
        <Field label="触发条件" htmlFor={id("trigger")} error={errors.trigger} required>
          <Select id={id("trigger")} name="trigger" defaultValue={rule?.trigger ?? ""} invalid={!!errors.trigger}>
            {!rule && <option value="">请选择</option>}
            {TRIGGERS.map((t) => (
              <option key={t} value={t}>
                {SCORING_TRIGGER_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
        </div>
        <Field label="分值" htmlFor={id("points")} error={errors.points} required>
          <Input id={id("points")} name="points" inputMode="decimal" value={points} onChange={(e) => setPoints(e.target.value)} invalid={!!errors.points} />
        </Field>
        <label className="inline-flex min-h-10 items-center gap-1.5 text-sm">
          <input type="checkbox" name="enabled" defaultChecked={rule ? rule.enabled : true} className="size-4" />
          启用
        </label>
        <Button type="submit" variant={rule ? "secondary" : "primary"} disabled={pending} className="col-span-2 sm:col-span-1">
          {pending ? "正在保存…" : rule ? "保存" : "添加"}
        </Button>
      </div>
      {points !== "" && Number.isFinite(n) && (
        <p className={clsx("text-xs", n > 0 ? "text-green-700" : n < 0 ? "text-red-700" : "text-slate-500")}>
          {n > 0 ? "加分项" : n < 0 ? "扣分项" : "不计分"}：{formatPoints(n)}
        </p>
      )}
      <FormStatus state={state} testId="scoring-rule-status" />
    </form>
  );
}
