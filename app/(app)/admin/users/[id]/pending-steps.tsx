"use client";

import { useId } from "react";
import Link from "next/link";
import type { ActionResult } from "@/lib/action-result";
import { FormStatus } from "@/components/admin/form-status";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { useFormAction } from "@/components/tasks/use-form-action";
import { rerouteAssignmentAction, rerouteTaskAction } from "@/app/(app)/tasks/actions";

export interface PendingStepItem {
  key: string;
  kindLabel: string;
  taskId: string;
  taskLabel: string;
  assignmentId: string | null;
  departmentName: string | null;
  version: number;
  waitingSince: string;
  candidates: { id: string; displayName: string; departmentName: string }[];
}

/**
 * The steps waiting on one user, each with its own 改派 form (the same verbs as the task page's
 * 改派 button). Shown to everyone with 用户管理; the forms only to those who may re-route.
 */
export function PendingSteps({ items, canReroute, canViewTasks }: { items: PendingStepItem[]; canReroute: boolean; canViewTasks: boolean }) {
  return (
    <div className="space-y-3">
      {!canReroute && <p className="text-sm text-slate-600">您没有改派权限，请联系督查室领导改派以下环节。</p>}
      <ul className="divide-y divide-slate-100" data-testid="pending-steps">
        {items.map((item) => (
          <li key={item.key} className="space-y-2 py-3 first:pt-0" data-testid="pending-step" data-task-id={item.taskId}>
            <div className="flex flex-wrap items-baseline gap-x-2 text-sm">
              <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{item.kindLabel}</span>
              {canViewTasks ? (
                <Link href={`/tasks/${item.taskId}`} className="font-medium text-brand-700 hover:underline">
                  {item.taskLabel}
                </Link>
              ) : (
                <span className="font-medium text-slate-900">{item.taskLabel}</span>
              )}
              {item.departmentName && <span className="text-slate-600">［{item.departmentName}］</span>}
              <span className="text-xs text-slate-500">自 {item.waitingSince} 起等待</span>
            </div>
            {canReroute && <RerouteForm item={item} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RerouteForm({ item }: { item: PendingStepItem }) {
  const fn = (item.assignmentId ? rerouteAssignmentAction : rerouteTaskAction) as (prev: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;
  const { state, onSubmit, pending, errors } = useFormAction<unknown>(fn);
  const uid = useId();
  if (item.candidates.length === 0) return <p className="text-sm text-red-700">没有可改派的在岗人员：请先为{item.departmentName ?? "督查室"}启用或新建有相应角色的账号。</p>;
  return (
    <form onSubmit={onSubmit} className="grid gap-2 sm:grid-cols-[12rem_1fr_auto] sm:items-start" noValidate data-testid="reroute-form">
      {item.assignmentId ? <input type="hidden" name="assignmentId" value={item.assignmentId} /> : <input type="hidden" name="id" value={item.taskId} />}
      <input type="hidden" name="version" value={item.version} />
      <Field label="改派给" htmlFor={`${uid}-to`} error={errors.toUserId} required>
        <Select id={`${uid}-to`} name="toUserId" defaultValue={item.candidates.length === 1 ? item.candidates[0]!.id : ""} invalid={!!errors.toUserId} data-testid="field-toUserId">
          {item.candidates.length > 1 && <option value="">请选择</option>}
          {item.candidates.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}（{p.departmentName}）
            </option>
          ))}
        </Select>
      </Field>
      <Field label="改派原因" htmlFor={`${uid}-reason`} error={errors.reason} required>
        <Input id={`${uid}-reason`} name="reason" maxLength={1000} invalid={!!errors.reason} data-testid="field-reason" />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending} className="sm:mt-6" data-testid="reroute-submit">
        {pending ? "处理中…" : "改派"}
      </Button>
      {state && !(state.ok === false && Object.values(state.fieldErrors ?? {}).includes(state.message)) && (
        <div className="sm:col-span-3">
          <FormStatus state={state} testId="reroute-status" />
        </div>
      )}
    </form>
  );
}
