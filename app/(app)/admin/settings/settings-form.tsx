"use client";

import { useState } from "react";
import type { SettingSource } from "@/lib/data/settings";
import { previewTaskNo, SETTING_KEYS, type SettingKey } from "@/lib/domain/settings";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { FormStatus } from "@/components/admin/form-status";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { updateSettingsAction } from "./actions";

const SOURCE_LABEL: Record<SettingSource, string> = { setting: "", env: "当前取自环境变量", default: "当前为默认值" };

export function SettingsForm({
  values,
  versions,
  sources,
  year,
  nextSeq,
  supportedTypes,
}: {
  values: Record<SettingKey, string | number>;
  versions: Record<SettingKey, number>;
  sources: Record<SettingKey, SettingSource>;
  year: number;
  nextSeq: number;
  supportedTypes: readonly string[];
}) {
  const { state, onSubmit, pending, errors } = useAdminForm(updateSettingsAction);
  const [pattern, setPattern] = useState(String(values.taskNoPattern));
  const preview = previewTaskNo(pattern, year, nextSeq);
  const hint = (key: SettingKey, text?: string) => [text, SOURCE_LABEL[sources[key]]].filter(Boolean).join("；") || undefined;
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="settings-form">
      {SETTING_KEYS.map((k) => (
        <input key={k} type="hidden" name={`v_${k}`} value={versions[k]} />
      ))}
      <Card title="基本信息">
        <div className="space-y-4">
          <Field label="系统名称" htmlFor="systemName" error={errors.systemName} hint={hint("systemName", "显示在页面顶部和登录页")} required>
            <Input id="systemName" name="systemName" defaultValue={values.systemName} maxLength={40} invalid={!!errors.systemName} />
          </Field>
          <Field label="督办编号规则" htmlFor="taskNoPattern" error={errors.taskNoPattern} hint={hint("taskNoPattern", "{year} 年份（必填），{seq} 流水号（必填），{seq:3} 补零到 3 位；编号在审签时生成")} required>
            <Input id="taskNoPattern" name="taskNoPattern" value={pattern} onChange={(e) => setPattern(e.target.value)} invalid={!!errors.taskNoPattern} data-testid="task-no-pattern" />
          </Field>
          <p className="text-sm text-slate-700" data-testid="task-no-preview" aria-live="polite">
            下一个编号预览：{preview ? <strong className="font-mono">{preview}</strong> : <span className="text-red-600">规则无效（必须包含 {"{seq}"}）</span>}
          </p>
        </div>
      </Card>
      <Card title="附件">
        <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
          <Field label="单个附件大小上限（MB）" htmlFor="attachmentMaxMb" error={errors.attachmentMaxMb} hint={hint("attachmentMaxMb")} required>
            <Input id="attachmentMaxMb" name="attachmentMaxMb" type="number" min={1} max={1024} defaultValue={values.attachmentMaxMb} invalid={!!errors.attachmentMaxMb} />
          </Field>
          <Field label="允许的文件类型" htmlFor="attachmentTypes" error={errors.attachmentTypes} hint={hint("attachmentTypes", `用逗号或空格分隔；可选：${supportedTypes.join(" ")}`)} required>
            <Input id="attachmentTypes" name="attachmentTypes" defaultValue={values.attachmentTypes} invalid={!!errors.attachmentTypes} />
          </Field>
        </div>
      </Card>
      <Card title="登录与会话安全">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="会话空闲超时（分钟）" htmlFor="sessionIdleMinutes" error={errors.sessionIdleMinutes} hint={hint("sessionIdleMinutes", "无操作超过该时长需重新登录，1 分钟内生效")} required>
            <Input id="sessionIdleMinutes" name="sessionIdleMinutes" type="number" min={5} max={720} defaultValue={values.sessionIdleMinutes} invalid={!!errors.sessionIdleMinutes} />
          </Field>
          <Field label="连续失败锁定次数" htmlFor="loginMaxFailures" error={errors.loginMaxFailures} hint={hint("loginMaxFailures", "密码连续输错该次数后锁定账号")} required>
            <Input id="loginMaxFailures" name="loginMaxFailures" type="number" min={3} max={20} defaultValue={values.loginMaxFailures} invalid={!!errors.loginMaxFailures} />
          </Field>
          <Field label="锁定时长（分钟）" htmlFor="loginLockMinutes" error={errors.loginLockMinutes} hint={hint("loginLockMinutes")} required>
            <Input id="loginLockMinutes" name="loginLockMinutes" type="number" min={1} max={1440} defaultValue={values.loginLockMinutes} invalid={!!errors.loginLockMinutes} />
          </Field>
        </div>
      </Card>
      <FormStatus state={state} testId="settings-status" />
      <Button type="submit" disabled={pending} data-testid="save-settings">
        {pending ? "正在保存…" : "保存"}
      </Button>
    </form>
  );
}
