"use client";

import { useState } from "react";
import type { ReminderRuleRow } from "@/lib/data/base-data";
import { explainReminderRule, REMIND_TARGET_LABELS, type RemindTarget } from "@/lib/domain/rules";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { FormStatus } from "@/components/admin/form-status";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { updateReminderRuleAction } from "./actions";

const TARGETS = Object.keys(REMIND_TARGET_LABELS) as RemindTarget[];

export function ReminderRuleForm({ rule }: { rule: ReminderRuleRow }) {
  const { state, onSubmit, pending, errors } = useAdminForm(updateReminderRuleAction);
  const [draft, setDraft] = useState({
    daysBeforeDeadline: rule.daysBeforeDeadline,
    overdueRepeatDays: rule.overdueRepeatDays,
    receiveLimitHours: rule.receiveLimitHours,
    targets: rule.targets as RemindTarget[],
    sendSms: rule.sendSms,
    enabled: rule.enabled,
    overrideQuietHours: rule.overrideQuietHours,
    autoUrge: rule.autoUrge,
    reportGraceDays: rule.reportGraceDays,
    urgeMinIntervalHours: rule.urgeMinIntervalHours,
  });
  const id = (name: string) => `${rule.urgencyId}-${name}`;
  const num = (name: "daysBeforeDeadline" | "overdueRepeatDays" | "receiveLimitHours" | "reportGraceDays" | "urgeMinIntervalHours") => (e: React.ChangeEvent<HTMLInputElement>) =>
    setDraft((d) => ({ ...d, [name]: e.target.value === "" ? 0 : Number(e.target.value) }));
  return (
    <Card
      title={
        <span className="flex items-center gap-2">
          <span aria-hidden className="inline-block size-3 rounded-full" style={{ backgroundColor: rule.urgencyColor }} />
          {rule.urgencyName}
          {!rule.urgencyEnabled && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600">紧急程度已停用</span>}
        </span>
      }
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="reminder-rule-form" data-urgency={rule.urgencyName}>
        <input type="hidden" name="urgencyId" value={rule.urgencyId} />
        <input type="hidden" name="version" value={rule.version} />
        <p className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-900" data-testid="rule-explanation" aria-live="polite">
          {explainReminderRule(rule.urgencyName, draft)}
        </p>
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="截止前提醒（工作日）" htmlFor={id("before")} error={errors.daysBeforeDeadline} hint="0 表示截止当天">
            <Input id={id("before")} name="daysBeforeDeadline" type="number" min={0} max={30} defaultValue={rule.daysBeforeDeadline} onChange={num("daysBeforeDeadline")} invalid={!!errors.daysBeforeDeadline} />
          </Field>
          <Field label="逾期后每隔几天提醒" htmlFor={id("repeat")} error={errors.overdueRepeatDays} hint="0 表示只提醒一次">
            <Input id={id("repeat")} name="overdueRepeatDays" type="number" min={0} max={30} defaultValue={rule.overdueRepeatDays} onChange={num("overdueRepeatDays")} invalid={!!errors.overdueRepeatDays} />
          </Field>
          <Field label="接收时限（工作小时）" htmlFor={id("receive")} error={errors.receiveLimitHours} hint="交办后多少个工作小时内应接收（只计工作日）">
            <Input id={id("receive")} name="receiveLimitHours" type="number" min={1} max={240} defaultValue={rule.receiveLimitHours} onChange={num("receiveLimitHours")} invalid={!!errors.receiveLimitHours} />
          </Field>
          <Field label="定期反馈宽限（工作日）" htmlFor={id("grace")} error={errors.reportGraceDays} hint="阶段反馈周期到后再等几个工作日才提醒">
            <Input id={id("grace")} name="reportGraceDays" type="number" min={0} max={30} defaultValue={rule.reportGraceDays} onChange={num("reportGraceDays")} invalid={!!errors.reportGraceDays} />
          </Field>
          <Field label="催办最小间隔（小时）" htmlFor={id("interval")} error={errors.urgeMinIntervalHours} hint="同一承办任务两次催办（人工或自动）至少间隔">
            <Input id={id("interval")} name="urgeMinIntervalHours" type="number" min={1} max={720} defaultValue={rule.urgeMinIntervalHours} onChange={num("urgeMinIntervalHours")} invalid={!!errors.urgeMinIntervalHours} />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">提醒对象</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {TARGETS.map((t) => (
              <label key={t} className="inline-flex min-h-9 items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  name="targets"
                  value={t}
                  defaultChecked={rule.targets.includes(t)}
                  className="size-4"
                  onChange={(e) => setDraft((d) => ({ ...d, targets: e.target.checked ? [...d.targets, t] : d.targets.filter((x) => x !== t) }))}
                />
                {REMIND_TARGET_LABELS[t]}
              </label>
            ))}
          </div>
          {errors.targets && <p className="text-sm text-red-600">{errors.targets}</p>}
        </fieldset>
        <div className="flex flex-wrap gap-x-4 gap-y-1">
          <label className="inline-flex min-h-9 items-center gap-1.5 text-sm">
            <input type="checkbox" name="sendSms" defaultChecked={rule.sendSms} className="size-4" onChange={(e) => setDraft((d) => ({ ...d, sendSms: e.target.checked }))} />
            同时发送短信
          </label>
          <label className="inline-flex min-h-9 items-center gap-1.5 text-sm">
            <input type="checkbox" name="overrideQuietHours" defaultChecked={rule.overrideQuietHours} className="size-4" onChange={(e) => setDraft((d) => ({ ...d, overrideQuietHours: e.target.checked }))} />
            免打扰时段也发送短信
          </label>
          <label className="inline-flex min-h-9 items-center gap-1.5 text-sm">
            <input type="checkbox" name="autoUrge" defaultChecked={rule.autoUrge} className="size-4" onChange={(e) => setDraft((d) => ({ ...d, autoUrge: e.target.checked }))} />
            逾期提醒记为系统催办
          </label>
          <label className="inline-flex min-h-9 items-center gap-1.5 text-sm">
            <input type="checkbox" name="enabled" defaultChecked={rule.enabled} className="size-4" onChange={(e) => setDraft((d) => ({ ...d, enabled: e.target.checked }))} />
            启用此规则
          </label>
        </div>
        <FormStatus state={state} testId="reminder-rule-status" />
        <Button type="submit" disabled={pending} data-testid="save-reminder-rule">
          {pending ? "正在保存…" : "保存"}
        </Button>
      </form>
    </Card>
  );
}
