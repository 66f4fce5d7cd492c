"use client";

import { useRef, useState } from "react";
import type { MessageTemplateRow } from "@/lib/data/message-templates";
import {
  DEFAULT_TEMPLATES,
  renderTemplate,
  TEMPLATE_BODY_MAX,
  TEMPLATE_PLACEHOLDERS,
  TEMPLATE_SAMPLE_VALUES,
  TEMPLATE_TITLE_MAX,
  unknownPlaceholders,
  type TemplatePlaceholder,
} from "@/lib/domain/messages";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { FormStatus } from "@/components/admin/form-status";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { resetMessageTemplateAction, updateMessageTemplateAction } from "./actions";

const PLACEHOLDERS = Object.keys(TEMPLATE_PLACEHOLDERS) as TemplatePlaceholder[];

/** The refusal the server would give, shown while typing (the server checks again). */
function placeholderProblem(label: string, text: string): string | undefined {
  const unknown = unknownPlaceholders(text);
  return unknown.length > 0 ? `${label}含有不支持的占位符：${unknown.map((u) => `{${u}}`).join("、")}` : undefined;
}

export function TemplateEditor({ template, signature }: { template: MessageTemplateRow; signature: string }) {
  const { state, onSubmit, pending, errors } = useAdminForm(updateMessageTemplateAction);
  const [resetState, setResetState] = useState<ActionResult<unknown> | null>(null);
  const [title, setTitle] = useState(template.title);
  const [body, setBody] = useState(template.body);
  // After a save or a reset the page sends the new version (and, after a reset, the default text).
  const [shownVersion, setShownVersion] = useState(template.version);
  if (shownVersion !== template.version) {
    setShownVersion(template.version);
    setTitle(template.title);
    setBody(template.body);
  }
  const lastFocused = useRef<"title" | "body">("body");
  const id = (name: string) => `${template.kind}-${name}`;

  const insert = (name: TemplatePlaceholder) => {
    const which = lastFocused.current;
    const el = document.getElementById(id(which)) as HTMLInputElement | HTMLTextAreaElement | null;
    const value = which === "title" ? title : body;
    const token = `{${name}}`;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + token + value.slice(end);
    (which === "title" ? setTitle : setBody)(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const titleProblem = placeholderProblem("标题", title);
  const bodyProblem = placeholderProblem("正文", body);
  const previewBody = renderTemplate(body, TEMPLATE_SAMPLE_VALUES);
  const smsLength = signature.length + previewBody.length;
  const changedFromDefault = title !== DEFAULT_TEMPLATES[template.kind].title || body !== DEFAULT_TEMPLATES[template.kind].body;

  return (
    <Card
      title={
        <span className="flex flex-wrap items-center gap-2">
          {template.label}
          {template.isDefault ? (
            <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal text-slate-600" data-testid={`template-badge-${template.kind}`}>
              默认模板
            </span>
          ) : (
            <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-normal text-amber-800" data-testid={`template-badge-${template.kind}`}>
              已自定义
            </span>
          )}
        </span>
      }
    >
      <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="template-form" data-kind={template.kind}>
        <input type="hidden" name="kind" value={template.kind} />
        <input type="hidden" name="version" value={template.version} />
        <Field label="标题（站内消息）" htmlFor={id("title")} error={titleProblem ?? errors.title} hint={`不超过 ${TEMPLATE_TITLE_MAX} 个字`} required>
          <Input
            id={id("title")}
            name="title"
            value={title}
            maxLength={TEMPLATE_TITLE_MAX}
            onChange={(e) => setTitle(e.target.value)}
            onFocus={() => (lastFocused.current = "title")}
            invalid={!!(titleProblem ?? errors.title)}
            data-testid="template-title"
          />
        </Field>
        <Field label="正文（短信和站内消息）" htmlFor={id("body")} error={bodyProblem ?? errors.body} hint={`不超过 ${TEMPLATE_BODY_MAX} 个字`} required>
          <Textarea
            id={id("body")}
            name="body"
            rows={4}
            value={body}
            maxLength={TEMPLATE_BODY_MAX}
            onChange={(e) => setBody(e.target.value)}
            onFocus={() => (lastFocused.current = "body")}
            invalid={!!(bodyProblem ?? errors.body)}
            data-testid="template-body"
          />
        </Field>
        <div>
          <p className="text-sm font-medium text-slate-700">插入占位符</p>
          <p className="text-xs text-slate-500">插入到最后编辑的标题或正文的光标处。</p>
          <div className="mt-1 flex flex-wrap gap-1.5">
            {PLACEHOLDERS.map((p) => (
              <button
                key={p}
                type="button"
                onClick={() => insert(p)}
                title={TEMPLATE_PLACEHOLDERS[p]}
                className="min-h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-700 hover:bg-slate-50 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:outline-none"
                data-testid={`insert-${p}`}
              >
                {`{${p}}`}
                <span className="sr-only">：{TEMPLATE_PLACEHOLDERS[p]}</span>
              </button>
            ))}
          </div>
        </div>
        <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm" aria-live="polite" data-testid="template-preview">
          <p className="text-xs text-slate-500">预览（示例数据）</p>
          <p className="mt-1 font-medium text-slate-900" data-testid="preview-title">
            {renderTemplate(title, TEMPLATE_SAMPLE_VALUES)}
          </p>
          <p className="mt-1 text-slate-700" data-testid="preview-body">
            {signature}
            {previewBody}
          </p>
          <p className="mt-1 text-xs text-slate-500">短信约 {smsLength} 字{smsLength > 70 ? `，将按 ${Math.ceil(smsLength / 67)} 条计费` : ""}</p>
        </div>
        <FormStatus state={resetState ?? state} testId="template-status" />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={pending || !!titleProblem || !!bodyProblem} data-testid="save-template" onClick={() => setResetState(null)}>
            {pending ? "正在保存…" : "保存"}
          </Button>
          <ConfirmDialog
            trigger="恢复默认"
            title={`恢复“${template.label}”的默认模板？`}
            description={
              <>
                标题和正文将改回系统默认内容，当前的自定义内容不再保留：
                <span className="mt-2 block rounded bg-slate-50 p-2 text-slate-700">{DEFAULT_TEMPLATES[template.kind].body}</span>
              </>
            }
            confirmLabel="恢复默认"
            confirmVariant="primary"
            disabled={template.isDefault && !changedFromDefault}
            testId="reset-template"
            onConfirm={async () => {
              // Never saved: only the unsaved edits go back.
              if (template.isDefault) {
                setTitle(DEFAULT_TEMPLATES[template.kind].title);
                setBody(DEFAULT_TEMPLATES[template.kind].body);
                setResetState(null);
                return;
              }
              setResetState(await resetMessageTemplateAction({ kind: template.kind, version: template.version }));
            }}
          />
        </div>
      </form>
    </Card>
  );
}
