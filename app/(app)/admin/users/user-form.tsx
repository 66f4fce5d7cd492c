"use client";

import Link from "next/link";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { FormStatus } from "@/components/admin/form-status";
import { UnitOptions } from "@/components/admin/unit-options";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { Notice } from "@/components/ui/card";
import type { RoleOption, UnitOption } from "@/lib/data/admin-users";
import { createUserAction, updateUserAction } from "./actions";

export interface UserFormValues {
  id: string;
  version: number;
  username: string;
  displayName: string;
  mobile: string | null;
  departmentId: string;
  roleIds: string[];
  smsRecipient: boolean;
  externalId: string | null;
}

function RoleChecks({ roles, selected, error }: { roles: RoleOption[]; selected: string[]; error?: string }) {
  return (
    <fieldset className="space-y-1" aria-describedby={error ? "roleIds-error" : undefined}>
      <legend className="text-sm font-medium text-slate-700">
        角色<span className="ml-0.5 text-red-600" aria-hidden>*</span>
      </legend>
      <div className="grid gap-1 sm:grid-cols-2">
        {roles.map((r) => (
          <label key={r.id} className="flex min-h-10 items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm hover:bg-slate-50">
            <input type="checkbox" name="roleIds" value={r.id} defaultChecked={selected.includes(r.id)} className="mt-0.5 size-4" data-testid={`role-${r.name}`} />
            <span>
              <span className="font-medium">{r.name}</span>
              {r.description && <span className="block text-xs text-slate-500">{r.description}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p id="roleIds-error" className="text-sm text-red-600" data-testid="roleIds-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** 新建 / 编辑用户. On edit the record's version travels with the form (optimistic concurrency). */
export function UserForm({ units, roles, user }: { units: UnitOption[]; roles: RoleOption[]; user?: UserFormValues }) {
  const isEdit = !!user;
  const { state, onSubmit, pending, errors } = useAdminForm<unknown>(isEdit ? updateUserAction : createUserAction);
  const created = !isEdit && state?.ok ? (state.data as { id: string; temporaryPassword: string | null }) : null;

  if (created) {
    return (
      <div className="space-y-3" data-testid="user-created">
        <Notice tone="success">用户已创建。首次登录时须修改密码。</Notice>
        {created.temporaryPassword && (
          <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
            系统生成的临时密码（只显示这一次，请告知用户）：
            <code className="mt-1 block text-lg font-semibold tracking-wider select-all" data-testid="temporary-password">
              {created.temporaryPassword}
            </code>
          </div>
        )}
        <div className="flex flex-wrap gap-2">
          <Link href={`/admin/users/${created.id}`} className={buttonClass("primary")}>
            查看该用户
          </Link>
          {/* A fresh load gives a blank form again. */}
          <Button variant="secondary" onClick={() => window.location.reload()}>
            继续新建
          </Button>
          <Link href="/admin/users" className={buttonClass("ghost")}>
            返回列表
          </Link>
        </div>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate data-testid="user-form">
      {user && (
        <>
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="version" value={user.version} />
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="用户名" htmlFor="username" error={errors.username} hint={isEdit ? "用户名是登录账号，不能修改" : "字母开头，3～32 位，不区分大小写"} required={!isEdit}>
          <Input id="username" name={isEdit ? undefined : "username"} defaultValue={user?.username} readOnly={isEdit} disabled={isEdit} autoComplete="off" invalid={!!errors.username} />
        </Field>
        <Field label="姓名" htmlFor="displayName" error={errors.displayName} required>
          <Input id="displayName" name="displayName" defaultValue={user?.displayName} invalid={!!errors.displayName} />
        </Field>
        <Field label="手机号" htmlFor="mobile" error={errors.mobile} hint="11 位大陆手机号；短信接收人必填">
          <Input id="mobile" name="mobile" inputMode="tel" defaultValue={user?.mobile ?? ""} invalid={!!errors.mobile} />
        </Field>
        <Field label="所属单位" htmlFor="departmentId" error={errors.departmentId} required>
          <Select id="departmentId" name="departmentId" defaultValue={user?.departmentId ?? ""} invalid={!!errors.departmentId}>
            <option value="" disabled>
              请选择单位
            </option>
            <UnitOptions units={units} includeDisabled={isEdit} />
          </Select>
        </Field>
      </div>
      <Field label="OA 账号" htmlFor="externalId" error={errors.externalId} hint="开通 OA 单点登录后，OA 以此账号认出该用户；留空则不能从 OA 进入">
        <Input id="externalId" name="externalId" defaultValue={user?.externalId ?? ""} autoComplete="off" maxLength={128} invalid={!!errors.externalId} />
      </Field>
      <label className="flex min-h-10 items-center gap-2 text-sm">
        <input type="checkbox" name="smsRecipient" defaultChecked={user?.smsRecipient} className="size-4" data-testid="smsRecipient" />
        短信接收人
      </label>
      <RoleChecks roles={roles} selected={user?.roleIds ?? []} error={errors.roleIds} />
      {!isEdit && (
        <>
          <label className="flex min-h-10 items-center gap-2 text-sm">
            <input type="checkbox" name="ssoOnly" className="size-4" data-testid="ssoOnly" />
            不设本地密码（只能从 OA 单点登录，须填写 OA 账号）
          </label>
          <Field label="临时密码" htmlFor="password" error={errors.password} hint="留空则由系统生成；用户首次登录时须修改；不设本地密码时忽略">
            <Input id="password" name="password" type="text" autoComplete="new-password" invalid={!!errors.password} />
          </Field>
        </>
      )}
      <FormStatus state={state} />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending} data-testid="save-user">
          {pending ? "正在保存…" : isEdit ? "保存" : "创建用户"}
        </Button>
        <Link href="/admin/users" className={buttonClass("ghost")}>
          返回列表
        </Link>
      </div>
    </form>
  );
}
