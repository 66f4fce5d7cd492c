"use client";

import { useMemo, useState, type ReactNode } from "react";
import Link from "next/link";
import type { TaskFormOptions } from "@/lib/data/task-form";
import type { AttachmentRow } from "@/lib/data/tasks/types";
import type { ActionResult } from "@/lib/action-result";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input, Select, Textarea, inputClass } from "@/components/ui/field";
import { useFormAction } from "./use-form-action";
import { formatSize } from "./format";

export interface TaskFormValues {
  id?: string;
  version?: number;
  title: string;
  content: string;
  requirements: string;
  sourceId: string;
  categoryId: string;
  taskTypeId: string;
  urgencyId: string;
  deadline: string;
  instructionBy: string;
  instructionAt: string;
  instructionText: string;
  feedbackMode: "final_only" | "periodic";
  progressIntervalDays: string;
  leadUnitId: string;
  coUnitIds: string[];
}

export const EMPTY_TASK: TaskFormValues = {
  title: "",
  content: "",
  requirements: "",
  sourceId: "",
  categoryId: "",
  taskTypeId: "",
  urgencyId: "",
  deadline: "",
  instructionBy: "",
  instructionAt: "",
  instructionText: "",
  feedbackMode: "final_only",
  progressIntervalDays: "",
  leadUnitId: "",
  coUnitIds: [],
};

/**
 * 督办登记 / 修改草稿. The server validates everything (messages per field come back from the verb);
 * the browser only helps: required markers, date pickers, a filter on the unit list.
 */
