"use client";

import { useState } from "react";
import type { SettingSource } from "@/lib/data/settings";
import { PASSWORD_LOGIN_LABELS, PASSWORD_LOGIN_MODES, previewTaskNo, SETTING_KEYS, SMS_PROVIDER_LABELS, SMS_PROVIDERS, type SettingKey } from "@/lib/domain/settings";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
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
  const [provider, setProvider] = useState(String(values.smsProvider));
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
      <Card title="绩效考核">
        <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
          <Field
            label="绩效基础分"
            htmlFor="scoreBase"
            error={errors.scoreBase}
            hint={hint("scoreBase", "每个参评单位每个考核周期的起始分，再按绩效规则加减；已发布的月份保留发布时的基础分")}
            required
          >
            <Input id="scoreBase" name="scoreBase" type="number" min={0} max={1000} defaultValue={values.scoreBase} invalid={!!errors.scoreBase} />
          </Field>
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
          <Field
            label="每人每日上传总量（MB）"
            htmlFor="uploadQuotaMb"
            error={errors.uploadQuotaMb}
            hint={hint("uploadQuotaMb", "每位用户每天（北京时间）最多上传的附件总大小，超过后当天不能再上传；0 表示不限")}
            required
          >
            <Input id="uploadQuotaMb" name="uploadQuotaMb" type="number" min={0} max={102400} defaultValue={values.uploadQuotaMb} invalid={!!errors.uploadQuotaMb} />
          </Field>
        </div>
      </Card>
      <Card title="登录与会话安全">
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="会话空闲超时（分钟）" htmlFor="sessionIdleMinutes" error={errors.sessionIdleMinutes} hint={hint("sessionIdleMinutes", "无操作超过该时长需重新登录，保存后所有应用服务器的下一次请求即生效")} required>
            <Input id="sessionIdleMinutes" name="sessionIdleMinutes" type="number" min={5} max={720} defaultValue={values.sessionIdleMinutes} invalid={!!errors.sessionIdleMinutes} />
          </Field>
          <Field label="连续失败锁定次数" htmlFor="loginMaxFailures" error={errors.loginMaxFailures} hint={hint("loginMaxFailures", "密码连续输错该次数后锁定账号")} required>
            <Input id="loginMaxFailures" name="loginMaxFailures" type="number" min={3} max={20} defaultValue={values.loginMaxFailures} invalid={!!errors.loginMaxFailures} />
          </Field>
          <Field label="锁定时长（分钟）" htmlFor="loginLockMinutes" error={errors.loginLockMinutes} hint={hint("loginLockMinutes")} required>
            <Input id="loginLockMinutes" name="loginLockMinutes" type="number" min={1} max={1440} defaultValue={values.loginLockMinutes} invalid={!!errors.loginLockMinutes} />
          </Field>
          <Field
            label="同时在线会话数上限"
            htmlFor="maxSessionsPerUser"
            error={errors.maxSessionsPerUser}
            hint={hint("maxSessionsPerUser", "0 表示不限；超出时新登录结束该账号最早的会话")}
            required
          >
            <Input id="maxSessionsPerUser" name="maxSessionsPerUser" type="number" min={0} max={20} defaultValue={Number(values.maxSessionsPerUser)} invalid={!!errors.maxSessionsPerUser} />
          </Field>
          <Field
            label="密码有效期（天）"
            htmlFor="passwordMaxAgeDays"
            error={errors.passwordMaxAgeDays}
            hint={hint("passwordMaxAgeDays", "0 表示不过期；到期后登录须先修改密码（仅 OA 登录的账号不受影响）")}
            required
          >
            <Input id="passwordMaxAgeDays" name="passwordMaxAgeDays" type="number" min={0} max={3650} defaultValue={Number(values.passwordMaxAgeDays)} invalid={!!errors.passwordMaxAgeDays} />
          </Field>
          <div className="sm:col-span-3">
            <label className="flex items-start gap-2 text-sm text-slate-800">
              <input type="checkbox" id="adminTotpRequired" name="adminTotpRequired" defaultChecked={values.adminTotpRequired === "on"} className="mt-1 size-4" />
              <span>
                强制管理员启用双因素认证（动态口令）
                <span className="block text-slate-500">
                  {hint("adminTotpRequired", "开启后，持有任一后台管理权限的用户须先在“密码修改”页绑定动态口令才能使用系统；已绑定的用户登录时（含 OA 单点登录）须输入动态口令")}
                </span>
              </span>
            </label>
          </div>
          <div className="sm:col-span-3">
            <Field
              label="密码登录"
              htmlFor="passwordLogin"
              error={errors.passwordLogin}
              hint={hint("passwordLogin", "开通 OA 单点登录后，可只允许可修改系统参数的管理员用密码登录，其他用户须从 OA 进入")}
              required
            >
              <Select id="passwordLogin" name="passwordLogin" defaultValue={values.passwordLogin} invalid={!!errors.passwordLogin}>
                {PASSWORD_LOGIN_MODES.map((m) => (
                  <option key={m} value={m}>
                    {PASSWORD_LOGIN_LABELS[m]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </div>
      </Card>
      <Card title="短信发送">
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="短信发送方式" htmlFor="smsProvider" error={errors.smsProvider} hint={hint("smsProvider", "“记录到服务器日志”不实际发送，仅用于演示和测试")} required>
              <Select id="smsProvider" name="smsProvider" value={provider} onChange={(e) => setProvider(e.target.value)} invalid={!!errors.smsProvider}>
                {SMS_PROVIDERS.map((p) => (
                  <option key={p} value={p}>
                    {SMS_PROVIDER_LABELS[p]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="短信签名" htmlFor="smsSignature" error={errors.smsSignature} hint={hint("smsSignature", "加在每条短信开头，如【渝中区督查室】")}>
              <Input id="smsSignature" name="smsSignature" defaultValue={values.smsSignature} maxLength={20} invalid={!!errors.smsSignature} />
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <Field
              label="短信网关地址"
              htmlFor="smsGatewayUrl"
              error={errors.smsGatewayUrl}
              hint={hint("smsGatewayUrl", "内网 HTTP 网关，以 JSON 方式 POST；账号密码或令牌由部署时的环境变量提供，不在此填写")}
              required={provider === "http"}
            >
              <Input id="smsGatewayUrl" name="smsGatewayUrl" defaultValue={values.smsGatewayUrl} placeholder="http://10.0.0.8/sms/send" invalid={!!errors.smsGatewayUrl} />
            </Field>
            <Field label="网关超时（秒）" htmlFor="smsTimeoutSeconds" error={errors.smsTimeoutSeconds} hint={hint("smsTimeoutSeconds", "超时按发送失败处理并稍后重试")} required>
              <Input id="smsTimeoutSeconds" name="smsTimeoutSeconds" type="number" min={1} max={60} defaultValue={values.smsTimeoutSeconds} invalid={!!errors.smsTimeoutSeconds} />
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field label="免打扰开始" htmlFor="smsQuietStart" error={errors.smsQuietStart} hint={hint("smsQuietStart", "此时段内非紧急短信顺延到结束时发送")} required>
              <Input id="smsQuietStart" name="smsQuietStart" type="time" defaultValue={values.smsQuietStart} invalid={!!errors.smsQuietStart} />
            </Field>
            <Field label="免打扰结束" htmlFor="smsQuietEnd" error={errors.smsQuietEnd} hint={hint("smsQuietEnd", "开始与结束相同表示不设免打扰")} required>
              <Input id="smsQuietEnd" name="smsQuietEnd" type="time" defaultValue={values.smsQuietEnd} invalid={!!errors.smsQuietEnd} />
            </Field>
            <Field label="每人每日短信上限" htmlFor="smsDailyCap" error={errors.smsDailyCap} hint={hint("smsDailyCap", "超出的短信不发送，标记为“超出每日上限未发”，可由督查室重发")} required>
              <Input id="smsDailyCap" name="smsDailyCap" type="number" min={1} max={1000} defaultValue={values.smsDailyCap} invalid={!!errors.smsDailyCap} />
            </Field>
          </div>
        </div>
      </Card>
      <FormStatus state={state} testId="settings-status" />
      <Button type="submit" disabled={pending} data-testid="save-settings">
        {pending ? "正在保存…" : "保存"}
      </Button>
    </form>
  );
}
