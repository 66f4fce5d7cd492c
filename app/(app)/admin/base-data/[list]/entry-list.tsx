"use client";

import { useRef, useState, useTransition } from "react";
import { clsx } from "clsx";
import type { ActionResult } from "@/lib/action-result";
import type { BaseDataList } from "@/lib/domain/base-data";
import type { BaseDataEntry } from "@/lib/data/base-data";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/card";
import { FormStatus } from "@/components/admin/form-status";
import { useAdminForm } from "@/components/admin/use-admin-form";
import { createEntryAction, deleteEntryAction, moveEntryAction, renameEntryAction, setEntryEnabledAction } from "../actions";

export function CreateEntryForm({ list, parents }: { list: BaseDataList; parents?: Array<{ id: string; name: string }> }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { state, onSubmit, pending, errors } = useAdminForm(async (prev: ActionResult<{ id: string }> | null, formData: FormData) => {
    const result = await createEntryAction(prev, formData);
    if (result.ok) formRef.current?.reset();
    return result;
  });
  return (
    <form ref={formRef} onSubmit={onSubmit} className="space-y-3" noValidate data-testid="create-entry-form">
      <input type="hidden" name="list" value={list} />
      <div
        className={clsx(
          "grid gap-3 sm:items-end",
          list === "categories" ? "sm:grid-cols-[2fr_2fr_auto]" : list === "urgencies" ? "sm:grid-cols-[1fr_7rem_auto]" : "sm:grid-cols-[1fr_auto]",
        )}
      >
        <Field label="名称" htmlFor="new-name" error={errors.name} required>
          <Input id="new-name" name="name" maxLength={30} invalid={!!errors.name} data-testid="new-entry-name" />
        </Field>
        {parents && (
          <Field label="上级类别" htmlFor="new-parent" error={errors.parentId}>
            <Select id="new-parent" name="parentId" defaultValue="" data-testid="new-entry-parent">
              <option value="">（作为一级类别）</option>
              {parents.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {list === "urgencies" && (
          <Field label="标识颜色" htmlFor="new-color" error={errors.color}>
            <Input id="new-color" name="color" type="color" defaultValue="#64748b" className="h-10 p-1" />
          </Field>
        )}
        <Button type="submit" disabled={pending} data-testid="create-entry">
          {pending ? "正在添加…" : "添加"}
        </Button>
      </div>
      <FormStatus state={state} testId="create-entry-status" />
    </form>
  );
}

/** Top-level entries in order, each followed by its sub-categories. */
function ordered(entries: BaseDataEntry[]): Array<BaseDataEntry & { depth: 0 | 1; first: boolean; last: boolean; hasChildren: boolean }> {
  const top = entries.filter((e) => e.parentId === null);
  const out: Array<BaseDataEntry & { depth: 0 | 1; first: boolean; last: boolean; hasChildren: boolean }> = [];
  top.forEach((entry, i) => {
    const children = entries.filter((c) => c.parentId === entry.id);
    out.push({ ...entry, depth: 0, first: i === 0, last: i === top.length - 1, hasChildren: children.length > 0 });
    children.forEach((child, j) => out.push({ ...child, depth: 1, first: j === 0, last: j === children.length - 1, hasChildren: false }));
  });
  return out;
}

export function EntryList({ list, entries }: { list: BaseDataList; entries: BaseDataEntry[] }) {
  const [status, setStatus] = useState<ActionResult<unknown> | null>(null);
  if (entries.length === 0) return <EmptyState title="还没有条目">在上方添加第一条。</EmptyState>;
  return (
    <div className="space-y-3">
      <div aria-live="polite">
        <FormStatus state={status} testId="entry-status" />
      </div>
      <ul className="divide-y divide-slate-100" data-testid="entry-list">
        {ordered(entries).map((entry) => (
          <EntryRow key={entry.id} list={list} entry={entry} onResult={setStatus} />
        ))}
      </ul>
    </div>
  );
}

function EntryRow({
  list,
  entry,
  onResult,
}: {
  list: BaseDataList;
  entry: ReturnType<typeof ordered>[number];
  onResult: (r: ActionResult<unknown>) => void;
}) {
  const [pending, startTransition] = useTransition();
  const [editing, setEditing] = useState(false);
  const run = (fn: () => Promise<ActionResult<unknown>>) =>
    new Promise<void>((resolve) =>
      startTransition(async () => {
        onResult(await fn());
        resolve();
      }),
    );
  const ref = { list, id: entry.id, version: entry.version };
  return (
    <li
      className={clsx("flex flex-col gap-2 py-2.5 sm:flex-row sm:items-center sm:justify-between", entry.depth === 1 && "pl-6 sm:pl-8")}
      data-testid="entry-row"
      data-name={entry.name}
      data-enabled={entry.enabled ? "true" : "false"}
    >
      {editing ? (
        <RenameForm list={list} entry={entry} onDone={() => setEditing(false)} />
      ) : (
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          {entry.depth === 1 && <span aria-hidden className="text-slate-500">└</span>}
          {entry.color && <span aria-hidden className="inline-block size-3 shrink-0 rounded-full" style={{ backgroundColor: entry.color }} />}
          <span className={clsx("font-medium", entry.enabled ? "text-slate-900" : "text-slate-500 line-through")}>{entry.name}</span>
          {!entry.enabled && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">已停用</span>}
          <span className="text-xs text-slate-500">{entry.usedBy > 0 ? `${entry.usedBy} 个事项使用` : "未使用"}</span>
        </div>
      )}
      {!editing && (
        <div className="flex flex-wrap gap-1.5">
          <Button variant="ghost" className="min-h-9 px-2.5 disabled:text-slate-300" disabled={pending || entry.first} onClick={() => run(() => moveEntryAction({ ...ref, direction: "up" }))} aria-label={`上移 ${entry.name}`} data-testid="entry-up">
            上移
          </Button>
          <Button variant="ghost" className="min-h-9 px-2.5 disabled:text-slate-300" disabled={pending || entry.last} onClick={() => run(() => moveEntryAction({ ...ref, direction: "down" }))} aria-label={`下移 ${entry.name}`} data-testid="entry-down">
            下移
          </Button>
          <Button variant="secondary" className="min-h-9 px-2.5" disabled={pending} onClick={() => setEditing(true)} data-testid="entry-rename">
            {list === "urgencies" ? "修改" : "重命名"}
          </Button>
          {entry.enabled ? (
            <Button variant="secondary" className="min-h-9 px-2.5" disabled={pending} onClick={() => run(() => setEntryEnabledAction({ ...ref, enabled: false }))} data-testid="entry-disable">
              停用
            </Button>
          ) : (
            <Button variant="secondary" className="min-h-9 px-2.5" disabled={pending} onClick={() => run(() => setEntryEnabledAction({ ...ref, enabled: true }))} data-testid="entry-enable">
              启用
            </Button>
          )}
          {entry.usedBy === 0 && !entry.hasChildren ? (
            <ConfirmDialog
              trigger="删除"
              triggerVariant="ghost"
              triggerClassName="min-h-9 px-2.5 text-red-700"
              title={`删除“${entry.name}”？`}
              description="该条目未被任何督办事项使用，删除后不可恢复。"
              confirmLabel="删除"
              disabled={pending}
              onConfirm={() => run(() => deleteEntryAction(ref))}
              testId="entry-delete"
            />
          ) : (
            <span className="self-center px-1 text-xs text-slate-500" title={entry.hasChildren ? "请先删除子类别" : "已被督办事项使用，只能停用"}>
              {entry.hasChildren ? "有子类别" : "使用中不可删"}
            </span>
          )}
        </div>
      )}
    </li>
  );
}

function RenameForm({ list, entry, onDone }: { list: BaseDataList; entry: BaseDataEntry; onDone: () => void }) {
  const { state, onSubmit, pending, errors } = useAdminForm(async (prev: ActionResult<{ version: number }> | null, formData: FormData) => {
    const result = await renameEntryAction(prev, formData);
    if (result.ok) onDone();
    return result;
  });
  const id = `rename-${entry.id}`;
  return (
    <form onSubmit={onSubmit} className="w-full space-y-2" noValidate data-testid="rename-form">
      <input type="hidden" name="list" value={list} />
      <input type="hidden" name="id" value={entry.id} />
      <input type="hidden" name="version" value={entry.version} />
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-48 flex-1">
          <Field label="名称" htmlFor={id} error={errors.name} required>
            <Input id={id} name="name" defaultValue={entry.name} maxLength={30} invalid={!!errors.name} autoFocus data-testid="rename-input" />
          </Field>
        </div>
        {list === "urgencies" && (
          <div className="w-24">
            <Field label="颜色" htmlFor={`${id}-color`} error={errors.color}>
              <Input id={`${id}-color`} name="color" type="color" defaultValue={entry.color ?? "#64748b"} className="h-10 p-1" />
            </Field>
          </div>
        )}
        <Button type="submit" disabled={pending} data-testid="rename-save">
          {pending ? "正在保存…" : "保存"}
        </Button>
        <Button variant="secondary" onClick={onDone} disabled={pending}>
          取消
        </Button>
      </div>
      <FormStatus state={state} testId="rename-status" />
    </form>
  );
}
