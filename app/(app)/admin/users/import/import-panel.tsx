"use client";

import { useRef, useState, useTransition } from "react";
import Link from "next/link";
import { clsx } from "clsx";
import type { ActionResult } from "@/lib/action-result";
import type { ImportPreview } from "@/lib/services/admin/users/preview-user-import";
import { FormStatus } from "@/components/admin/form-status";
import { Button, buttonClass } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { Notice } from "@/components/ui/card";

/**
 * Sends the form to the import route (app/api/admin/users/import): the file may be up to 2 MB, more
 * than a server action accepts. Any failure to reach it becomes the same kind of result as a refusal.
 */
async function postImport<T>(step: "preview" | "import", formData: FormData): Promise<ActionResult<T>> {
  try {
    const response = await fetch(`/api/admin/users/import?step=${step}`, { method: "POST", body: formData });
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("application/json")) return (await response.json()) as ActionResult<T>;
    return { ok: false, code: "INTERNAL", message: "系统繁忙，操作未完成，请稍后重试" };
  } catch {
    return { ok: false, code: "INTERNAL", message: "网络连接失败，请检查网络后重试" };
  }
}

/**
 * Upload → preview (every row's errors, nothing written) → import. The same file is sent again for the
 * import, which re-checks everything inside its transaction, so nothing relies on the preview.
 */
export function ImportPanel() {
  const formRef = useRef<HTMLFormElement>(null);
  const [preview, setPreview] = useState<ActionResult<ImportPreview> | null>(null);
  const [imported, setImported] = useState<ActionResult<{ created: number }> | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);
  const [, startTransition] = useTransition();

  const run = (kind: "preview" | "import") => {
    const form = formRef.current;
    if (!form) return;
    const formData = new FormData(form);
    setBusy(kind);
    startTransition(async () => {
      try {
        if (kind === "preview") {
          setImported(null);
          setPreview(await postImport<ImportPreview>("preview", formData));
        } else {
          const result = await postImport<{ created: number }>("import", formData);
          setImported(result);
          // A refused import may have found new clashes: show them in the table.
          if (!result.ok) setPreview(await postImport<ImportPreview>("preview", formData));
        }
      } finally {
        setBusy(null);
      }
    });
  };

  const rows = preview?.ok ? preview.data.rows : [];
  const errorRows = preview?.ok ? preview.data.errorRows : 0;
  const fileError = preview && !preview.ok ? (preview.fieldErrors?.file ?? preview.message) : undefined;

  if (imported?.ok) {
    return (
      <div className="space-y-3" data-testid="import-done">
        <Notice tone="success">已导入 {imported.data.created} 个用户。他们首次登录时须修改密码。</Notice>
        <Link href="/admin/users" className={buttonClass("primary")}>
          返回用户列表
        </Link>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <form
        ref={formRef}
        onSubmit={(e) => {
          e.preventDefault();
          run("preview");
        }}
        className="grid gap-4 sm:grid-cols-2"
        noValidate
      >
        <Field label="Excel 文件（.xlsx）" htmlFor="file" error={fileError} hint="不超过 2 MB、1000 行" required>
          <Input
            id="file"
            name="file"
            type="file"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            invalid={!!fileError}
            onChange={() => {
              setPreview(null);
              setImported(null);
            }}
            data-testid="import-file"
          />
        </Field>
        <Field label="统一初始密码" htmlFor="defaultPassword" hint="表格中“初始密码”为空的行使用此密码">
          <Input id="defaultPassword" name="defaultPassword" type="text" autoComplete="new-password" onChange={() => setPreview(null)} data-testid="import-default-password" />
        </Field>
        <div className="flex flex-wrap gap-2 sm:col-span-2">
          <Button type="submit" variant="secondary" disabled={busy !== null} data-testid="import-preview">
            {busy === "preview" ? "正在检查…" : "预览检查"}
          </Button>
          <Button
            type="button"
            disabled={busy !== null || !preview?.ok || errorRows > 0}
            onClick={() => run("import")}
            data-testid="import-confirm"
            title={!preview?.ok ? "请先预览检查" : errorRows > 0 ? "请先修正所有错误" : undefined}
          >
            {busy === "import" ? "正在导入…" : preview?.ok && errorRows === 0 ? `确认导入 ${rows.length} 个用户` : "确认导入"}
          </Button>
        </div>
      </form>

      {busy && (
        <p role="status" className="text-sm text-slate-600">
          {busy === "preview" ? "正在读取并检查表格，请稍候…" : "正在导入，请勿关闭页面…"}
        </p>
      )}
      {imported && !imported.ok && <FormStatus state={imported} testId="import-status" />}
      {preview && !preview.ok && !preview.fieldErrors?.file && <FormStatus state={preview} testId="import-status" />}

      {preview?.ok && (
        <div className="space-y-2" data-testid="import-preview-result">
          {errorRows > 0 ? (
            <Notice tone="error" testId="import-summary">
              共 {rows.length} 行，其中 {errorRows} 行有错误。请在表格中修改后重新选择文件预览；有错误时不会导入任何用户。
            </Notice>
          ) : (
            <Notice tone="success" testId="import-summary">
              共 {rows.length} 行，全部检查通过，可以导入。
            </Notice>
          )}
          <div className="overflow-x-auto rounded-lg border border-slate-200">
            <table className="w-full text-left text-sm" data-testid="import-rows">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">行</th>
                  <th className="px-3 py-2 font-medium">用户名 / 姓名</th>
                  <th className="hidden px-3 py-2 font-medium sm:table-cell">单位 / 角色</th>
                  <th className="hidden px-3 py-2 font-medium md:table-cell">手机号</th>
                  <th className="px-3 py-2 font-medium">检查结果</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <tr key={r.rowNumber} className={clsx(r.errors.length > 0 && "bg-red-50/60")} data-testid="import-row" data-row={r.rowNumber}>
                    <td className="px-3 py-2 text-slate-500">{r.rowNumber}</td>
                    <td className="px-3 py-2">
                      {r.username || <span className="text-slate-500">（空）</span>}
                      <span className="block text-xs text-slate-500">{r.displayName}</span>
                    </td>
                    <td className="hidden px-3 py-2 sm:table-cell">
                      {r.department}
                      <span className="block text-xs text-slate-500">{r.roles}</span>
                    </td>
                    <td className="hidden px-3 py-2 md:table-cell">{r.mobile}</td>
                    <td className="px-3 py-2">
                      {r.errors.length === 0 ? (
                        <span className="text-green-700">通过</span>
                      ) : (
                        <ul className="list-disc space-y-0.5 pl-4 text-red-700" data-testid="import-row-errors">
                          {r.errors.map((e) => (
                            <li key={e}>{e}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