export function TaskForm({
  action,
  options,
  initial,
  existingFiles = [],
  uploader,
  cancelHref,
  unitsWithoutReceiver = [],
  requestId,
}: {
  action: (prev: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;
  options: TaskFormOptions;
  initial: TaskFormValues;
  existingFiles?: AttachmentRow[];
  uploader: ReactNode;
  cancelHref: string;
  /** Units no enabled account can receive a task for (交办 refuses them until 信息中心 adds someone). */
  unitsWithoutReceiver?: string[];
  /** New registrations only: the id of this rendering of the form (a double POST makes one draft). */
  requestId?: string;
}) {
  const { state, onSubmit, pending, errors } = useFormAction(action);
  const [feedbackMode, setFeedbackMode] = useState(initial.feedbackMode);
  const [leadUnitId, setLeadUnitId] = useState(initial.leadUnitId);
  const [coUnitIds, setCoUnitIds] = useState<string[]>(initial.coUnitIds);
  const [unitFilter, setUnitFilter] = useState("");
  const groups = useMemo(() => {
    const map = new Map<string, TaskFormOptions["units"]>();
    for (const u of options.units) map.set(u.group, [...(map.get(u.group) ?? []), u]);
    return [...map.entries()];
  }, [options.units]);
  const visibleCo = (name: string) => !unitFilter || name.includes(unitFilter.trim());
  const unitName = (id: string) => options.units.find((u) => u.id === id)?.name ?? "";
  const unreachable = [leadUnitId, ...coUnitIds].filter((id) => id && unitsWithoutReceiver.includes(id));

  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate data-testid="task-form">
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      {initial.version !== undefined && <input type="hidden" name="version" value={initial.version} />}
      {requestId && <input type="hidden" name="requestId" value={requestId} data-testid="request-id" />}

      <Section title="基本信息">
        <Field label="事项标题" htmlFor="title" error={errors.title} required>
          <Input id="title" name="title" defaultValue={initial.title} maxLength={200} invalid={!!errors.title} required />
        </Field>
        <Field label="督办内容" htmlFor="content" error={errors.content} required>
          <Textarea id="content" name="content" rows={6} defaultValue={initial.content} invalid={!!errors.content} required />
        </Field>
        <Field label="办理要求" htmlFor="requirements" error={errors.requirements} hint="如：请于期限前书面反馈办理情况，并附相关佐证材料">
          <Textarea id="requirements" name="requirements" rows={3} defaultValue={initial.requirements} invalid={!!errors.requirements} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="事件来源" htmlFor="sourceId" error={errors.sourceId} required>
            <Select id="sourceId" name="sourceId" defaultValue={initial.sourceId} invalid={!!errors.sourceId} required>
              <option value="">请选择</option>
              {options.sources.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="事项类别" htmlFor="categoryId" error={errors.categoryId} required>
            <Select id="categoryId" name="categoryId" defaultValue={initial.categoryId} invalid={!!errors.categoryId} required>
              <option value="">请选择</option>
              {options.categories.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.parentName ? `${o.parentName} / ${o.name}` : o.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="办件类型" htmlFor="taskTypeId" error={errors.taskTypeId} required>
            <Select id="taskTypeId" name="taskTypeId" defaultValue={initial.taskTypeId} invalid={!!errors.taskTypeId} required>
              <option value="">请选择</option>
              {options.types.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="紧急程度" htmlFor="urgencyId" error={errors.urgencyId} required>
            <Select id="urgencyId" name="urgencyId" defaultValue={initial.urgencyId || options.urgencies[0]?.id} invalid={!!errors.urgencyId} required>
              {options.urgencies.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="办理时限" htmlFor="deadline" error={errors.deadline} required>
            <Input id="deadline" name="deadline" type="date" defaultValue={initial.deadline} invalid={!!errors.deadline} required />
          </Field>
        </div>
      </Section>

      <Section title="承办单位">
        <Field label="主办单位" htmlFor="leadUnitId" error={errors.leadUnitId} required>
          <Select
            id="leadUnitId"
            name="leadUnitId"
            value={leadUnitId}
            onChange={(e) => {
              setLeadUnitId(e.target.value);
              setCoUnitIds((ids) => ids.filter((x) => x !== e.target.value));
            }}
            invalid={!!errors.leadUnitId}
            required
          >
            <option value="">请选择主办单位</option>
            {groups.map(([group, units]) => (
              <optgroup key={group} label={group}>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </Select>
        </Field>
        <fieldset className="space-y-2" aria-describedby={errors.coUnitIds ? "coUnitIds-error" : undefined}>
          <legend className="text-sm font-medium text-slate-700">协办单位（可多选）</legend>
          {coUnitIds.length > 0 && (
            <p className="text-sm text-slate-700" data-testid="co-units-chosen">
              已选：{coUnitIds.map(unitName).join("、")}
            </p>
          )}
          <input
            type="search"
            value={unitFilter}
            onChange={(e) => setUnitFilter(e.target.value)}
            placeholder="输入单位名称筛选"
            aria-label="筛选协办单位"
            className={inputClass}
          />
          <div className="max-h-56 overflow-y-auto rounded-md border border-slate-200 p-2" data-testid="co-unit-picker">
            {groups.map(([group, units]) => {
              const shown = units.filter((u) => visibleCo(u.name));
              if (shown.length === 0) return null;
              return (
                <div key={group} className="mb-2">
                  <p className="text-xs font-semibold text-slate-500">{group}</p>
                  <div className="grid gap-x-3 sm:grid-cols-2">
                    {shown.map((u) => (
                      <label key={u.id} className="flex min-h-9 items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          name="coUnitIds"
                          value={u.id}
                          checked={coUnitIds.includes(u.id)}
                          disabled={u.id === leadUnitId}
                          onChange={(e) => setCoUnitIds((ids) => (e.target.checked ? [...ids, u.id] : ids.filter((x) => x !== u.id)))}
                          className="size-4"
                        />
                        <span className={u.id === leadUnitId ? "text-slate-500" : ""}>{u.name}</span>
                      </label>
                    ))}
                  </div>
                </div>
              );
            })}
          </div>
          {errors.coUnitIds && (
            <p id="coUnitIds-error" className="text-sm text-red-600" data-testid="coUnitIds-error">
              {errors.coUnitIds}
            </p>
          )}
        </fieldset>
        {unreachable.length > 0 && (
          <p role="status" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800" data-testid="units-without-receiver">
            {unreachable.map(unitName).join("、")}暂无可接收任务的账号（启用且有“任务承办与反馈”权限的用户）。可以先登记，但须由信息中心为其添加账号后才能交办。
          </p>
        )}
      </Section>

      <Section title="反馈要求">
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">反馈方式</legend>
          <div className="mt-1 flex flex-wrap gap-x-6 gap-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="feedbackMode" value="final_only" checked={feedbackMode === "final_only"} onChange={() => setFeedbackMode("final_only")} />
              办结后一次反馈
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="feedbackMode" value="periodic" checked={feedbackMode === "periodic"} onChange={() => setFeedbackMode("periodic")} />
              定期阶段反馈 + 办结反馈
            </label>
          </div>
        </fieldset>
        {feedbackMode === "periodic" && (
          <Field label="阶段反馈周期（天）" htmlFor="progressIntervalDays" error={errors.progressIntervalDays} required>
            <Input id="progressIntervalDays" name="progressIntervalDays" type="number" min={1} max={365} inputMode="numeric" defaultValue={initial.progressIntervalDays || "7"} invalid={!!errors.progressIntervalDays} className="max-w-40" />
          </Field>
        )}
      </Section>

      <Section title="领导批示（选填）">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="批示领导" htmlFor="instructionBy" error={errors.instructionBy}>
            <Input id="instructionBy" name="instructionBy" defaultValue={initial.instructionBy} invalid={!!errors.instructionBy} />
          </Field>
          <Field label="批示日期" htmlFor="instructionAt" error={errors.instructionAt}>
            <Input id="instructionAt" name="instructionAt" type="date" defaultValue={initial.instructionAt} invalid={!!errors.instructionAt} />
          </Field>
        </div>
        <Field label="批示内容" htmlFor="instructionText" error={errors.instructionText}>
          <Textarea id="instructionText" name="instructionText" rows={3} defaultValue={initial.instructionText} invalid={!!errors.instructionText} />
        </Field>
      </Section>

      <Section title="附件">
        {existingFiles.length > 0 && (
          <fieldset className="space-y-1">
            <legend className="text-sm text-slate-600">已上传（勾选以移除）</legend>
            {existingFiles.map((f) => (
              <label key={f.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="removeAttachmentIds" value={f.id} className="size-4" />
                <span className="break-all">{f.filename}</span>
                <span className="text-xs text-slate-500">{formatSize(f.size)}</span>
              </label>
            ))}
          </fieldset>
        )}
        {uploader}
        {errors.attachmentIds && <p className="text-sm text-red-600">{errors.attachmentIds}</p>}
      </Section>

      {state && !state.ok && (
        <p role="alert" data-testid="form-error" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending} data-testid="task-save">
          {pending ? "正在保存…" : "保存"}
        </Button>
        <Link href={cancelHref} className={buttonClass("secondary")}>
          取消
        </Link>
      </div>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {children}
    </section>
  );
}
