"use client";

import { useState } from "react";
import Link from "next/link";
import { PERMISSION_LABELS, type Permission } from "@/lib/domain/permissions";
import type { DataScope } from "@/lib/domain/roles";
import type { ActionResult } from "@/lib/action-result";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { FormStatus } from "@/components/admin/form-status";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { createRoleAction, deleteRoleAction, updateRoleAction } from "./actions";
import { permissionGroups } from "./permission-groups";

export interface RoleFormValues {
  id: string;
  version: number;
  name: string;
  description: string;
  builtIn: boolean;
  isAdminRole: boolean;
  dataScope: DataScope;
  permissions: Permission[];
  holders: number;
}

const ADMIN_REQUIRED: Permission[] = ["admin.users", "admin.roles"];

/** 新建 / 编辑角色: name, data scope and the permission checklist (the role's column of the matrix). */
export function RoleForm({ role }: { role?: RoleFormValues }) {
  const { state, onSubmit, pending, errors } = useAdminForm<unknown>(role ? updateRoleAction : createRoleAction);
  const [deleteResult, setDeleteResult] = useState<ActionResult | null>(null);
  return (
    <form onSubmit={onSubmit} className="space-y-5" noValidate data-testid="role-form">
      {role && (
        <>
          <input type="hidden" name="id" value={role.id} />
          <input type="hidden" name="version" value={role.version} />
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="角色名称" htmlFor="name" error={errors.name} hint={role?.builtIn ? "内置角色不能改名" : undefined} required>
          <Input id="name" name="name" defaultValue={role?.name} readOnly={role?.builtIn} invalid={!!errors.name} />
        </Field>
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">数据范围</legend>
          <div className="flex flex-wrap gap-2">
            {(
              [
                ["own_unit", "本单位", "只能看到本单位的承办任务"],
                ["all_units", "全部单位", "可以看到所有单位的任务"],
              ] as const
            ).map(([value, label, hint]) => (
              <label key={value} className="flex min-h-10 flex-1 items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-600 has-[:checked]:bg-brand-50">
                <input type="radio" name="dataScope" value={value} defaultChecked={(role?.dataScope ?? "own_unit") === value} className="mt-0.5 size-4" data-testid={`scope-${value}`} />
                <span>
                  <span className="font-medium">{label}</span>
                  <span className="block text-xs text-slate-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.dataScope && <p className="text-sm text-red-600">{errors.dataScope}</p>}
        </fieldset>
      </div>
      <Field label="说明" htmlFor="description" error={errors.description}>
        <Textarea id="description" name="description" rows={2} defaultValue={role?.description} invalid={!!errors.description} />
      </Field>

      <fieldset aria-describedby={errors.permissions ? "permissions-error" : undefined}>
        <legend className="text-sm font-medium text-slate-700">权限</legend>
        <div className="mt-2 grid gap-3 md:grid-cols-2">
          {permissionGroups().map((group) => (
            <div key={group.label} className="rounded-md border border-slate-200 p-3">
              <p className="mb-2 text-xs font-semibold text-slate-500">{group.label}</p>
              <ul className="space-y-1">
                {group.permissions.map((p) => {
                    const locked = role?.isAdminRole && ADMIN_REQUIRED.includes(p);
                    return (
                      <li key={p}>
                        <label className="flex min-h-9 items-center gap-2 text-sm">
                          <input
                            type="checkbox"
                            name="permissions"
                            value={p}
                            defaultChecked={role?.permissions.includes(p)}
                            className="size-4"
                            data-testid={`perm-${p}`}
                            // The 系统管理员 role must keep these: shown checked and not changeable, the server enforces it too.
                            onClick={locked ? (e) => e.preventDefault() : undefined}
                            aria-disabled={locked || undefined}
                          />
                          <span>{PERMISSION_LABELS[p]}</span>
                          {locked && <span className="text-xs text-slate-500">（系统管理员必须保留）</span>}
                        </label>
                      </li>
                    );
                  })}
              </ul>
            </div>
          ))}
        </div>
        {errors.permissions && (
          <p id="permissions-error" className="mt-1 text-sm text-red-600" data-testid="permissions-error">
            {errors.permissions}
          </p>
        )}
      </fieldset>

      <FormStatus state={state} />
      <FormStatus state={deleteResult} testId="delete-status" />
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending} data-testid="save-role">
          {pending ? "正在保存…" : role ? "保存" : "创建角色"}
        </Button>
        <Link href="/admin/roles" className={buttonClass("ghost")}>
          返回列表
        </Link>
        {role && !role.builtIn && (
          <span className="ml-auto">
            <ConfirmDialog
              trigger="删除角色"
              triggerVariant="ghost"
              triggerClassName="text-red-700"
              testId="delete-role"
              disabled={role.holders > 0}
              title={`删除角色“${role.name}”？`}
              description="删除后不可恢复。"
              confirmLabel="删除"
              onConfirm={async () => setDeleteResult(await deleteRoleAction({ id: role.id, version: role.version }))}
            />
          </span>
        )}
      </div>
      {role && !role.builtIn && role.holders > 0 && <p className="text-xs text-slate-500">仍有 {role.holders} 个用户拥有该角色，不能删除。</p>}
    </form>
  );
}
