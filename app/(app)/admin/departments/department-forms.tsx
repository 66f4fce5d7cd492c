"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/action-result";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { FormStatus } from "@/components/admin/form-status";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { createDepartmentAction, deleteDepartmentAction, moveDepartmentAction, setDepartmentEnabledAction, updateDepartmentAction } from "./actions";

export const KIND_OPTIONS = [
  ["district_department", "区级部门"],
  ["subdistrict", "街道"],
  ["state_enterprise", "国有企业"],
  ["office", "督查室"],
  ["other", "其他"],
] as const;

export interface ParentOption {
  id: string;
  label: string;
}

export interface DepartmentValues {
  id: string;
  version: number;
  name: string;
  shortName: string | null;
  kind: (typeof KIND_OPTIONS)[number][0];
  isGroup: boolean;
  parentId: string | null;
  enabled: boolean;
  users: number;
  tasks: number;
  children: number;
}

/** 新建 / 编辑部门: name, short name, type and whether it is a grouping node. */
export function DepartmentForm({ department, parents, defaultParentId, defaultKind }: { department?: DepartmentValues; parents?: ParentOption[]; defaultParentId?: string; defaultKind?: string }) {
  const { state, onSubmit, pending, errors } = useAdminForm<unknown>(department ? updateDepartmentAction : createDepartmentAction);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="department-form">
      {department && (
        <>
          <input type="hidden" name="id" value={department.id} />
          <input type="hidden" name="version" value={department.version} />
        </>
      )}
      {!department && parents && (
        <Field label="上级" htmlFor="parentId" error={errors.parentId}>
          <Select id="parentId" name="parentId" defaultValue={defaultParentId ?? ""} invalid={!!errors.parentId}>
            <option value="">（顶层）</option>
            {parents.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="名称" htmlFor="name" error={errors.name} required>
          <Input id="name" name="name" defaultValue={department?.name} invalid={!!errors.name} />
        </Field>
        <Field label="简称" htmlFor="shortName" error={errors.shortName} hint="用于列表和导入时匹配，可不填">
          <Input id="shortName" name="shortName" defaultValue={department?.shortName ?? ""} invalid={!!errors.shortName} />
        </Field>
        <Field label="类型" htmlFor="kind" error={errors.kind} required>
          <Select id="kind" name="kind" defaultValue={department?.kind ?? defaultKind ?? "district_department"} invalid={!!errors.kind}>
            {KIND_OPTIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </Field>
        <div className="space-y-1">
          <label className="flex min-h-10 items-center gap-2 text-sm sm:pt-6">
            <input type="checkbox" name="isGroup" defaultChecked={department?.isGroup} className="size-4" data-testid="isGroup" />
            分组（如“街道”，只用来归类单位，本身不承办任务）
          </label>
          {errors.isGroup && <p className="text-sm text-red-600">{errors.isGroup}</p>}
        </div>
      </div>
      <FormStatus state={state} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending} data-testid="save-department">
          {pending ? "正在保存…" : department ? "保存" : "创建"}
        </Button>
        <Link href="/admin/departments" className={buttonClass("ghost")}>
          返回部门列表
        </Link>
      </div>
    </form>
  );
}

/** 移动到其他上级 (the server refuses cycles too; this list already leaves the department's own subtree out). */
export function MoveForm({ department, parents }: { department: DepartmentValues; parents: ParentOption[] }) {
  const { state, onSubmit, pending, errors } = useAdminForm<unknown>(moveDepartmentAction);
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate data-testid="move-form">
      <input type="hidden" name="id" value={department.id} />
      <input type="hidden" name="version" value={department.version} />
      <Field label="新的上级" htmlFor="move-parent" error={errors.parentId}>
        <Select id="move-parent" name="parentId" defaultValue={department.parentId ?? ""} invalid={!!errors.parentId}>
          <option value="">（顶层）</option>
          {parents.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </Select>
      </Field>
      <FormStatus state={state} />
      <Button type="submit" variant="secondary" disabled={pending} data-testid="move-department">
        {pending ? "正在移动…" : "移动"}
      </Button>
    </form>
  );
}

/** 启用 / 停用 and 删除 (only when nothing uses the department). Both ask first. */
export function StatusPanel({ department }: { department: DepartmentValues }) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult | null>(null);
  const inUse = [department.children && `${department.children} 个下级部门`, department.users && `${department.users} 个用户`, department.tasks && `${department.tasks} 项督办任务`].filter(Boolean);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {department.enabled ? (
          <ConfirmDialog
            trigger="停用"
            testId="disable-department"
            title={`停用“${department.name}”？`}
            description="停用后不能再选作新用户或新任务的单位；已有的用户、任务和记录不受影响。可随时重新启用。"
            confirmLabel="停用"
            onConfirm={async () => {
              setResult(await setDepartmentEnabledAction({ id: department.id, version: department.version, enabled: false }));
              router.refresh();
            }}
          />
        ) : (
          <ConfirmDialog
            trigger="启用"
            testId="enable-department"
            title={`启用“${department.name}”？`}
            description="启用后可以再选作用户和任务的单位。"
            confirmLabel="启用"
            confirmVariant="primary"
            onConfirm={async () => {
              setResult(await setDepartmentEnabledAction({ id: department.id, version: department.version, enabled: true }));
              router.refresh();
            }}
          />
        )}
        <ConfirmDialog
          trigger="删除"
          triggerVariant="ghost"
          triggerClassName="text-red-700"
          testId="delete-department"
          disabled={inUse.length > 0}
          title={`删除“${department.name}”？`}
          description="删除后不可恢复。"
          confirmLabel="删除"
          onConfirm={async () => setResult(await deleteDepartmentAction({ id: department.id, version: department.version }))}
        />
      </div>
      {inUse.length > 0 && <p className="text-sm text-slate-600">该部门下有{inUse.join("、")}，不能删除，只能停用。</p>}
      <FormStatus state={result} testId="department-status" />
    </div>
  );
}
